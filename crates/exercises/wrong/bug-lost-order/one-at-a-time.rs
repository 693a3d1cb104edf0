//! Wrong answer to `bug-lost-order`: `then` keeps the order by running one
//! check at a time: right, and slow.
//!
//! Expect: your function returned at 500 ms; checking 2 at a time, the names are in by 270 ms
//! Expect: The checks took turns: one at a time.

use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let checked: Vec<(&String, bool)> = stream::iter(names)
        .then(|name| async move { is_free(name).await.map(|free| (name, free)) })
        .try_collect()
        .await?;
    Ok(checked
        .into_iter()
        .filter(|(_, free)| *free)
        .map(|(name, _)| name.clone())
        .collect())
}
