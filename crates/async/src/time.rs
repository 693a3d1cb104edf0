//! Waiting for time to pass, as tokio's `time` module has it: `sleep` and
//! `timeout`, with tokio's signatures; and `now`, the program's clock.

use crate::world::current;
use futures::future::{Either, select};
use std::future::{Future, IntoFuture};
use std::pin::pin;
use std::time::Duration;

/// Waits for `delay`. The task pauses; the thread runs other tasks.
pub async fn sleep(delay: Duration) {
    let world = current();
    let label = format!("sleep {} ms", delay.as_millis());
    world.wait_for_time(label, delay).await;
}

/// tokio's `time::timeout`: `future`, given `duration` from now to finish.
/// If it has not by then, it is dropped (cancelled at its `.await`), and
/// the result is [`Elapsed`]. The deadline is set when this is called, and
/// the future is polled first: one that is ready at the deadline wins.
pub fn timeout<F>(
    duration: Duration,
    future: F,
) -> impl Future<Output = Result<F::Output, Elapsed>> + use<F>
where
    F: IntoFuture,
{
    let deadline = current().clock.sleep(duration);
    let future = future.into_future();
    async move {
        match select(pin!(future), pin!(deadline)).await {
            Either::Left((output, _)) => Ok(output),
            Either::Right(((), _)) => Err(Elapsed(())),
        }
    }
}

/// What [`timeout`] gives when the time is up, as tokio's
/// `time::error::Elapsed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elapsed(());

impl std::fmt::Display for Elapsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl std::error::Error for Elapsed {}

/// The time since the program started.
pub fn now() -> Duration {
    current().now()
}
