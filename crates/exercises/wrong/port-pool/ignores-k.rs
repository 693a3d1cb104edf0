//! Wrong answer to `port-pool`: step 3 is step 2 again: every page at
//! once, which the pool's `k` was there to prevent.
//!
//! Expect: `at_most` had 5 fetches under way at once (from 0 ms); no more than 2 may be

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
    all_at_once(urls).await
}
