//! Exercise `odd-ticks-stream`: an async comprehension, as a stream.
//!
//! Python's `[x async for x in ticker(count) if x % 2]` collects the odd
//! values of an async generator. The blocking `first_odd_ticks` (in
//! `crates/exercises/src/blocking.rs`, and in the book) does it with an
//! iterator that sleeps, and stops at the first `n` of them:
//!
//! ```text
//! Ticker::new(count, delay).filter(|x| x % 2 == 1).take(n).collect()
//! ```
//!
//! Write it below with the chapter's async `ticker(count, delay)`, a
//! `Stream` of `0..count`, one value every `delay`. Return the first `n`
//! odd values, and stop reading the ticker as soon as you have them: a
//! value the ticker makes after that is a wait nobody needed.
//!
//! The checker runs your code next to the blocking version: with enough
//! odd values, with too few (the ticker ends first) and with `n` of 0. It
//! compares the values, when your function returns, and whether the ticker
//! goes on after it.
//!
//! Check your answer: `cargo run -- exercise check odd-ticks-stream`

use futures::future;
use futures::stream::StreamExt;
use std::time::Duration;
use threeways_async::chapters::ticker::ticker;

/// The first `n` odd values of `ticker(count, delay)`, as they come.
pub async fn first_odd_ticks(count: u32, delay: Duration, n: usize) -> Vec<u32> {
    todo!("filter the ticker, take `n`, and collect")
}
