//! Wrong answer to `ticker-stream`: `(0..from).rev()` counts down from
//! `from - 1` to `0`, not from `from` to `1`. A tidy stream, with the wrong
//! numbers in it.
//!
//! Expect: it should give 5, 4, 3, 2 and 1

use futures::stream::{self, Stream, StreamExt};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::iter((0..from).rev()).then(move |next| async move {
        sleep(delay).await;
        next
    })
}
