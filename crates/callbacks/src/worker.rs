//! The worker: a thread that does blocking work for the loop, so that the
//! loop itself never blocks.
//!
//! Operating systems offer no dependable non-blocking file writes, and CPU
//! work cannot be made to wait at all, so event loops hand both to a helper
//! thread and hear back when they are done (libuv's `uv_fs_*` and
//! `uv_queue_work`). libuv keeps a pool of four such threads; one is enough
//! for the chapters. The
//! worker reports through a channel and wakes the loop's `mio::Poll` with a
//! `mio::Waker`, the standard way to interrupt a poll from another thread.

use mio::Waker;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;
use threeways_core::Error;

/// Names a job handed to the worker, so its result can be matched to it.
pub(crate) type JobId = u64;

type Job = Box<dyn FnOnce() -> Result<(), Error> + Send>;

/// A running worker thread. Dropping it lets the thread finish its queue
/// and waits for it.
pub(crate) struct Worker {
    jobs: Option<Sender<(JobId, Job)>>,
    next_id: std::cell::Cell<JobId>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker. Results go to `results`; `waker` wakes the loop.
    pub(crate) fn start(results: Sender<(JobId, Result<(), Error>)>, waker: Arc<Waker>) -> Worker {
        let (jobs, queue) = channel::<(JobId, Job)>();
        let thread = std::thread::Builder::new()
            .name("worker".into())
            .spawn(move || {
                for (id, job) in queue {
                    let result = job();
                    if results.send((id, result)).is_err() {
                        break; // the loop is gone; nobody wants the result
                    }
                    // If waking fails the loop's poll times out and looks anyway.
                    let _ = waker.wake();
                }
            })
            .expect("the OS refused to start the disk worker thread");
        Worker {
            jobs: Some(jobs),
            next_id: std::cell::Cell::new(0),
            thread: Some(thread),
        }
    }

    /// Whether the worker thread has ended (it only does when it panics or
    /// the loop is gone).
    pub(crate) fn has_stopped(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Queues `job` and returns its id.
    pub(crate) fn submit(&self, job: Job) -> JobId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let jobs = self.jobs.as_ref().expect("only taken on drop");
        // The worker only stops when `jobs` is dropped, so sending succeeds.
        let _ = jobs.send((id, job));
        id
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
