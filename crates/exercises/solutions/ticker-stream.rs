//! A solution to `ticker-stream`: `unfold` keeps the next number as its
//! state; each step waits, then gives the number and the state after it.

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(from, move |next| async move {
        if next == 0 {
            return None;
        }
        sleep(delay).await;
        Some((next, next - 1))
    })
}
