//! A solution to `bug-endless-stream`. The bug: the state goes up by two,
//! so for an odd `limit` it steps over it, and `next == limit` is never
//! true. An end condition must hold for every state past the end, not only
//! for one value: `>=`.

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// The even numbers below `limit`, one every `delay`.
pub fn evens(limit: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(0, move |next| async move {
        if next >= limit {
            return None; // past the last one
        }
        sleep(delay).await;
        Some((next, next + 2))
    })
}
