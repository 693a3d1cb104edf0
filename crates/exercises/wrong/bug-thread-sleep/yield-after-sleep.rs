//! Wrong answer to `bug-thread-sleep`: it lets the other tasks run after
//! each `thread::sleep`, with `yield_now().await`. The page is less late,
//! but still late: during each sleep the thread is still held.
//!
//! Expect: held the thread

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::yield_now;
use threeways_exercises::thread;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        thread::sleep(every);
        note!("heartbeat {beat}");
        yield_now().await;
    }
}
