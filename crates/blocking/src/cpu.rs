//! CPU work and the clock, as blocking code sees them.

use crate::world::current;
use std::time::Duration;
use threeways_model::CpuJob;

/// Does `job` on the calling thread and returns its count. The thread is
/// busy until it is done.
pub fn compute(job: &CpuJob) -> u64 {
    current().compute(job)
}

/// The time since the program started.
pub fn now() -> Duration {
    current().now()
}
