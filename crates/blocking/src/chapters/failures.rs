//! Chapter `failures`, blocking style: an error is a `Result` passed up with
//! `?`; a timeout is the socket's; a thread cannot be cancelled, only asked
//! to stop.
//!
//! Compare `crates/callbacks/src/chapters/failures.rs` and
//! `crates/async/src/chapters/failures.rs`.

use crate::io::{fetch, fetch_within};
use crate::note;
use crate::thread::{sleep, spawn};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use threeways_model::{
    Error, Program, Run, Scenario, describe_page, unknown_program, value_or_error,
};
use threeways_world::Mode;

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
    let worker = {
        let stop = Arc::clone(&stop);
        spawn("worker", move || {
            let mut fetched = Vec::new();
            for url in &urls {
                if stop.load(Ordering::Relaxed) {
                    note!("asked to stop: not starting {url}");
                    break;
                }
                fetched.push(describe_page(url, fetch(url)));
            }
            fetched
        })
    };
    sleep(deadline);
    note!("main: asking the worker to stop");
    stop.store(true, Ordering::Relaxed);
    let fetched = worker.join(); // waits for the fetch in progress to end
    note!("main: the worker has stopped");
    fetched
}
// ANCHOR_END: cancel

/// Runs one of the chapter's programs on its scenario.
pub(crate) fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let page = |name| scenario.url_of(name);
    let (report, missing, slow) = (page("report"), page("missing"), page("slow"));
    let in_turn = vec![page("report"), page("forecast"), page("weekly")];
    let deadline = scenario.deadline;
    crate::world::run(scenario, mode, move || {
        Ok(match program.variant {
            Some("error") => vec![value_or_error(both(&report, &missing))],
            Some("timeout") => vec![value_or_error(with_timeout(&slow, deadline))],
            Some("cancel") => cancel(in_turn, deadline),
            _ => unknown_program(program),
        })
    })
}
