//! Chapter `fan-out`, blocking style: fetch several pages one after another,
//! with a thread for each, or with a fixed pool of threads.
//!
//! Compare `crates/callbacks/src/chapters/fan_out.rs` and
//! `crates/async/src/chapters/fan_out.rs`.

use crate::prelude::{Error, fetch, page_name, thread};
use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

// ANCHOR: summary
/// Fetches one page and says how big it was.
fn fetch_summary(url: &str) -> Result<String, Error> {
    let body = fetch(url)?;
    Ok(format!("{}: {} bytes", page_name(url), body.len()))
}
// ANCHOR_END: summary

// ANCHOR: sequential
/// One page after another: each fetch starts when the last has finished.
/// The first error stops it: `collect` returns it, and fetches no more.
pub fn sequential(urls: &[String]) -> Result<Vec<String>, Error> {
    urls.iter().map(|url| fetch_summary(url)).collect()
}
// ANCHOR_END: sequential

// ANCHOR: all_at_once
/// A thread for every page: all the waits overlap. Joining in order, the
/// first error by position in `urls` is returned; the threads not yet
/// joined run on to their end all the same, as threads do.
pub fn thread_per_request(urls: &[String]) -> Result<Vec<String>, Error> {
    let threads: Vec<_> = urls
        .iter()
        .map(|url| {
            let owned = url.clone(); // the thread needs a copy of its own
            thread::Builder::new()
                .name(page_name(url).to_owned()) // its lane in the trace
                .spawn(move || fetch_summary(&owned))
                .expect("the system starts a thread")
        })
        .collect();
    // Joining in order also gives the results in order.
    let joined = threads.into_iter().map(|thread| thread.join());
    joined
        .map(|summary| summary.expect("no fetch panics"))
        .collect()
}
// ANCHOR_END: all_at_once

// ANCHOR: at_most_k
/// `k` threads take pages from a shared queue until it is empty. Every
/// page is fetched, even after one fails; the first error by position in
/// `urls` is returned.
pub fn pool(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let queue: VecDeque<(usize, String)> = urls.iter().cloned().enumerate().collect();
    let queue = Arc::new(Mutex::new(queue));
    let workers: Vec<_> = (1..=k.get())
        .map(|n| {
            let queue = Arc::clone(&queue);
            thread::Builder::new()
                .name(format!("worker-{n}"))
                .spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        // Hold the lock only to take a job, never while
                        // fetching, or the others would wait for this one.
                        let job = queue.lock().expect("no worker panics").pop_front();
                        let Some((index, url)) = job else { break };
                        done.push((index, fetch_summary(&url)));
                    }
                    done
                })
                .expect("the system starts a thread")
        })
        .collect();
    let joined = workers
        .into_iter()
        .map(|w| w.join().expect("no worker panics"));
    let mut results: Vec<_> = joined.flatten().collect();
    results.sort_by_key(|(index, _)| *index); // back in the order asked for
    results.into_iter().map(|(_, summary)| summary).collect()
}
// ANCHOR_END: at_most_k
