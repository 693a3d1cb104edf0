//! Chapter `comprehensions`, async style: a comprehension over values that
//! arrive over time is a `Stream` chain; `await` inside a comprehension runs
//! one check at a time, or several at once.
//!
//! Compare `crates/blocking/src/chapters/comprehensions.rs` and
//! `crates/callbacks/src/chapters/comprehensions.rs`.

use super::ticker::ticker;
use crate::prelude::{Error, fetch, user_url};
use futures::future::{self, join_all};
use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use std::time::Duration;

// ANCHOR: odd_ticks
/// Python: `[x async for x in ticker() if x % 2]`.
pub async fn odd_ticks(count: u32, delay: Duration) -> Vec<u32> {
    ticker(count, delay)
        .filter(|x| future::ready(x % 2 == 1))
        .collect()
        .await
}
// ANCHOR_END: odd_ticks

// ANCHOR: is_free
/// Asks the server whether a user name is free.
pub async fn is_free(name: &str) -> Result<bool, Error> {
    Ok(fetch(&user_url(name)).await? == b"free")
}
// ANCHOR_END: is_free

// ANCHOR: free_names
/// Python: `[name for name in names if await is_free(name)]`.
pub async fn free_names(names: &[String]) -> Result<Vec<String>, Error> {
    let mut free = Vec::new();
    for name in names {
        if is_free(name).await? {
            free.push(name.clone());
        }
    }
    Ok(free)
}
// ANCHOR_END: free_names

// ANCHOR: streams
/// One check at a time, as a stream: `then` awaits each before the next,
/// and `try_collect` stops at the first error, as `?` does in the loop.
pub async fn free_names_then(names: &[String]) -> Result<Vec<String>, Error> {
    let checked = stream::iter(names)
        .then(|name| async move { is_free(name).await.map(|free| (name, free)) })
        .try_collect()
        .await?;
    Ok(keep_free(checked))
}

/// `k` checks at a time, results in the order of `names`. The first error
/// in that order ends it, and drops the checks still under way.
pub async fn free_names_buffered(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let checked = stream::iter(names)
        .map(|name| async move { is_free(name).await.map(|free| (name, free)) })
        .buffered(k.get())
        .try_collect()
        .await?;
    Ok(keep_free(checked))
}

/// Every check at once. `join_all` waits for all of them, even after one
/// has failed; `collect` then returns the first error in the order of
/// `names`.
pub async fn free_names_join_all(names: &[String]) -> Result<Vec<String>, Error> {
    let checked = join_all(
        names
            .iter()
            .map(|name| async move { is_free(name).await.map(|free| (name, free)) }),
    )
    .await;
    Ok(keep_free(checked.into_iter().collect::<Result<_, _>>()?))
}

/// The names whose check said free.
fn keep_free(checked: Vec<(&String, bool)>) -> Vec<String> {
    checked
        .into_iter()
        .filter(|(_, free)| *free)
        .map(|(name, _)| name.clone())
        .collect()
}
// ANCHOR_END: streams
