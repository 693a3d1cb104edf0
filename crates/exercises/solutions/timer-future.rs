//! A solution to `timer-future`: ready once the loop's clock has reached
//! the deadline; before that, the first poll posts the loop a request for
//! a timer whose callback wakes the task.

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

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.handle.now();
        if now >= self.deadline {
            return Poll::Ready(());
        }
        if !self.asked {
            self.asked = true;
            let waker = cx.waker().clone();
            let delay = self.deadline - now;
            self.handle.post(move |lp| {
                lp.set_timer(delay, move |_| waker.wake());
            });
        }
        Poll::Pending
    }
}
