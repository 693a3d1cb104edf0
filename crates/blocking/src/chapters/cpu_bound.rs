//! Chapter `cpu-bound`, blocking style: CPU work next to a ticker. Each
//! has a thread of its own, so neither gets in the other's way.
//!
//! Compare `crates/callbacks/src/chapters/cpu_bound.rs` and
//! `crates/async/src/chapters/cpu_bound.rs`.

use crate::prelude::{CpuJob, compute, note, now, thread, tick_note};
use std::time::Duration;

// ANCHOR: ticker
/// Ticks `ticks` times, every `period` on a fixed schedule, and notes each
/// tick, late ones included.
pub fn keep_time(ticks: u32, period: Duration) {
    for number in 1..=ticks {
        let due = period * number;
        thread::sleep(due.saturating_sub(now()));
        note!("{}", tick_note(number, due, now(), period));
    }
}
// ANCHOR_END: ticker

// ANCHOR: work
/// Keeps time on one thread and computes on another. A thread that
/// computes is busy, but the operating system gives the ticker's thread
/// its turn (on another core, or by preempting).
pub fn work_and_tick(job: CpuJob, ticks: u32, period: Duration) -> u64 {
    let ticker = thread::Builder::new()
        .name("ticker".to_owned())
        .spawn(move || keep_time(ticks, period))
        .expect("the system starts a thread");
    thread::sleep(Duration::from_millis(120)); // waiting for the input, say
    let primes = compute(&job);
    note!("{primes} primes");
    ticker.join().expect("the ticker does not panic");
    primes
}
// ANCHOR_END: work
