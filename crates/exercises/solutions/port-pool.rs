//! A solution to `port-pool`. Step 1 is the blocking body with `.await`.
//! Step 2 lets `join_all` poll every fetch from this one task. Step 3 keeps
//! `k` fetches under way with `buffer_unordered`, which starts the next as
//! soon as any is done, as a free worker of the pool would; each fetch
//! carries its page's index, so that the results go back in order after,
//! as the pool sorts them.

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
    let mut done: Vec<(usize, Result<String, Error>)> = stream::iter(urls.iter().enumerate())
        .map(|(index, url)| async move { (index, fetch_summary(url).await) })
        .buffer_unordered(k.get())
        .collect()
        .await;
    done.sort_by_key(|(index, _)| *index); // back in the order asked for
    done.into_iter().map(|(_, summary)| summary).collect()
}
