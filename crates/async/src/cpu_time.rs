//! CPU time in the simulated async world: how a task that computes holds up
//! every other task, on a clock that only moves when tasks wait.
//!
//! Tokio's paused clock stands still while code runs: it moves only when
//! every task is waiting, to the next timer. So the CPU time a task spends
//! (`compute`, charged its job's cost) does not show by itself. It is kept
//! here as time the clock owes, *unsettled*, and settled (the paused clock
//! moved on by it) at the task's next point of letting go of the thread:
//!
//! - before a wait begins (`World::wait_for_time`, `World::wait_for_future`):
//!   the wait starts when the work ends, and a timer made before settling
//!   would read its deadline off a clock that is behind, and end early;
//! - at `yield_now`, when a task ends, and before awaiting a spawned task.
//!
//! Meanwhile no other task runs, exactly as on the runtime's one real
//! thread: timers that fall due during the work run late, when it is
//! settled. `World::now` adds the unsettled time, so a task that reads the
//! clock after computing sees the time its work took.
//!
//! One exception: work handed to `spawn_blocking` runs, in the simulation,
//! on another thread. While it runs, [`CpuTime::apart`] collects its CPU
//! time separately, and the task waits that long instead of holding the
//! thread.
//!
//! The blocking style needs none of this (a simulated thread that computes
//! simply sleeps for the job's cost while the others go on), nor does the
//! callback style (the loop's own clock moves on while a callback computes).

use crate::clock::RunClock;
use std::sync::Mutex;
use std::time::Duration;
use threeways_core::lock::lock;

/// The CPU time of the running task that the clock does not show yet.
#[derive(Debug, Default)]
pub(crate) struct CpuTime {
    unsettled: Mutex<Duration>,
    /// Where CPU time goes instead while [`CpuTime::apart`] runs.
    elsewhere: Mutex<Option<Duration>>,
}

impl CpuTime {
    /// The running task has used `cost` of CPU. Returns `false` if that
    /// time went elsewhere: to work that runs apart, on another thread.
    pub(crate) fn charge(&self, cost: Duration) -> bool {
        match lock(&self.elsewhere).as_mut() {
            Some(elsewhere) => {
                *elsewhere += cost;
                false
            }
            None => {
                *lock(&self.unsettled) += cost;
                true
            }
        }
    }

    /// CPU time used and not yet on the clock.
    pub(crate) fn unsettled(&self) -> Duration {
        *lock(&self.unsettled)
    }

    /// Moves `clock` past the CPU time used so far. Called wherever a task
    /// lets go of the thread.
    pub(crate) async fn settle(&self, clock: &RunClock) {
        let unsettled = std::mem::take(&mut *lock(&self.unsettled));
        if !unsettled.is_zero() {
            clock.advance(unsettled).await;
        }
    }

    /// Runs `f` with the CPU time it is charged kept apart, and returns its
    /// value and that time: simulated work on another thread.
    pub(crate) fn apart<T>(&self, f: impl FnOnce() -> T) -> (T, Duration) {
        *lock(&self.elsewhere) = Some(Duration::ZERO);
        let value = f();
        let cost = lock(&self.elsewhere).take().unwrap_or_default();
        (value, cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn time_charged_apart_is_not_this_tasks() {
        let cpu = CpuTime::default();
        assert!(cpu.charge(MS(10)));
        let ((), apart) = cpu.apart(|| {
            assert!(!cpu.charge(MS(30)));
            assert!(!cpu.charge(MS(5)));
        });
        assert_eq!(apart, MS(35));
        assert_eq!(cpu.unsettled(), MS(10));
        assert!(cpu.charge(MS(1)), "after `apart`, time is the task's again");
        assert_eq!(cpu.unsettled(), MS(11));
    }
}
