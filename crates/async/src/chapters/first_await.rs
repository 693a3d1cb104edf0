//! Chapter `first-await`, async style: calling an `async fn` runs none of
//! it. The future runs when it is awaited, or when it is spawned as a task.
//!
//! Compare `crates/blocking/src/chapters/first_await.rs` and
//! `crates/callbacks/src/chapters/first_await.rs`.

use crate::prelude::{Error, fetch, note, sleep, spawn};
use std::time::Duration;
use tracing::{Instrument, info_span};

// ANCHOR: report
/// Fetches the day's report and returns its length.
pub async fn fetch_report(url: &str) -> Result<usize, Error> {
    note!("fetch_report: first line");
    let body = fetch(url).await?;
    note!("fetch_report: got {} bytes", body.len());
    Ok(body.len())
}
// ANCHOR_END: report

// ANCHOR: caller
/// Makes the future, works meanwhile, then awaits it.
pub async fn await_it(url: &str) -> Result<usize, Error> {
    note!("main: calling fetch_report()");
    // This runs none of `fetch_report`: a future does nothing until polled.
    let report = fetch_report(url);
    note!("main: fetch_report() returned a future; none of its body has run");
    sleep(Duration::from_millis(50)).await; // other work
    note!("main: awaiting the future");
    // Only now does `fetch_report` start, inside this task.
    let report = report.await?;
    note!("main: got the report");
    Ok(report)
}
// ANCHOR_END: caller

// ANCHOR: eager
/// Spawns the future as a task of its own, works meanwhile, then waits.
pub async fn spawn_it(url: &str) -> Result<usize, Error> {
    note!("main: spawning fetch_report()");
    let url = url.to_owned();
    // The runtime starts the task as soon as this task lets go of the
    // thread. (The span it runs in names it, in the trace as in
    // tokio-console.)
    let report = async move { fetch_report(&url).await };
    let handle = spawn(report.instrument(info_span!("report")));
    note!("main: spawn() returned; main goes on");
    sleep(Duration::from_millis(50)).await; // other work
    note!("main: waiting for the report");
    let report = handle.await.expect("the report task does not panic")?;
    note!("main: got the report");
    Ok(report)
}
// ANCHOR_END: eager
