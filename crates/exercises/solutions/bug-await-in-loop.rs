//! A solution to `bug-await-in-loop`: each check is a future, and
//! `buffered(k)` keeps `k` of them under way at once, handing their answers
//! over in the order of the names. An `.await` inside a loop waits for
//! each check before it starts the next, however the loop is cut up.

use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let checked: Vec<(&String, bool)> = stream::iter(names)
        .map(|name| async move { is_free(name).await.map(|free| (name, free)) })
        .buffered(k.get())
        .try_collect()
        .await?;
    Ok(checked
        .into_iter()
        .filter(|(_, free)| *free)
        .map(|(name, _)| name.clone())
        .collect())
}
