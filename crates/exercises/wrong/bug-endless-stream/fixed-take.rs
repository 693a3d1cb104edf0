//! Wrong answer to `bug-endless-stream`: `.take(4)` makes `evens(7, ..)`
//! end, with the right values, and fixes nothing else: the end now depends
//! on a count that is right for 7 and 8 only.
//!
//! Expect: Reading evens(1, 100 ms) to the end, it gave 0, 2, 4 and 6

use futures::stream::{self, Stream, StreamExt};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// The even numbers below `limit`, one every `delay`.
pub fn evens(limit: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(0, move |next| async move {
        if next == limit {
            return None; // past the last one
        }
        sleep(delay).await;
        Some((next, next + 2))
    })
    .take(4)
}
