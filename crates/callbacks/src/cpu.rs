//! CPU work, as the callback style meets it: either in a callback, where it
//! holds up the whole loop, or on the worker thread, with a continuation.

use crate::{EventLoop, Then};
use threeways_model::{CpuJob, SpanKind};

/// Does `job` right here, in the loop's thread, and returns its count. No
/// other callback, timer or socket is served until it returns.
pub fn compute(lp: &mut EventLoop, job: &CpuJob) -> u64 {
    let span = lp.begin_span(job.label(), SpanKind::Cpu);
    let primes = if lp.is_simulated() {
        // The loop's thread is busy for the job's cost: its clock moves on
        // while nothing else runs. Timers that fall due meanwhile run late.
        lp.charge_cpu(job.cost);
        job.count()
    } else {
        job.run()
    };
    lp.end_span(span);
    primes
}

/// Hands `job` to the worker thread and returns at once; `then` gets the
/// count on the loop when the worker is done.
pub fn compute_on_worker(lp: &mut EventLoop, job: CpuJob, then: impl Then<u64>) {
    let span = lp
        .recorder()
        .begin(lp.now(), &"worker".into(), job.label(), SpanKind::Cpu);
    let simulated = lp.is_simulated();
    // The job takes its cost in virtual time, on the worker's "core".
    let cost = job.cost;
    let count = move || if simulated { job.count() } else { job.run() };
    lp.run_on_worker(cost, count, move |lp, primes| {
        lp.end_span(span);
        then(lp, primes);
    });
}
