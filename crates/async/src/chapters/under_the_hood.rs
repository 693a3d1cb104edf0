//! Chapter `under-the-hood`, async style: the future the compiler writes
//! for an `async fn`, written by hand; and the chapters' async programs on
//! our own executor, with every poll shown.
//!
//! Compare `crates/async/src/chapters/download.rs`, the `async fn` this
//! takes apart, and `crates/event-loop/src/executor.rs`, the executor.

use crate::prelude::{Body, Error, fetch, file_name_for, note, write_file};
use futures::future::BoxFuture;
use futures::{FutureExt, ready};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[allow(missing_docs)] // each state says what its fields are for
// ANCHOR: state_machine
/// What `download(url)` returns, written by hand: a value that remembers
/// where the function stopped, one state for each place it can stop, and
/// in each state what the rest of the function will need.
pub enum Download<'a> {
    /// Made, not yet polled: none of the body has run.
    Start { url: &'a str },
    /// Stopped at `fetch(url).await`, with the fetch under way; `filename`
    /// is kept for later, as the callback style kept it in its closure.
    Fetching {
        filename: String,
        fetch: BoxFuture<'a, Result<Body, Error>>,
    },
    /// Stopped at `write_file(&filename, &body).await`. The write owns
    /// `filename` and `body` while it runs, and hands them back.
    Writing {
        write: BoxFuture<'a, Result<(String, Body), Error>>,
    },
    /// Returned: there is nothing left to do.
    Done,
}

/// `download(url)`: makes the future, and runs none of it.
pub fn download(url: &str) -> Download<'_> {
    Download::Start { url }
}

impl Future for Download<'_> {
    type Output = Result<String, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Each turn of the loop runs the body from one `.await` to the
        // next; `ready!` returns `Pending` from here if that wait is not over.
        loop {
            match &mut *self {
                Download::Start { url } => {
                    let url = *url;
                    let filename = file_name_for(url);
                    note!("saving {url} as {filename}");
                    let fetch = fetch(url).boxed();
                    *self = Download::Fetching { filename, fetch };
                }
                Download::Fetching { filename, fetch } => {
                    let body = ready!(fetch.as_mut().poll(cx))?;
                    let filename = std::mem::take(filename);
                    let write = async move {
                        write_file(&filename, &body).await?;
                        Ok((filename, body))
                    };
                    *self = Download::Writing {
                        write: write.boxed(),
                    };
                }
                Download::Writing { write } => {
                    let (filename, body) = ready!(write.as_mut().poll(cx))?;
                    note!("saved {} bytes to {filename}", body.len());
                    *self = Download::Done;
                    return Poll::Ready(Ok(filename));
                }
                Download::Done => panic!("`Download` polled after it returned"),
            }
        }
    }
}
// ANCHOR_END: state_machine

/// `Pin`, from the compiler's side. The future of the async `download`,
/// stopped at its second `.await`, holds `body` *and* a write that borrows
/// `body`: a value that points into itself. Built by hand, it does not
/// compile: moving `body` into the state would leave the write pointing at
/// where `body` was.
///
/// ```compile_fail
#[doc = include_str!("under_the_hood/a_state_that_borrows_itself.rs")]
/// ```
///
/// The compiler builds such states anyway, and makes sure they never move
/// once polled: its futures are not `Unpin`, and `poll` takes
/// `Pin<&mut Self>`, which only a pinned future gives. `Pin::new` pins
/// only what may move freely, so this does not compile either:
///
/// ```compile_fail
#[doc = include_str!("under_the_hood/pin_new.rs")]
/// ```
///
/// while `Box::pin` (on the heap) and `pin!` (on the stack) do:
///
/// ```no_run
#[doc = include_str!("under_the_hood/box_pin_and_pin.rs")]
/// ```
pub mod pin {}
