//! Exercise `timer-future`: a timer, as a future on the event loop.
//!
//! The callback style waits with `sleep(lp, delay, then)`: it asks the
//! loop for a timer, and the timer's callback is `then`. A future cannot be
//! handed the rest of the program to call later. It is *polled*, asked "are
//! you done?", and given the waker of the task that asks (`cx.waker()`).
//!
//! Write `Timer::poll`, so that our executor (the chapter's) can await a
//! `Timer`:
//!
//! - once the loop's clock, `self.handle.now()`, has reached
//!   `self.deadline`, the wait is over: return `Poll::Ready(())`;
//! - before that, the first time it is polled, ask the loop for a timer
//!   that calls the waker at the deadline, and return `Poll::Pending`. A
//!   future cannot borrow the loop while it is polled: post the loop a
//!   callback instead, `self.handle.post(move |lp| ...)`, and in it set the
//!   timer with `lp.set_timer(delay, move |_| ...)`. Remember in
//!   `self.asked` that you did.
//!
//! The checker awaits one timer, two in two tasks, two in one task at once,
//! and one of 0 ms. It checks when each is ready, that the task is polled
//! again once its timer is due, and that nothing is left running after.
//!
//! Check your answer: `cargo run -- exercise check timer-future`

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
        todo!(
            "Ready once the deadline has come; else ask the loop, once, for a timer that wakes this task"
        )
    }
}
