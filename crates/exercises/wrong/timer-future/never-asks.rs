//! Wrong answer to `timer-future`: `poll` returns `Pending` and asks
//! nobody to wake the task. The executor polls a task only when it is
//! woken, so it never polls this one again.
//!
//! Expect: was polled once and never again

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use threeways_callbacks::{Handle, executor};

/// A wait until `deadline`, on the loop our executor runs.
pub struct Timer {
    /// When the wait is over, on the loop's clock.
    deadline: Duration,
    /// Whether the loop has been asked for a timer yet.
    asked: bool,
    /// How this future reaches the loop, which it cannot borrow.
    handle: Handle,
}

impl Timer {
    /// A wait of `delay` from now.
    pub fn new(delay: Duration) -> Timer {
        let handle = executor::handle();
        Timer {
            deadline: handle.now() + delay,
            asked: false,
            handle,
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.handle.now() >= self.deadline {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}
