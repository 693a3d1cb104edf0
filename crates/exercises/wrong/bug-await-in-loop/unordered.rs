//! Wrong answer to `bug-await-in-loop`: `buffer_unordered(k)` keeps `k`
//! checks under way, and hands their answers over as they come: the names
//! come out in the order their checks finished.
//!
//! Expect: in the order their checks came back

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
