//! Chapter `ticker`, blocking style: a producer of values over time is an
//! `Iterator` whose `next` sleeps.
//!
//! Compare `crates/callbacks/src/chapters/ticker.rs` and
//! `crates/async/src/chapters/ticker.rs`.

use crate::prelude::{note, thread};
use std::time::Duration;

// ANCHOR: producer
/// The numbers `0..count`, one every `delay`.
pub struct Ticker {
    next: u32,
    count: u32,
    delay: Duration,
}

impl Ticker {
    /// A ticker that has produced nothing yet.
    pub fn new(count: u32, delay: Duration) -> Ticker {
        Ticker {
            next: 0,
            count,
            delay,
        }
    }
}

impl Iterator for Ticker {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.next == self.count {
            return None;
        }
        // The consumer's thread sleeps here: the ticker has no thread of its own.
        thread::sleep(self.delay);
        let value = self.next;
        self.next += 1;
        note!("ticker: {value}");
        Some(value)
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        note!(
            "ticker dropped after {} of {} values",
            self.next,
            self.count
        );
    }
}
// ANCHOR_END: producer

// ANCHOR: consumer
/// Takes the first `take` values and stops.
pub fn first_values(count: u32, delay: Duration, take: usize) -> Vec<u32> {
    let mut taken = Vec::new();
    for value in Ticker::new(count, delay).take(take) {
        note!("consumer: got {value}");
        taken.push(value);
    }
    // The loop has dropped the ticker: an iterator works only when asked.
    note!("consumer: done");
    taken
}
// ANCHOR_END: consumer
