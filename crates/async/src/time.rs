//! Waiting for time to pass, as a future.

use crate::world::current;
use std::time::Duration;

/// Waits for `delay`. The task pauses; the thread runs other tasks.
pub async fn sleep(delay: Duration) {
    let world = current();
    let label = format!("sleep {} ms", delay.as_millis());
    world.wait_for_time(label, delay).await;
}

/// The time since the program started.
pub fn now() -> Duration {
    current().now()
}
