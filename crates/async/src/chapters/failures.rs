//! Chapter `failures`, async style: an error is a `Result` passed up with
//! `?`; a timeout is `tokio::time::timeout`; a future is cancelled by
//! dropping it, which `select!` does to the branch that loses.
//!
//! Compare `crates/blocking/src/chapters/failures.rs` and
//! `crates/callbacks/src/chapters/failures.rs`.

use crate::prelude::sync::mpsc::{Receiver, Sender};
use crate::prelude::{Error, describe_page, fetch, note, page_name, sleep, timeout};
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

// ANCHOR: restarts
/// Fetches `url`, noting `still waiting` every `every` while it comes,
/// and gives up after `most` notes. Each turn of the loop makes a new
/// fetch, and the heartbeat's branch wins first: `select!` drops the fetch
/// that lost, with everything it had done, and the next turn starts over.
pub async fn restarts(url: &str, every: Duration, most: u32) -> Vec<String> {
    let mut beats = 0;
    loop {
        tokio::select! {
            biased;
            body = fetch(url) => return vec![describe_page(url, body)],
            () = sleep(every) => note!("still waiting"),
        }
        beats += 1;
        if beats == most {
            return vec![format!(
                "{}: gave up after {beats} heartbeats",
                page_name(url)
            )];
        }
    }
}
// ANCHOR_END: restarts

// ANCHOR: heartbeat
/// The same, made safe: the fetch is made once, before the loop, and
/// `select!` polls it through `&mut`. When the heartbeat wins, `select!`
/// drops only the reference, and the fetch goes on at the next turn.
pub async fn heartbeat(url: &str, every: Duration) -> Vec<String> {
    let fetching = fetch(url);
    // Polled through `&mut` across turns, so it must not move: `pin!`
    // fixes it where it stands, in this function's own state.
    tokio::pin!(fetching);
    let body = loop {
        tokio::select! {
            biased;
            body = &mut fetching => break body,
            () = sleep(every) => note!("still waiting"),
        }
    };
    vec![describe_page(url, body)]
}
// ANCHOR_END: heartbeat

// ANCHOR: connection
/// The far end of a connection: two lines, sent in pieces, as a socket
/// delivers bytes. How long before each piece, and the piece.
pub const PIECES: [(u64, &str); 4] = [
    (100, "rain, "),
    (300, "then sun\n"),
    (100, "a quiet "),
    (50, "week\n"),
];

/// Sends the pieces, each at its moment; the channel closes when it ends.
pub async fn connection(pieces: Sender<&'static str>) {
    for (after, piece) in PIECES {
        sleep(Duration::from_millis(after)).await;
        note!("sends {piece:?}");
        let _ = pieces.send(piece).await;
    }
}
// ANCHOR_END: connection

// ANCHOR: half_line
/// Reads lines from the connection, with a heartbeat every `every`. The
/// line read so far lives in `read_line`'s future: when the heartbeat
/// wins, the future is dropped, and the half of the line it held with it.
pub async fn half_lines(mut pieces: Receiver<&'static str>, every: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        tokio::select! {
            biased;
            line = read_line(&mut pieces) => match line {
                Some(line) => lines.push(line),
                None => return lines,
            },
            () = sleep(every) => note!("still waiting"),
        }
    }
}

/// The next line, without its `\n`; `None` at the end.
async fn read_line(pieces: &mut Receiver<&'static str>) -> Option<String> {
    let mut line = String::new();
    while !line.ends_with('\n') {
        line.push_str(pieces.recv().await?);
    }
    line.pop();
    Some(line)
}
// ANCHOR_END: half_line

// ANCHOR: whole_lines
/// The same, made safe: the line read so far lives in the loop, and each
/// turn races only `recv()`, which tokio documents as cancel safe: dropped
/// before it returns, it has taken nothing off the channel.
pub async fn whole_lines(mut pieces: Receiver<&'static str>, every: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    loop {
        tokio::select! {
            biased;
            piece = pieces.recv() => {
                let Some(piece) = piece else { return lines };
                line.push_str(piece);
                if let Some(whole) = line.strip_suffix('\n') {
                    lines.push(whole.to_owned());
                    line.clear();
                }
            }
            () = sleep(every) => note!("still waiting"),
        }
    }
}
// ANCHOR_END: whole_lines
