//! Wrong answer to `bug-endless-stream`: `next + 2 >= limit` ends the
//! stream, but one value too soon: it stops before `next`, not after it.
//!
//! Expect: it should give 0, 2, 4 and 6

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// The even numbers below `limit`, one every `delay`.
pub fn evens(limit: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(0, move |next| async move {
        if next + 2 >= limit {
            return None; // past the last one
        }
        sleep(delay).await;
        Some((next, next + 2))
    })
}
