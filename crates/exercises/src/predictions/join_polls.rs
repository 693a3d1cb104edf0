//! Prediction `predict-join-polls` (chapter `under-the-hood`): two timers
//! joined, each wrapped in a future that says when it is polled. Aimed at
//! the beliefs that a future is polled once, or over and over until it is
//! ready, or only when its own timer fires.

use futures::future::join;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::{Run, Scenario};

// ANCHOR: program
/// A future that notes every poll of the future inside it, and what the
/// poll answered.
struct Noisy<F> {
    name: &'static str,
    polls: u32,
    inner: Pin<Box<F>>,
}

impl<F: Future<Output = ()>> Future for Noisy<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        let answer = self.inner.as_mut().poll(cx);
        let said = if answer.is_ready() {
            "Ready"
        } else {
            "Pending"
        };
        note!("{}: poll {}, {said}", self.name, self.polls);
        answer
    }
}

fn noisy<F: Future<Output = ()>>(name: &'static str, inner: F) -> Noisy<F> {
    let inner = Box::pin(inner);
    Noisy {
        name,
        polls: 0,
        inner,
    }
}

async fn main() {
    let slow = noisy("slow", sleep(Duration::from_millis(100)));
    let fast = noisy("fast", sleep(Duration::from_millis(30)));
    note!("main: joining");
    join(slow, fast).await;
    note!("main: both done");
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    super::run_main(&Scenario::default(), main)
}
