//! A solution to `bug-thread-sleep`. The bug: `thread::sleep` blocks the
//! thread, and a task that blocks its thread blocks every task on it: the
//! page was ready at 250 ms, but no one could take it until the heartbeat
//! let go. `sleep(..).await` pauses only this task.

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;

/// Notes a heartbeat every `every`, `count` times.
pub async fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        sleep(every).await;
        note!("heartbeat {beat}");
    }
}
