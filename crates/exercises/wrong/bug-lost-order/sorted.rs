//! Wrong answer to `bug-lost-order`: it sorts the free names, which puts
//! them in alphabetical order, not in the order of `names`.
//!
//! Expect: in alphabetical order

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
    let mut free: Vec<String> = checked
        .into_iter()
        .filter(|(_, free)| *free)
        .map(|(name, _)| name.clone())
        .collect();
    free.sort();
    Ok(free)
}
