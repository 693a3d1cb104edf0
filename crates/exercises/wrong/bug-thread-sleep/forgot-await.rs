//! Wrong answer to `bug-thread-sleep`: `thread::sleep` became the async
//! `sleep`, but without `.await`, so nothing waits, and the heartbeats all
//! come at once. (The compiler warns: "unused implementer of `Future` that
//! must be used".)
//!
//! Expect: did you forget `.await`

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        sleep(every);
        note!("heartbeat {beat}");
    }
}
