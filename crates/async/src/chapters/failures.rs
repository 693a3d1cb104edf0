//! Chapter `failures`, async style: an error is a `Result` passed up with
//! `?`; a timeout is `tokio::time::timeout`; a future is cancelled by
//! dropping it, which `select!` does to the branch that loses.
//!
//! Compare `crates/blocking/src/chapters/failures.rs` and
//! `crates/callbacks/src/chapters/failures.rs`.

use crate::prelude::{Error, describe_page, fetch, note, sleep, timeout};
use std::time::Duration;

// ANCHOR: error
/// Fetches the report, then the missing page. `?` returns the first error
/// to the caller, and the rest of the function is skipped.
pub async fn both(report: &str, missing: &str) -> Result<usize, Error> {
    let first = fetch(report).await?;
    note!("got the report");
    let second = fetch(missing).await?;
    note!("got the missing page"); // never runs: the fetch above failed
    Ok(first.len() + second.len())
}
// ANCHOR_END: error

// ANCHOR: timeout
/// Gives the slow page `limit` to answer. When the time is up, `timeout`
/// drops the fetch: its socket is closed, and nothing is left running.
pub async fn with_timeout(slow: &str, limit: Duration) -> Result<usize, Error> {
    match timeout(limit, fetch(slow)).await {
        Ok(body) => Ok(body?.len()),
        Err(_elapsed) => Err(Error::TimedOut {
            url: slow.to_owned(),
            after: limit,
        }),
    }
}
// ANCHOR_END: timeout

// ANCHOR: cancel
/// Fetches the pages in turn, racing them against `deadline`. `select!`
/// drops the branch that loses, in the middle of its `.await` if need be:
/// a fetch in progress simply stops.
pub async fn cancel(urls: &[String], deadline: Duration) -> Vec<String> {
    let mut fetched = Vec::new();
    tokio::select! {
        // Poll the branches in the order written. (Without `biased`,
        // select! starts with a random branch each time, for fairness.)
        biased;
        () = fetch_in_turn(urls, &mut fetched) => note!("all fetched"),
        () = sleep(deadline) => note!("deadline: dropping the fetches"),
    }
    fetched
}

async fn fetch_in_turn(urls: &[String], fetched: &mut Vec<String>) {
    for url in urls {
        fetched.push(describe_page(url, fetch(url).await));
    }
}
// ANCHOR_END: cancel
