//! Exercise `ticker-stream`: a countdown as a stream.
//!
//! The blocking `Countdown` (in `crates/exercises/src/blocking.rs`, and in
//! the book) is an iterator whose `next` sleeps `delay`, then gives the
//! next number: `from`, `from - 1`, ..., `1`.
//!
//! Write it below as a `Stream`, with `stream::unfold`, as the chapter's
//! `ticker` is: a state (the next number), and an async step that waits
//! `delay` and gives the next value and the next state, or `None` when the
//! countdown is over.
//!
//! The checker reads `countdown(5, ..)` to the end, takes the first two
//! values and stops, reads `countdown(3, ..)` with another delay, first at
//! once and then with a slow consumer, and reads `countdown(0, ..)`. It
//! checks each value, the time it came, when the stream ends, and that
//! nothing goes on after the end.
//!
//! Check your answer: `cargo run -- exercise check ticker-stream`

use futures::stream::{self, Stream};
use std::time::Duration;
use threeways_async::prelude::sleep;

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    stream::unfold(from, move |next| async move {
        todo!("wait `delay`, then give `next` and the state after it; or `None` at the end")
    })
}
