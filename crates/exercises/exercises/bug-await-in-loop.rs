//! Exercise `bug-await-in-loop`: find the bug.
//!
//! `free_names` asks the server whether each name is free, and returns the
//! free ones, in the order of `names`. The server allows `k` questions at
//! a time, no more; so this code takes the names `k` at a time. It returns
//! the right names. But it takes as long as all the checks together, one
//! after another. Why? Fix it: `k` checks under way at once (never more),
//! the names in the order of `names`.
//!
//! Check your answer: `cargo run -- exercise check bug-await-in-loop`

use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let mut free = Vec::new();
    // `k` names at a time.
    for chunk in names.chunks(k.get()) {
        for name in chunk {
            if is_free(name).await? {
                free.push(name.clone());
            }
        }
    }
    Ok(free)
}
