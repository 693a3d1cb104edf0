//! Exercise `executor-wake`: finish an executor, by writing its `wake`.
//!
//! Below is the chapter's executor, cut down: a task is a future on a
//! loop, and polling it is a callback the loop runs (`Task::poll`). A task
//! is also its own `Waker`: whatever the task waits for (a timer, another
//! task, the task itself when it yields) calls `wake` once it is done.
//! `wake` is missing. Write it.
//!
//! The task cannot borrow the loop, but it has a handle on it:
//! `self.handle.post(move |lp| ...)` runs a callback on the loop soon.
//!
//! The checker spawns tasks on your executor: one that sleeps, two that
//! sleep different times, one that yields three times, and one that waits
//! for another. It checks that every task is polled again when it is woken,
//! and is done when it should be.
//!
//! Check your answer: `cargo run -- exercise check executor-wake`

use futures::future::BoxFuture;
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};
use threeways_callbacks::Handle;

/// A future the executor polls when it is woken, until it is done.
pub struct Task {
    /// The future; `None` once it has returned `Ready`.
    future: Mutex<Option<BoxFuture<'static, ()>>>,
    /// How the task reaches the loop, which it cannot borrow.
    handle: Handle,
}

impl Task {
    /// Polls the task once, with itself as the waker. The loop calls this,
    /// as a callback.
    fn poll(self: Arc<Self>) {
        let waker = Waker::from(Arc::clone(&self));
        let Ok(mut slot) = self.future.try_lock() else {
            panic!("the task was polled while it was already being polled");
        };
        if let Some(future) = slot.as_mut()
            && future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
        {
            *slot = None; // done: the future is dropped
        }
    }
}

impl Wake for Task {
    /// Called once what the task waits for is done.
    fn wake(self: Arc<Self>) {
        todo!("put the task back on the loop's queue, to be polled again")
    }
}

/// Starts `future` as a task on the loop of `handle`: its first poll waits
/// on the loop's queue.
pub fn spawn(handle: &Handle, future: BoxFuture<'static, ()>) {
    let task = Arc::new(Task {
        future: Mutex::new(Some(future)),
        handle: handle.clone(),
    });
    handle.post(move |_| task.poll());
}
