//! Wrong answer to `bug-await-in-loop`: `join_all` runs every check at
//! once, in order, and fast; but the server allows only `k`.
//!
//! Expect: your function had 5 checks under way at once
//! Expect: no more than 2 may be

use futures::future::join_all;
use std::num::NonZeroUsize;
use threeways_async::chapters::comprehensions::is_free;
use threeways_model::Error;

/// The names in `names` that are free, in their order, checked at most `k`
/// at a time.
pub async fn free_names(names: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    let checks = join_all(names.iter().map(|name| is_free(name))).await;
    let mut free = Vec::new();
    for (name, check) in names.iter().zip(checks) {
        if check? {
            free.push(name.clone());
        }
    }
    Ok(free)
}
