//! Wrong answer to `ticker-stream`: the steps wait on a tokio `interval`,
//! which keeps time by the clock, not by the consumer. A consumer that
//! asks at once sees the right values at the right times; one that is slow
//! gets the ticks it missed in a burst, too early.
//!
//! Expect: with a consumer that takes 150 ms over each value
//! Expect: a value made ahead, while the consumer was busy, comes too early

use futures::stream::{self, Stream};
use std::time::Duration;
use tokio::time::{Instant, interval_at};

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    let ticks = interval_at(Instant::now() + delay, delay);
    stream::unfold((from, ticks), |(next, mut ticks)| async move {
        if next == 0 {
            return None;
        }
        ticks.tick().await;
        Some((next, (next - 1, ticks)))
    })
}
