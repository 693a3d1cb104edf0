//! Exercise `bug-endless-stream`: find the bug.
//!
//! `evens(limit, delay)` should give the even numbers below `limit`, one
//! every `delay`, and then end.
//!
//! A program that reads `evens(8, ..)` to the end gets 0, 2, 4 and 6, and
//! goes on. A program that reads `evens(7, ..)` to the end never finishes.
//! Why? Fix it.
//!
//! Check your answer: `cargo run -- exercise check bug-endless-stream`

use futures::stream::{self, Stream};
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
}
