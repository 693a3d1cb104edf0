//! Chapter `cpu-bound`, blocking style: CPU work next to a ticker. Each
//! has a thread of its own, so neither gets in the other's way.
//!
//! Compare `crates/callbacks/src/chapters/cpu_bound.rs` and
//! `crates/async/src/chapters/cpu_bound.rs`.

use crate::cpu::{compute, now};
use crate::note;
use crate::thread::{sleep, spawn};
use std::time::Duration;
use threeways_model::{CpuJob, Run, Scenario, tick_note};
use threeways_world::Mode;

// ANCHOR: ticker
/// Ticks `ticks` times, every `period` on a fixed schedule, and notes each
/// tick, late ones included.
pub fn keep_time(ticks: u32, period: Duration) {
    for number in 1..=ticks {
        let due = period * number;
        sleep(due.saturating_sub(now()));
        note!("{}", tick_note(number, due, now(), period));
    }
}
// ANCHOR_END: ticker

// ANCHOR: work
/// Keeps time on one thread and computes on another. A thread that
/// computes is busy, but the operating system gives the ticker's thread
/// its turn (on another core, or by preempting).
pub fn work_and_tick(job: CpuJob, ticks: u32, period: Duration) -> u64 {
    let ticker = spawn("ticker", move || keep_time(ticks, period));
    sleep(Duration::from_millis(120)); // waiting for the input, say
    let primes = compute(&job);
    note!("{primes} primes");
    ticker.join();
    primes
}
// ANCHOR_END: work

/// Runs the chapter on its scenario.
pub(crate) fn run(scenario: &Scenario, mode: &Mode) -> Run {
    let (job, ticks, period) = (scenario.job.clone(), scenario.ticks, scenario.tick);
    crate::world::run(scenario, mode, move || {
        let primes = work_and_tick(job, ticks, period);
        Ok(vec![format!("{primes} primes"), format!("{ticks} ticks")])
    })
}
