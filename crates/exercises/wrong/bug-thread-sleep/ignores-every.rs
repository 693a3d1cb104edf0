//! Wrong answer to `bug-thread-sleep`: the heartbeat awaits the async
//! `sleep`, but for 100 ms, the period it was first tried with, instead of
//! `every`.
//!
//! Expect: one every `every` (73 ms here)

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        sleep(Duration::from_millis(100)).await;
        note!("heartbeat {beat}");
    }
}
