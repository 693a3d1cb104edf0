//! Wrong answer to `port-pool`: step 3 with `buffered(k)`, as the porting
//! page's step 4 has it. It keeps the order by itself, but a result that
//! came early waits for its turn in one of the `k` places: with a slow
//! page first in line, the next fetch starts late.
//!
//! Expect: `at_most` returned at 410 ms; the pool is done at 270 ms
//! Expect: The fetch of sports began at 120 ms, when news had come back; in the pool it begins at 40 ms

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
        .buffered(k.get())
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}
