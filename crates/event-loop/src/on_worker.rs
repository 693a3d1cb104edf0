//! Blocking work as our executor's future: [`on_worker`] hands a job to
//! the loop's worker thread (`worker.rs`) and is ready when the job is
//! done, as tokio's `spawn_blocking` hands one to its pool. The callback
//! style hands its file writes to the same thread, with a continuation.

use futures::channel::oneshot;
use std::time::Duration;

/// Runs `job` on the loop's worker thread; the task waits, and the thread
/// of the loop runs other tasks meanwhile. `takes` is how long it takes
/// in the simulated world (the real one takes as long as it takes).
///
/// # Panics
/// Outside our executor: the worker is its loop's.
pub async fn on_worker<T: Send + 'static>(
    takes: Duration,
    job: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, output) = oneshot::channel();
    crate::executor::handle().post(move |lp| {
        lp.run_on_worker(takes, job, move |_, value| {
            let _ = done.send(value); // the task may be gone: no matter
        });
    });
    output
        .await
        .expect("the loop runs every job it is handed to its end")
}
