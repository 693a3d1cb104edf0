//! Chapter `first-await`, blocking style: when does the caller get control
//! back? Not before the call has finished, unless the work is put on a
//! thread of its own.
//!
//! Compare `crates/callbacks/src/chapters/first_await.rs` and
//! `crates/async/src/chapters/first_await.rs`.

use crate::io::fetch;
use crate::note;
use crate::thread::{sleep, spawn};
use std::time::Duration;
use threeways_model::{Error, Program, Run, Scenario, unknown_program};
use threeways_world::Mode;

// ANCHOR: report
/// Fetches the day's report and returns its length.
pub fn fetch_report(url: &str) -> Result<usize, Error> {
    note!("fetch_report: first line");
    let body = fetch(url)?;
    note!("fetch_report: got {} bytes", body.len());
    Ok(body.len())
}
// ANCHOR_END: report

// ANCHOR: caller
/// Calls `fetch_report` the ordinary way.
pub fn call(url: &str) -> Result<usize, Error> {
    note!("main: calling fetch_report()");
    // The caller gets control back only when the report is here.
    let report = fetch_report(url)?;
    note!("main: fetch_report() returned");
    Ok(report)
}
// ANCHOR_END: caller

// ANCHOR: eager
/// Starts `fetch_report` on a thread of its own, works meanwhile, then waits.
pub fn thread(url: &str) -> Result<usize, Error> {
    note!("main: starting fetch_report() on a thread");
    let url = url.to_owned();
    // `spawn` returns at once, and the new thread starts work immediately.
    let handle = spawn("report", move || fetch_report(&url));
    note!("main: spawn() returned; main goes on");
    sleep(Duration::from_millis(50)); // other work
    note!("main: waiting for the report");
    let report = handle.join()?;
    note!("main: got the report");
    Ok(report)
}
// ANCHOR_END: eager

/// Runs one of the chapter's programs on its scenario.
pub(crate) fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let url = scenario.pages[0].url.clone();
    let main = match program.variant {
        Some("call") => call,
        Some("thread") => thread,
        _ => unknown_program(program),
    };
    crate::world::run(scenario, mode, move || {
        main(&url).map(|len| vec![len.to_string()])
    })
}
