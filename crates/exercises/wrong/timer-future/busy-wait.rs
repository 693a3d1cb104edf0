//! Wrong answer to `timer-future`: `poll` wakes its own task and returns
//! `Pending`, every time. The task is polled again at once, and again: a
//! busy wait, in which the loop's clock never moves on.
//!
//! Expect: a busy wait

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

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.handle.now() >= self.deadline {
            return Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
