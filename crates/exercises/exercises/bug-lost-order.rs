//! Exercise `bug-lost-order`: find the bug.
//!
//! `free_names` asks the server whether each name is free, `k` at a time
//! (the server allows no more), and returns the free names in the order of
//! `names`. It is fast, and it never asks more than `k` at once. But the
//! names do not always come back in the order they were given. Why? Fix
//! it, keeping it as fast.
//!
//! Check your answer: `cargo run -- exercise check bug-lost-order`

use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let checked: Vec<(&String, bool)> = stream::iter(names)
        .map(|name| async move { is_free(name).await.map(|free| (name, free)) })
        .buffer_unordered(k.get())
        .try_collect()
        .await?;
    Ok(checked
        .into_iter()
        .filter(|(_, free)| *free)
        .map(|(name, _)| name.clone())
        .collect())
}
