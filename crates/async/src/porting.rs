//! The `porting` page: the blocking fan-out with a thread per request
//! (`crates/blocking/src/chapters/fan_out.rs`, `thread_per_request`),
//! ported to async one small step at a time. Every step compiles, and
//! `tests/it/porting.rs` runs each one and checks that it returns what the
//! original returns, in the time the page says.

use crate::prelude::{Error, fetch, page_name, spawn};
use futures::future::join_all;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use tracing::{Instrument, info_span};

// ANCHOR: step_1
/// Step 1: the helper becomes an `async fn`. The body is the same; each
/// call that waits gets an `.await`.
async fn fetch_summary(url: &str) -> Result<String, Error> {
    let body = fetch(url).await?;
    Ok(format!("{}: {} bytes", page_name(url), body.len()))
}
// ANCHOR_END: step_1

// ANCHOR: step_2
/// Step 2: threads become tasks, one for one. `spawn` takes a future
/// instead of a closure, and joining becomes `.await`.
pub async fn task_per_request(urls: &[String]) -> Result<Vec<String>, Error> {
    let tasks: Vec<_> = urls
        .iter()
        .map(|url| {
            let owned = url.clone(); // a task, like a thread, owns its data
            let span = info_span!("page", name = %page_name(url));
            spawn(async move { fetch_summary(&owned).await }.instrument(span))
        })
        .collect();
    let mut summaries = Vec::new();
    for task in tasks {
        summaries.push(task.await.expect("a fetch task does not panic")?);
    }
    Ok(summaries)
}
// ANCHOR_END: step_2

// ANCHOR: step_3
/// Step 3: no tasks at all. The futures wait together inside this one, so
/// nothing needs to own its URL, and the code is back to the shape of the
/// sequential loop.
pub async fn all_at_once(urls: &[String]) -> Result<Vec<String>, Error> {
    join_all(urls.iter().map(|url| fetch_summary(url)))
        .await
        .into_iter()
        .collect()
}
// ANCHOR_END: step_3

// ANCHOR: step_4
/// Step 4: at most `k` at a time, which the thread version needed a pool,
/// a queue and a lock for. `buffered` keeps the results in order.
pub async fn at_most(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    stream::iter(urls)
        .map(|url| fetch_summary(url))
        .buffered(k.get())
        .try_collect()
        .await
}
// ANCHOR_END: step_4
