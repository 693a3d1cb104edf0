//! The loop's clock: virtual in the simulated world, where the loop moves
//! it on itself, and the wall clock in the real one.
//!
//! A clone reads the same clock: the loop's [`Handle`](crate::Handle)
//! holds one, so that a future being polled, which cannot borrow the loop,
//! can still tell the time (and CPU work in it can move a virtual clock on).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where the loop's time comes from.
#[derive(Clone, Debug)]
pub(crate) enum LoopClock {
    /// Virtual, in nanoseconds: moved on by the loop, from timer to timer,
    /// and by CPU work. One thread moves it; the atomic only lets a clone
    /// read it without borrowing the loop.
    Virtual(Arc<AtomicU64>),
    /// The wall clock, since the loop started.
    Real(Instant),
}

impl LoopClock {
    /// A clock at zero: virtual if `simulated`, the wall clock if not.
    pub(crate) fn start(simulated: bool) -> LoopClock {
        if simulated {
            LoopClock::Virtual(Arc::default())
        } else {
            LoopClock::Real(Instant::now())
        }
    }

    /// The time since the clock started.
    pub(crate) fn now(&self) -> Duration {
        match self {
            LoopClock::Virtual(nanos) => Duration::from_nanos(nanos.load(Ordering::Relaxed)),
            LoopClock::Real(start) => start.elapsed(),
        }
    }

    /// Whether the clock is virtual.
    pub(crate) fn is_virtual(&self) -> bool {
        matches!(self, LoopClock::Virtual(_))
    }

    /// A virtual clock moves on by `duration`, at once; the wall clock
    /// moves by itself.
    pub(crate) fn advance(&self, duration: Duration) {
        if let LoopClock::Virtual(nanos) = self {
            nanos.fetch_add(as_nanos(duration), Ordering::Relaxed);
        }
    }

    /// A virtual clock jumps to `at`, if it is not there already.
    pub(crate) fn move_to(&self, at: Duration) {
        if let LoopClock::Virtual(nanos) = self {
            nanos.fetch_max(as_nanos(at), Ordering::Relaxed);
        }
    }
}

/// A duration in nanoseconds: 584 years fit in a `u64`, and no simulated
/// run lasts that long.
fn as_nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}
