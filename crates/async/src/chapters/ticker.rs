//! Chapter `ticker`, async style: a producer of values over time is a
//! `Stream`, made with `futures::stream::unfold` or written by hand.
//!
//! Compare `crates/blocking/src/chapters/ticker.rs` and
//! `crates/callbacks/src/chapters/ticker.rs`.

use crate::prelude::{note, sleep};
use futures::future::BoxFuture;
use futures::stream::{self, Stream, StreamExt};
use futures::{FutureExt, ready};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use std::time::Duration;

// ANCHOR: producer
/// The numbers `0..count`, one every `delay`: a state, and an async step
/// that turns it into the next value and the next state.
pub fn ticker(count: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(
        Produced { next: 0, count },
        move |mut produced| async move {
            if produced.next == produced.count {
                return None;
            }
            sleep(delay).await;
            let value = produced.next;
            produced.next += 1;
            note!("ticker: {value}");
            Some((value, produced))
        },
    )
}

/// How far a ticker has got. The stream owns it, so it is dropped when the
/// stream is.
struct Produced {
    next: u32,
    count: u32,
}

impl Drop for Produced {
    fn drop(&mut self) {
        note!(
            "ticker dropped after {} of {} values",
            self.next,
            self.count
        );
    }
}
// ANCHOR_END: producer

// ANCHOR: poll_next
/// The same ticker written by hand: what `unfold` does for us.
pub struct Ticker {
    next: u32,
    count: u32,
    delay: Duration,
    /// The wait for the next value, kept between polls once started.
    waiting: Option<BoxFuture<'static, ()>>,
}

impl Stream for Ticker {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.next == self.count {
            return Poll::Ready(None);
        }
        let delay = self.delay;
        let waiting = self.waiting.get_or_insert_with(|| sleep(delay).boxed());
        // Not yet? Then return `Pending`; the timer wakes this task later.
        ready!(waiting.as_mut().poll(cx));
        self.waiting = None;
        let value = self.next;
        self.next += 1;
        note!("ticker: {value}");
        Poll::Ready(Some(value))
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        note!(
            "ticker dropped after {} of {} values",
            self.next,
            self.count
        );
    }
}
// ANCHOR_END: poll_next

impl Ticker {
    /// A ticker that has produced nothing yet.
    pub fn new(count: u32, delay: Duration) -> Ticker {
        Ticker {
            next: 0,
            count,
            delay,
            waiting: None,
        }
    }
}

// ANCHOR: consumer
/// Takes the first `take` values and stops.
pub async fn first_values(ticks: impl Stream<Item = u32>, take: usize) -> Vec<u32> {
    let mut taken = Vec::new();
    {
        let mut ticks = pin!(ticks.take(take));
        while let Some(value) = ticks.next().await {
            note!("consumer: got {value}");
            taken.push(value);
        }
    } // The stream is dropped here: nothing polls the ticker any more.
    note!("consumer: done");
    taken
}
// ANCHOR_END: consumer
