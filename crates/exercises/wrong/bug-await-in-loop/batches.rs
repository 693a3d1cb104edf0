//! Wrong answer to `bug-await-in-loop`: `join_all` on each chunk of `k`
//! names: `k` at once, but the next chunk waits for the slowest of this
//! one, where a free place could start the next check at once.
//!
//! Expect: your function returned at 360 ms; checking 2 at a time, the names are in by 270 ms
//! Expect: The check of alan began at 150 ms, when grace had come back

use futures::future::join_all;
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let mut free = Vec::new();
    for chunk in names.chunks(k.get()) {
        let checks = join_all(chunk.iter().map(|name| is_free(name))).await;
        for (name, check) in chunk.iter().zip(checks) {
            if check? {
                free.push(name.clone());
            }
        }
    }
    Ok(free)
}
