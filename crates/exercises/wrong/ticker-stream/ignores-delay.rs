//! Wrong answer to `ticker-stream`: each step sleeps 100 ms, the delay the
//! countdown was first tried with, instead of `delay`.
//!
//! Expect: countdown(3, 73 ms)
//! Expect: wait `delay` (73 ms here)

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(from, move |next| async move {
        if next == 0 {
            return None;
        }
        sleep(Duration::from_millis(100)).await;
        Some((next, next - 1))
    })
}
