//! The loop's clock: virtual in the simulated world, where the loop moves
//! it on itself, and the wall clock in the real one.

use std::time::{Duration, Instant};

/// Where the loop's time comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LoopClock {
    /// Virtual: moved on by the loop, from timer to timer, and by CPU work.
    Virtual(Duration),
    /// The wall clock, since the loop started.
    Real(Instant),
}

impl LoopClock {
    /// A clock at zero: virtual if `simulated`, the wall clock if not.
    pub(crate) fn start(simulated: bool) -> LoopClock {
        if simulated {
            LoopClock::Virtual(Duration::ZERO)
        } else {
            LoopClock::Real(Instant::now())
        }
    }

    /// The time since the clock started.
    pub(crate) fn now(self) -> Duration {
        match self {
            LoopClock::Virtual(now) => now,
            LoopClock::Real(start) => start.elapsed(),
        }
    }

    /// Whether the clock is virtual.
    pub(crate) fn is_virtual(self) -> bool {
        matches!(self, LoopClock::Virtual(_))
    }

    /// A virtual clock moves on by `duration`, at once; the wall clock
    /// moves by itself.
    pub(crate) fn advance(&mut self, duration: Duration) {
        if let LoopClock::Virtual(now) = self {
            *now += duration;
        }
    }
}
