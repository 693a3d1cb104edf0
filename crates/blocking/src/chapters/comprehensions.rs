//! Chapter `comprehensions`, blocking style: a comprehension over values
//! that arrive over time is an iterator chain; `await` inside a
//! comprehension is a blocking call inside a loop.
//!
//! Compare `crates/callbacks/src/chapters/comprehensions.rs` and
//! `crates/async/src/chapters/comprehensions.rs`.

use super::ticker::Ticker;
use crate::prelude::{Error, fetch, user_url};
use std::time::Duration;

// ANCHOR: odd_ticks
/// Python: `[x async for x in ticker() if x % 2]`.
pub fn odd_ticks(count: u32, delay: Duration) -> Vec<u32> {
    Ticker::new(count, delay).filter(|x| x % 2 == 1).collect()
}
// ANCHOR_END: odd_ticks

// ANCHOR: is_free
/// Asks the server whether a user name is free.
pub fn is_free(name: &str) -> Result<bool, Error> {
    Ok(fetch(&user_url(name))? == b"free")
}
// ANCHOR_END: is_free

// ANCHOR: free_names
/// Python: `[name for name in names if await is_free(name)]`.
pub fn free_names(names: &[String]) -> Result<Vec<String>, Error> {
    let mut free = Vec::new();
    // A loop rather than `filter`, so that `?` can pass an error up.
    for name in names {
        if is_free(name)? {
            free.push(name.clone());
        }
    }
    Ok(free)
}
// ANCHOR_END: free_names
