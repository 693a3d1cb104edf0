//! CPU work, as the callback style meets it: either in a callback, where it
//! holds up the whole loop, or on the worker thread, with a continuation.

use crate::EventLoop;
use std::sync::{Arc, Mutex, PoisonError};
use threeways_core::{CpuJob, SpanKind};

/// Does `job` right here, in the loop's thread, and returns its count. No
/// other callback, timer or socket is served until it returns.
pub fn compute(lp: &mut EventLoop, job: &CpuJob) -> u64 {
    let span = lp
        .recorder
        .begin(lp.now(), lp.lane(), job.label(), SpanKind::Cpu);
    let primes = if lp.is_simulated() {
        lp.spend(job.cost);
        job.count()
    } else {
        job.run()
    };
    lp.recorder.end(span, lp.now());
    primes
}

/// Hands `job` to the worker thread and returns at once; `then` gets the
/// count on the loop when the worker is done.
pub fn compute_on_worker(
    lp: &mut EventLoop,
    job: CpuJob,
    then: impl FnOnce(&mut EventLoop, u64) + 'static,
) {
    let span = lp
        .recorder
        .begin(lp.now(), &"worker".into(), job.label(), SpanKind::Cpu);
    let cost = job.cost;
    // The worker reports only success or failure; the count comes back in
    // this slot.
    let slot = Arc::new(Mutex::new(0));
    let result = Arc::clone(&slot);
    let simulated = lp.is_simulated();
    let id = lp.submit_job(move || {
        let primes = if simulated { job.count() } else { job.run() };
        *result.lock().unwrap_or_else(PoisonError::into_inner) = primes;
        Ok(())
    });
    let deliver = move |lp: &mut EventLoop| {
        lp.recorder.end(span, lp.now());
        let primes = *slot.lock().unwrap_or_else(PoisonError::into_inner);
        then(lp, primes);
    };
    if lp.is_simulated() {
        // The job takes its cost in virtual time, on the worker's "core".
        lp.set_timer(cost, move |lp| {
            let _ = lp.take_job_result(id); // a CPU job cannot fail
            deliver(lp);
        });
    } else {
        lp.when_done(id, move |lp, _| deliver(lp));
    }
}
