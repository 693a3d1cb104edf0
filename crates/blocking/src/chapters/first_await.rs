//! Chapter `first-await`, blocking style: when does the caller get control
//! back? Not before the call has finished, unless the work is put on a
//! thread of its own.
//!
//! Compare `crates/callbacks/src/chapters/first_await.rs` and
//! `crates/async/src/chapters/first_await.rs`.

use crate::prelude::{Error, fetch, note, thread};
use std::time::Duration;

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
    // (Its name is its lane in the trace.)
    let handle = thread::Builder::new()
        .name("report".to_owned())
        .spawn(move || fetch_report(&url))
        .expect("the system starts a thread");
    note!("main: spawn() returned; main goes on");
    thread::sleep(Duration::from_millis(50)); // other work
    note!("main: waiting for the report");
    let report = handle.join().expect("the report thread does not panic")?;
    note!("main: got the report");
    Ok(report)
}
// ANCHOR_END: eager
