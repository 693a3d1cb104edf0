//! Wrong answer to `bug-thread-sleep`: the heartbeat still blocks with
//! `thread::sleep`, but in pieces of 10 ms, with `yield_now().await`
//! between them, so that the other tasks get a turn. The page is on time
//! (it was due between two pieces), and the thread is still held for the
//! whole of every beat but the gaps.
//!
//! Expect: held the thread for 500 ms in all, in 50 pieces of 10 ms

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::yield_now;
use threeways_exercises::thread;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    let piece = Duration::from_millis(10);
    for beat in 1..=count {
        let mut slept = Duration::ZERO;
        while slept < every {
            thread::sleep(piece);
            slept += piece;
            yield_now().await; // let the others run
        }
        note!("heartbeat {beat}");
    }
}
