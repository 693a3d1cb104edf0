//! Threads, as chapter code uses them: `spawn`, `join`, `sleep`.
//!
//! These mirror `std::thread` so the chapters read like ordinary blocking
//! code. Under the hood each is a simulated thread (see `sched.rs`): a real OS
//! thread that runs only when the virtual clock says it is its turn.

use crate::world::{Current, current};
use std::panic;
use std::time::Duration;

/// A thread started with [`spawn`]; [`JoinHandle::join`] waits for it.
#[derive(Debug)]
pub struct JoinHandle<T> {
    tid: crate::sched::Tid,
    thread: std::thread::JoinHandle<T>,
}

/// Starts `f` on a new thread called `name` and returns at once. The new
/// thread starts at the caller's time and runs when the caller next waits.
pub fn spawn<T, F>(name: &str, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let parent = current();
    let tid = parent.world.add_thread();
    let child = Current {
        world: parent.world,
        tid,
        lane: name.into(),
    };
    let thread = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || child.enter(f))
        .unwrap_or_else(|error| panic!("could not start thread {name:?}: {error}"));
    JoinHandle { tid, thread }
}

impl<T> JoinHandle<T> {
    /// Blocks until the thread has finished and returns what it returned.
    /// A panic in the thread goes on in the caller.
    pub fn join(self) -> T {
        current().join(self.tid);
        // The thread has given up its turn; all that is left of it is the
        // OS thread returning, so this join does not wait for long.
        self.thread
            .join()
            .unwrap_or_else(|payload| panic::resume_unwind(payload))
    }
}

/// Blocks the calling thread for `duration`.
pub fn sleep(duration: Duration) {
    let me = current();
    me.wait_for_time(format!("sleep {} ms", duration.as_millis()), duration);
}
