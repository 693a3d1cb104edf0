//! Chapter `cpu-bound`, callback style: CPU work in a callback freezes the
//! loop, and the ticker misses its ticks; on the worker thread it does not.
//!
//! Compare `crates/blocking/src/chapters/cpu_bound.rs` and
//! `crates/async/src/chapters/cpu_bound.rs`.

use crate::cpu::{compute, compute_on_worker};
use crate::time::sleep;
use crate::{EventLoop, Then, note};
use std::time::Duration;
use threeways_model::{CpuJob, tick_note};
use tracing::info_span;

// ANCHOR: ticker
/// Ticks `ticks` times, every `period` on a fixed schedule, and notes each
/// tick, late ones included. Each tick sets the timer for the next.
pub fn keep_time(lp: &mut EventLoop, number: u32, ticks: u32, period: Duration) {
    if number > ticks {
        return;
    }
    let due = period * number;
    sleep(lp, due.saturating_sub(lp.now()), move |lp| {
        note!(lp, "{}", tick_note(number, due, lp.now(), period));
        keep_time(lp, number + 1, ticks, period);
    });
}
// ANCHOR_END: ticker

// ANCHOR: work
/// Keeps time, and computes in a callback. While `compute` runs, the loop
/// runs nothing else: the ticker's timers fall due, and wait.
pub fn work_and_tick(
    lp: &mut EventLoop,
    job: CpuJob,
    ticks: u32,
    period: Duration,
    done: impl Then<u64>,
) {
    info_span!("ticker").in_scope(|| keep_time(lp, 1, ticks, period));
    sleep(lp, Duration::from_millis(120), move |lp| {
        let primes = compute(lp, &job);
        note!(lp, "{primes} primes");
        done(lp, primes);
    });
}
// ANCHOR_END: work

// ANCHOR: worker
/// The same, with the work on the worker thread: the loop stays free.
pub fn work_on_worker(
    lp: &mut EventLoop,
    job: CpuJob,
    ticks: u32,
    period: Duration,
    done: impl Then<u64>,
) {
    info_span!("ticker").in_scope(|| keep_time(lp, 1, ticks, period));
    sleep(lp, Duration::from_millis(120), move |lp| {
        compute_on_worker(lp, job, move |lp, primes| {
            note!(lp, "{primes} primes");
            done(lp, primes);
        });
    });
}
// ANCHOR_END: worker
