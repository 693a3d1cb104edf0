//! CPU time in the simulated async world: how a task that computes holds up
//! every other task, on a clock that only moves when tasks wait.
//!
//! Tokio's paused clock stands still while code runs: it moves only when
//! every task is waiting, to the next timer. So the CPU time a task spends
//! (`compute`, charged its job's cost) would not show by itself. Charging
//! it therefore moves the clock on at once ([`RunClock::advance_now`]), so
//! that anything made next that reads the clock (our waits, and tokio's
//! own `sleep` and `timeout`, which a student may call) starts when the
//! work ends.
//!
//! Meanwhile no other task runs, exactly as on the runtime's one real
//! thread: the task still holds it. Timers that fell due during the work
//! fire late, when the task next lets go of the thread and the time is
//! *settled* (a yield, so that they run first):
//!
//! - before a wait begins (`World::wait_for_time`, `World::wait_for_future`);
//! - at `yield_now`, when a task ends, and before awaiting a spawned task.
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use threeways_model::lock::lock;

/// Whether the running task owes the others a turn for CPU time it used.
#[derive(Debug, Default)]
pub(crate) struct CpuTime {
    /// Whether the running task has been charged CPU time since it last
    /// let go of the thread.
    owes_yield: AtomicBool,
    /// Where CPU time goes instead while [`CpuTime::apart`] runs.
    elsewhere: Mutex<Option<Duration>>,
}

impl CpuTime {
    /// The running task has used `cost` of CPU: `clock` shows it at once.
    /// Returns `false` if that time went elsewhere: to work that runs
    /// apart, on another thread.
    pub(crate) fn charge(&self, cost: Duration, clock: &RunClock) -> bool {
        match lock(&self.elsewhere).as_mut() {
            Some(elsewhere) => {
                *elsewhere += cost;
                false
            }
            None => {
                clock.advance_now(cost);
                self.owes_yield.store(true, Ordering::Relaxed);
                true
            }
        }
    }

    /// Lets the tasks and timers that fell due during the CPU time charged
    /// since the last call run first, if any was charged. Called wherever
    /// a task lets go of the thread.
    pub(crate) async fn settle(&self) {
        if self.owes_yield.swap(false, Ordering::Relaxed) {
            tokio::task::yield_now().await;
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

    use threeways_test_support::ms;

    #[test]
    fn time_charged_apart_is_not_this_tasks() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let (cpu, clock) = (CpuTime::default(), RunClock::tokio());
            assert!(cpu.charge(ms(10), &clock));
            let ((), apart) = cpu.apart(|| {
                assert!(!cpu.charge(ms(30), &clock));
                assert!(!cpu.charge(ms(5), &clock));
            });
            assert_eq!(apart, ms(35));
            assert_eq!(clock.now(), ms(10), "the clock shows this task's time only");
            assert!(
                cpu.charge(ms(1), &clock),
                "after `apart`, time is the task's again"
            );
            assert_eq!(clock.now(), ms(11));
        });
    }
}
