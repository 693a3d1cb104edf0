//! Wrong answer to `port-pool`: step 3 with `buffer_unordered(k)`, fast,
//! but the summaries come out in the order the pages came back.
//!
//! Expect: The same summaries, in the order they came back

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
    join_all(urls.iter().map(|url| fetch_summary(url)))
        .await
        .into_iter()
        .collect()
}

/// Step 3: at most `k` pages at a time, as fast as the pool.
pub async fn at_most(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    stream::iter(urls)
        .map(|url| fetch_summary(url))
        .buffer_unordered(k.get())
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}
