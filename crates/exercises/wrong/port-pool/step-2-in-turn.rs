//! Wrong answer to `port-pool`: step 2 awaits each page in a loop: the
//! sequential program, not the threads.
//!
//! Expect: The pages were fetched one after another

use futures::future::join_all;
use futures::stream::{self, StreamExt};
use std::num::NonZeroUsize;
use threeways_async::prelude::fetch;
use threeways_model::{Error, page_name};

/// Step 1: fetches one page and says how big it was.
pub async fn fetch_summary(url: &str) -> Result<String, Error> {
    let body = fetch(url).await?;
    Ok(format!("{}: {} bytes", page_name(url), body.len()))
}

/// Step 2: every page at once.
pub async fn all_at_once(urls: &[String]) -> Result<Vec<String>, Error> {
    let mut summaries = Vec::new();
    for url in urls {
        summaries.push(fetch_summary(url).await?);
    }
    Ok(summaries)
}

/// Step 3: at most `k` pages at a time, as fast as the pool.
pub async fn at_most(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let mut done: Vec<(usize, Result<String, Error>)> = stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move { (index, fetch_summary(url).await) })
        .buffer_unordered(k.get())
        .collect()
        .await;
    done.sort_by_key(|(index, _)| *index); // back in the order asked for
    done.into_iter().map(|(_, summary)| summary).collect()
}
