//! Wrong answer to `state-machine`: after starting the fetch, `poll`
//! returns `Pending` without polling it. Only the fetch's own `poll` hands
//! the waker to the timer; unpolled, nobody holds it, and the task is
//! never woken.
//!
//! Expect: was polled once and never again

use futures::future::BoxFuture;
use futures::{FutureExt, ready};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::{Body, Error};

/// What `fetch_then_wait(url, pause)` returns, written by hand.
pub enum FetchThenWait<'a> {
    /// Made, not yet polled: none of the body has run.
    Start { url: &'a str, pause: Duration },
    /// Stopped at `fetch(url).await`; `pause` is needed later.
    Fetching {
        pause: Duration,
        fetch: BoxFuture<'a, Result<Body, Error>>,
    },
    /// Stopped at `sleep(pause).await`; the length is returned later.
    Sleeping {
        len: usize,
        sleep: BoxFuture<'static, ()>,
    },
    /// Returned: there is nothing left to do.
    Done,
}

/// `fetch_then_wait(url, pause)`: makes the future, and runs none of it.
pub fn fetch_then_wait(url: &str, pause: Duration) -> FetchThenWait<'_> {
    FetchThenWait::Start { url, pause }
}

impl Future for FetchThenWait<'_> {
    type Output = Result<usize, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            match &mut *self {
                FetchThenWait::Start { url, pause } => {
                    let fetch = fetch(url).boxed();
                    let pause = *pause;
                    *self = FetchThenWait::Fetching { pause, fetch };
                    // Started: wait for the next poll. But nothing has the
                    // waker, so there is no next poll.
                    return Poll::Pending;
                }
                FetchThenWait::Fetching { pause, fetch } => {
                    let body = ready!(fetch.as_mut().poll(cx))?;
                    let pause = *pause;
                    note!("got {} bytes; waiting {} ms", body.len(), pause.as_millis());
                    let sleep = sleep(pause).boxed();
                    *self = FetchThenWait::Sleeping {
                        len: body.len(),
                        sleep,
                    };
                }
                FetchThenWait::Sleeping { len, sleep } => {
                    ready!(sleep.as_mut().poll(cx));
                    let len = *len;
                    *self = FetchThenWait::Done;
                    return Poll::Ready(Ok(len));
                }
                FetchThenWait::Done => panic!("`FetchThenWait` polled after it returned"),
            }
        }
    }
}
