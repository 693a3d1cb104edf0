//! Exercise `bug-thread-sleep`: find the bug.
//!
//! `heartbeat` notes a heartbeat every `every`, `count` times. A program
//! spawns it as a task, to show that it is alive, and meanwhile fetches a
//! page that the server sends in 250 ms.
//!
//! The heartbeats come on time. But the page comes back late. Why? Fix it.
//!
//! (`thread::sleep` here is `threeways_exercises::thread::sleep`:
//! `std::thread::sleep` as the simulated world feels it. The real one holds
//! the thread just the same, but the simulated clock would not show it.)
//!
//! Check your answer: `cargo run -- exercise check bug-thread-sleep`

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_exercises::thread;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        thread::sleep(every);
        note!("heartbeat {beat}");
    }
}
