//! Wrong answer to `odd-ticks-stream`: it collects every tick first, then
//! filters the list: the right values, once the ticker has run to its end.
//!
//! Expect: your function returned at 1000 ms; it should stop reading the ticker at 600 ms

use futures::stream::StreamExt;
use std::time::Duration;
use threeways_async::chapters::ticker::ticker;

/// The first `n` odd values of `ticker(count, delay)`, as they come.
pub async fn first_odd_ticks(count: u32, delay: Duration, n: usize) -> Vec<u32> {
    let all: Vec<u32> = ticker(count, delay).collect().await;
    all.into_iter().filter(|x| x % 2 == 1).take(n).collect()
}
