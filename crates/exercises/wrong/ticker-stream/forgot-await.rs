//! Wrong answer to `ticker-stream`: `sleep(delay)` without `.await`. It
//! makes a future and drops it; a future does nothing until it is awaited,
//! so nothing waits, and every value comes at once. (The compiler warns:
//! "unused implementer of `Future` that must be used".)
//!
//! Expect: did you forget `.await`

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(from, move |next| async move {
        if next == 0 {
            return None;
        }
        sleep(delay);
        Some((next, next - 1))
    })
}
