//! The async world's clock and timers: the one place this crate reads the
//! time, sleeps or moves the clock on, so that two executors can serve them.
//!
//! - **Tokio**: in the simulated world the runtime's clock is paused: tokio
//!   moves it to the next timer when every task is waiting, and
//!   [`RunClock::advance_now`] moves it by hand for CPU time. Both only work
//!   inside the runtime, which is why a clock is made there.
//! - **Our executor** (`threeways_event_loop::executor`): the clock is the
//!   event loop's, virtual in the simulated world; a sleep is a loop timer
//!   that wakes the task, and CPU time moves the loop's clock on, as the
//!   callback style's `compute` does.

use futures::future::Either;
use std::future::Future;
use std::time::Duration;
use threeways_event_loop::Handle;
use threeways_event_loop::time::Sleep;
use tokio::time::Instant;

/// The clock of one run, started when the run began.
#[derive(Debug)]
pub(crate) enum RunClock {
    /// Tokio's clock, and when the run began by it.
    Tokio(Instant),
    /// The clock of the loop our executor runs on.
    Loop(Handle),
}

impl RunClock {
    /// Tokio's clock, at zero. Must be called inside the runtime.
    pub(crate) fn tokio() -> RunClock {
        RunClock::Tokio(Instant::now())
    }

    /// The time since the run began, as the runtime's clock shows it.
    pub(crate) fn now(&self) -> Duration {
        match self {
            RunClock::Tokio(start) => Instant::now() - *start,
            RunClock::Loop(handle) => handle.now(),
        }
    }

    /// A timer that fires `duration` from now: now as the clock shows it
    /// when this is called, not when the future is first polled.
    pub(crate) fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + use<> {
        match self {
            RunClock::Tokio(_) => Either::Left(tokio::time::sleep(duration)),
            RunClock::Loop(_) => Either::Right(Sleep::new(duration)),
        }
    }

    /// Simulated world: moves the clock on by `duration` at once, from code
    /// that is not `async` (a task in the middle of CPU work). Timers that
    /// fall due on the way fire when the task next lets go of the thread,
    /// not here.
    ///
    /// On tokio: `tokio::time::advance` moves the clock when it is first
    /// polled, then yields; polled once here and dropped, it moves the
    /// clock and does nothing else. Tokio does not document that order, so
    /// the test `tokios_own_sleep_after_cpu_work_wakes_at_the_sum_of_the_two`
    /// below pins it.
    pub(crate) fn advance_now(&self, duration: Duration) {
        match self {
            RunClock::Tokio(_) => {
                let mut advance = std::pin::pin!(tokio::time::advance(duration));
                let mut context = std::task::Context::from_waker(std::task::Waker::noop());
                // Pending: it has moved the clock and would now yield.
                let _ = advance.as_mut().poll(&mut context);
            }
            RunClock::Loop(handle) => handle.charge_cpu(duration),
        }
    }
}
#[cfg(test)]
mod tests {
    use crate::cpu::compute;
    use crate::time::{now, sleep};
    use crate::world::run;
    use threeways_model::{CpuJob, Scenario};
    use threeways_world::Mode;

    use threeways_test_support::ms;

    /// A student may call tokio's own timers, which read tokio's clock
    /// directly: it must already show the CPU time, whoever runs next.
    #[test]
    fn tokios_own_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: ms(50),
        };
        let run = run(
            crate::Executor::Tokio,
            &Scenario::default(),
            &Mode::Simulated,
            || async move {
                let other = crate::task::spawn(async {
                    sleep(ms(60)).await;
                    now()
                });
                compute(&job);
                tokio::time::sleep(ms(50)).await;
                let woke = now();
                compute(&job);
                let timed_out = tokio::time::timeout(ms(30), std::future::pending::<()>()).await;
                let timed_out_at = now();
                let other_woke = other.await.expect("no panic");
                Ok(vec![
                    format!("main woke at {} ms", woke.as_millis()),
                    format!(
                        "timed out at {} ms: {timed_out:?}",
                        timed_out_at.as_millis()
                    ),
                    format!("other woke at {} ms", other_woke.as_millis()),
                ])
            },
        );
        assert_eq!(
            run.outcome.result,
            Ok(vec![
                "main woke at 100 ms".to_owned(),
                "timed out at 180 ms: Err(Elapsed(()))".to_owned(),
                // Due at 110 ms, while `main` held the thread from 100 to 150.
                "other woke at 150 ms".to_owned(),
            ])
        );
    }
}
