//! CPU work, as async code meets it: a plain function call, which keeps the
//! thread (and so every other task on it) until it returns.

use crate::world::try_current;
use threeways_model::{CpuJob, Lane, SpanKind};

/// Does `job` right here and returns its count. This is not an `async fn`:
/// there is nothing to wait for, so the task keeps the thread throughout.
pub fn compute(job: &CpuJob) -> u64 {
    // On a thread of tokio's blocking pool there is no world to record in.
    let Some(world) = try_current() else {
        return job.run();
    };
    let start = world.now();
    let primes = if world.is_simulated() {
        job.count()
    } else {
        job.run()
    };
    let (lane, end) = if !world.is_simulated() {
        (crate::world::lane(), world.now())
    } else if world.cpu.charge(job.cost, &world.clock) {
        (crate::world::lane(), start + job.cost)
    } else {
        // Simulated `spawn_blocking`: the job runs "on" the blocking pool.
        (Lane::from("blocking pool"), start + job.cost)
    };
    let span = world
        .recorder
        .begin(start, &lane, job.label(), SpanKind::Cpu);
    world.recorder.end(span, end);
    primes
}
