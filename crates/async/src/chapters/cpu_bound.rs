//! Chapter `cpu-bound`, async style: a task that computes keeps the thread,
//! and the other tasks starve; `spawn_blocking` moves the work to another
//! thread; `yield_now` between pieces of work shares the thread.
//!
//! Compare `crates/blocking/src/chapters/cpu_bound.rs` and
//! `crates/callbacks/src/chapters/cpu_bound.rs`.

use crate::prelude::{
    CpuJob, compute, note, now, sleep, spawn, spawn_blocking, tick_note, yield_now,
};
use std::time::Duration;
use tracing::{Instrument, info_span};

// ANCHOR: ticker
/// Ticks `ticks` times, every `period` on a fixed schedule, and notes each
/// tick, late ones included.
pub async fn keep_time(ticks: u32, period: Duration) {
    for number in 1..=ticks {
        let due = period * number;
        sleep(due.saturating_sub(now())).await;
        note!("{}", tick_note(number, due, now(), period));
    }
}
// ANCHOR_END: ticker

// ANCHOR: work
/// Keeps time in one task and computes in another. `compute` never
/// reaches an `.await`, so it keeps the runtime's one thread until it is
/// done: the ticker's timers fall due, and nobody runs them.
pub async fn work_and_tick(job: CpuJob, ticks: u32, period: Duration) -> u64 {
    let ticker = spawn(keep_time(ticks, period).instrument(info_span!("ticker")));
    sleep(Duration::from_millis(120)).await; // waiting for the input, say
    let primes = compute(&job);
    note!("{primes} primes");
    ticker.await.expect("the ticker does not panic");
    primes
}
// ANCHOR_END: work

// ANCHOR: spawn_blocking
/// The same, with the work on tokio's pool of threads for blocking work.
pub async fn work_on_blocking_pool(job: CpuJob, ticks: u32, period: Duration) -> u64 {
    let ticker = spawn(keep_time(ticks, period).instrument(info_span!("ticker")));
    sleep(Duration::from_millis(120)).await;
    let work = spawn_blocking(move || compute(&job));
    let primes = work.await.expect("the work does not panic");
    note!("{primes} primes");
    ticker.await.expect("the ticker does not panic");
    primes
}
// ANCHOR_END: spawn_blocking

// ANCHOR: chunked
/// The same work in pieces, letting go of the thread after each one, so
/// the ticker runs in between (late by at most one piece).
pub async fn work_in_pieces(job: CpuJob, pieces: u32, ticks: u32, period: Duration) -> u64 {
    let ticker = spawn(keep_time(ticks, period).instrument(info_span!("ticker")));
    sleep(Duration::from_millis(120)).await;
    let mut primes = 0;
    for piece in job.split(pieces) {
        primes += compute(&piece);
        yield_now().await; // let the other tasks run
    }
    note!("{primes} primes");
    ticker.await.expect("the ticker does not panic");
    primes
}
// ANCHOR_END: chunked
