//! Wrong answer to `odd-ticks-stream`: `take(n)` before `filter` takes the
//! first `n` ticks, odd or not, and keeps the odd ones among them.
//!
//! Expect: your function returned 1; it should return 1, 3 and 5

use futures::future;
use futures::stream::StreamExt;
use std::time::Duration;
use threeways_async::chapters::ticker::ticker;

/// The first `n` odd values of `ticker(count, delay)`, as they come.
pub async fn first_odd_ticks(count: u32, delay: Duration, n: usize) -> Vec<u32> {
    ticker(count, delay)
        .take(n)
        .filter(|x| future::ready(x % 2 == 1))
        .collect()
        .await
}
