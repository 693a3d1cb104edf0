//! Chapter `failures`, blocking style: an error is a `Result` passed up with
//! `?`; a timeout is the socket's; a thread cannot be cancelled, only asked
//! to stop.
//!
//! Compare `crates/callbacks/src/chapters/failures.rs` and
//! `crates/async/src/chapters/failures.rs`.

use crate::prelude::{Error, describe_page, fetch, fetch_within, note, thread};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

// ANCHOR: error
/// Fetches the report, then the missing page. `?` returns the first error
/// to the caller, and the rest of the function is skipped.
pub fn both(report: &str, missing: &str) -> Result<usize, Error> {
    let first = fetch(report)?;
    note!("got the report");
    let second = fetch(missing)?;
    note!("got the missing page"); // never runs: the fetch above failed
    Ok(first.len() + second.len())
}
// ANCHOR_END: error

// ANCHOR: timeout
/// Gives the slow page `limit` to answer. Blocking code cannot watch a
/// clock while it waits; the socket's read timeout ends the wait for it.
pub fn with_timeout(slow: &str, limit: Duration) -> Result<usize, Error> {
    let body = fetch_within(slow, limit)?;
    Ok(body.len())
}
// ANCHOR_END: timeout

// ANCHOR: cancel
/// Fetches the pages in turn on a worker thread, and asks it to stop after
/// `deadline`. A thread cannot be stopped from outside: it can only be
/// asked, and it looks at the request between two fetches.
pub fn cancel(urls: Vec<String>, deadline: Duration) -> Vec<String> {
    let stop = Arc::new(AtomicBool::new(false));
    let asked = Arc::clone(&stop); // the worker's handle on the request
    let worker = thread::Builder::new()
        .name("worker".to_owned())
        .spawn(move || {
            let mut fetched = Vec::new();
            for url in &urls {
                if asked.load(Ordering::Relaxed) {
                    note!("asked to stop: not starting {url}");
                    break;
                }
                fetched.push(describe_page(url, fetch(url)));
            }
            fetched
        })
        .expect("the system starts a thread");
    thread::sleep(deadline);
    note!("main: asking the worker to stop");
    stop.store(true, Ordering::Relaxed);
    // Waits for the fetch in progress to end.
    let fetched = worker.join().expect("the worker does not panic");
    note!("main: the worker has stopped");
    fetched
}
// ANCHOR_END: cancel
