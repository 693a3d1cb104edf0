//! Chapter `fan-out`, async style: fetch several pages one after another,
//! all at once in one task (`join_all`) or in a task each (`JoinSet`), or at
//! most `k` at a time (`buffer_unordered`).
//!
//! Compare `crates/blocking/src/chapters/fan_out.rs` and
//! `crates/callbacks/src/chapters/fan_out.rs`.

use crate::prelude::{Error, JoinSet, fetch, page_name};
use futures::future::join_all;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use tracing::{Instrument, info_span};

// ANCHOR: summary
/// Fetches one page and says how big it was.
async fn fetch_summary(url: &str) -> Result<String, Error> {
    let body = fetch(url).await?;
    Ok(format!("{}: {} bytes", page_name(url), body.len()))
}
// ANCHOR_END: summary

// ANCHOR: sequential
/// One page after another: each `.await` finishes before the next starts.
/// The first error stops it: `?` returns it, and no later page is fetched.
pub async fn sequential(urls: &[String]) -> Result<Vec<String>, Error> {
    let mut summaries = Vec::new();
    for url in urls {
        summaries.push(fetch_summary(url).await?);
    }
    Ok(summaries)
}
// ANCHOR_END: sequential

// ANCHOR: all_at_once
/// Every page at once. `join_all` polls all the futures from this one task,
/// so no thread and no task is added: the waits simply overlap. It waits
/// for every page, even after one has failed, and `collect` then returns
/// the first error by position in `urls`.
pub async fn join_all_pages(urls: &[String]) -> Result<Vec<String>, Error> {
    let summaries = join_all(urls.iter().map(|url| fetch_summary(url))).await;
    summaries.into_iter().collect() // in the order asked for
}
// ANCHOR_END: all_at_once

// ANCHOR: join_set
/// Every page at once, each in a task of its own. Tasks must own what they
/// use (`'static`), so each gets its own copy of its URL. The first error
/// to arrive is returned at once, and dropping the set aborts the tasks
/// still running.
pub async fn join_set(urls: &[String]) -> Result<Vec<String>, Error> {
    let mut tasks = JoinSet::new();
    for (index, url) in urls.iter().cloned().enumerate() {
        // Each task runs in a span named after its page: its lane.
        let span = info_span!("page", name = %page_name(&url));
        tasks.spawn(async move { (index, fetch_summary(&url).await) }.instrument(span));
    }
    let mut summaries = Vec::new();
    // Tasks finish in any order; `join_next` hands them over as they do.
    while let Some(joined) = tasks.join_next().await {
        let (index, summary) = joined.expect("a fetch task does not panic");
        summaries.push((index, summary?));
    }
    summaries.sort(); // back in the order asked for
    Ok(summaries.into_iter().map(|(_, summary)| summary).collect())
}
// ANCHOR_END: join_set

// ANCHOR: at_most_k
/// At most `k` pages at a time: when one finishes, the next starts. The
/// first error to arrive is returned at once; `try_collect` drops the
/// stream, and with it the fetches still under way.
pub async fn buffer_unordered(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let mut summaries: Vec<(usize, String)> = stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move { Ok((index, fetch_summary(url).await?)) })
        .buffer_unordered(k.get())
        .try_collect()
        .await?;
    summaries.sort(); // they arrive in the order they finish
    Ok(summaries.into_iter().map(|(_, summary)| summary).collect())
}
// ANCHOR_END: at_most_k
