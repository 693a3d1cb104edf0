//! The async world's clock and timers: the one place this crate reads the
//! time, sleeps or moves the clock on, so that all three can be served by
//! another runtime than tokio.
//!
//! Here they are tokio's. In the simulated world the runtime's clock is
//! paused: tokio moves it to the next timer when every task is waiting, and
//! [`RunClock::advance`] moves it by hand for CPU time. Both only work
//! inside the runtime, which is why a clock is made there.

use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// The clock of one run, started when the run began.
#[derive(Debug)]
pub(crate) struct RunClock {
    start: Instant,
}

impl RunClock {
    /// A clock at zero. Must be called inside the runtime.
    pub(crate) fn start() -> RunClock {
        RunClock {
            start: Instant::now(),
        }
    }

    /// The time since the run began, as the runtime's clock shows it.
    pub(crate) fn now(&self) -> Duration {
        Instant::now() - self.start
    }

    /// A timer that fires `duration` from now: now as the clock shows it
    /// when this is called, not when the future is first polled.
    pub(crate) fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + use<> {
        tokio::time::sleep(duration)
    }

    /// Simulated world: moves the paused clock on by `duration`, running the
    /// timers that fall due on the way.
    pub(crate) async fn advance(&self, duration: Duration) {
        tokio::time::advance(duration).await;
    }
}
