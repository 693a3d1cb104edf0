//! A solution to `odd-ticks-stream`: the iterator chain, on a stream.
//! `filter` takes a closure that returns a future (a stream's filter may
//! wait); `future::ready` makes one that is ready at once. `take(n)` stops
//! asking once it has `n` values, and the ticker, dropped, stops too.

use futures::future;
use futures::stream::StreamExt;
use std::time::Duration;
use threeways_async::chapters::ticker::ticker;

/// The first `n` odd values of `ticker(count, delay)`, as they come.
pub async fn first_odd_ticks(count: u32, delay: Duration, n: usize) -> Vec<u32> {
    ticker(count, delay)
        .filter(|x| future::ready(x % 2 == 1))
        .take(n)
        .collect()
        .await
}
