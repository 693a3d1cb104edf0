//! Wrong answer to `executor-wake`: `wake` requeues the task, but first
//! sleeps 2 ms, "so that the loop can catch up". `wake` is called from
//! inside a timer's callback or another task's poll: while it sleeps, the
//! whole loop waits. The simulated clock cannot see it; the kernel can.
//!
//! Expect: your code blocked the thread for about
//! Expect: inside the `wake` of the task
//! Expect: it should only put the task back on the queue

use futures::future::BoxFuture;
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};
use std::time::Duration;
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
            && future.as_mut().poll(&mut Context::from_waker(&waker)).is_ready()
        {
            *slot = None; // done: the future is dropped
        }
    }
}

impl Wake for Task {
    /// Called once what the task waits for is done.
    fn wake(self: Arc<Self>) {
        std::thread::sleep(Duration::from_millis(2)); // let the loop catch up
        let handle = self.handle.clone();
        handle.post(move |_| self.poll());
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
