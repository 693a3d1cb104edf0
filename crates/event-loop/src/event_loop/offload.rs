//! Handing blocking work to the worker thread (`worker.rs`) and hearing
//! back: [`EventLoop::run_on_worker`], the one way a job's output reaches
//! its continuation, at its virtual time or when the worker is done.

use crate::EventLoop;
use std::time::Duration;

impl EventLoop {
    /// Hands `job` to the worker thread and returns at once; `then` gets what
    /// it returned, on the current chain, when it is done. Simulated: `takes`
    /// from now, waiting for the worker if it is slower, so that the order
    /// never depends on how fast it was.
    pub fn run_on_worker<T: Send + 'static>(
        &mut self,
        takes: Duration,
        job: impl FnOnce() -> T + Send + 'static,
        then: impl FnOnce(&mut EventLoop, T) + 'static,
    ) {
        let id = self.jobs.submit(job);
        let deliver = self.callback(move |lp| {
            // Waiting for the worker here is the world's, not the
            // program's: no block to tell (`threeways_sim::blocked`).
            let output = threeways_sim::blocked::allowed(&lp.recorder, || lp.jobs.take(id));
            then(lp, output);
        });
        if self.clock.is_virtual() {
            self.timers.set(self.now() + takes, deliver);
        } else {
            self.jobs.on_done(id, deliver);
        }
    }
}
