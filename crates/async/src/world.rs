//! The world as the async style sees it: a current-thread tokio runtime.
//!
//! In the simulated world its clock is paused. With a paused clock, tokio
//! does not wait for a timer: when every task is waiting, it moves its clock
//! forward to the earliest timer at once. Sleeps therefore finish in the
//! same order, at the same virtual instants, on every run, and a ten-second
//! program runs in a millisecond. In the real world the clock runs, and
//! sockets are real: a paused clock and real sockets do not mix (tokio would
//! jump past a timeout while a socket is still on its way).
//!
//! One thread runs every task, so the world lives in a thread-local; each
//! task's lane lives in a tokio task-local.

use crate::run_on::RunOn;
use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use threeways_core::trace::OpenSpan;
use threeways_core::world::{Disk, Mode, Net};
use threeways_core::{Clock, Error, Lane, Recorder, Run, Scenario, SpanKind};
use tokio::time::Instant;

/// What every task of one run shares.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) recorder: Recorder,
    pub(crate) net: Net,
    pub(crate) disk: Disk,
    start: Instant,
    /// Whether the run has used tokio's blocking thread pool.
    pub(crate) used_blocking_pool: AtomicBool,
    /// Whether the running task has been charged CPU time since it last
    /// let go of the thread (see [`World::charge`]).
    owes_yield: AtomicBool,
    /// Where CPU time goes instead while a job runs "on another thread"
    /// (simulated `spawn_blocking`).
    cpu_elsewhere: Mutex<Option<Duration>>,
}

thread_local! {
    static WORLD: RefCell<Option<Arc<World>>> = const { RefCell::new(None) };
}

tokio::task_local! {
    /// The lane of the task that is running.
    pub(crate) static LANE: Lane;
}

/// The world of the run on this thread.
///
/// # Panics
/// Outside a run: chapter code is only called through [`crate::run`].
pub(crate) fn current() -> Arc<World> {
    WORLD
        .with(|world| world.borrow().clone())
        .expect("async chapter code runs inside threeways_async::run, which sets up its world")
}

impl World {
    /// The time since the run began.
    pub(crate) fn now(&self) -> Duration {
        Instant::now() - self.start
    }

    /// Whether the run is simulated.
    pub(crate) fn is_simulated(&self) -> bool {
        matches!(self.net, Net::Simulated(_))
    }

    /// Simulated world: the running task has used `cost` of CPU. The clock
    /// shows it at once, so a timer made next (ours, or tokio's own
    /// `sleep` and `timeout`) starts after the work. A task that computes
    /// keeps the thread, so no other task runs, and no timer fires, until
    /// it next lets go of the thread ([`World::settle`]); timers due
    /// meanwhile run late.
    ///
    /// Returns `false` if the time went "elsewhere": to a job that runs, in
    /// the simulation, on another thread ([`World::apart`]).
    pub(crate) fn charge(&self, cost: Duration) -> bool {
        match lock(&self.cpu_elsewhere).as_mut() {
            Some(elsewhere) => {
                *elsewhere += cost;
                false
            }
            None => {
                advance_now(cost);
                self.owes_yield.store(true, Ordering::Relaxed);
                true
            }
        }
    }

    /// Lets the tasks and timers that came due during the CPU time charged
    /// since the last call run, if any was. Called wherever a task lets go
    /// of the thread.
    pub(crate) async fn settle(&self) {
        if self.owes_yield.swap(false, Ordering::Relaxed) {
            tokio::task::yield_now().await;
        }
    }

    /// Runs `f` with the CPU time it is charged kept apart, and returns its
    /// value and that time: simulated work on another thread.
    pub(crate) fn apart<T>(&self, f: impl FnOnce() -> T) -> (T, Duration) {
        *lock(&self.cpu_elsewhere) = Some(Duration::ZERO);
        let value = f();
        let cost = lock(&self.cpu_elsewhere).take().unwrap_or_default();
        (value, cost)
    }

    /// Records a note on the running task's lane.
    pub(crate) fn note(&self, text: String) {
        self.recorder.note(self.now(), &lane(), text);
    }

    /// Sleeps for `duration` and records the wait as a span of this task.
    pub(crate) async fn wait(&self, duration: Duration, label: String) {
        self.waiting(label, || tokio::time::sleep(duration)).await;
    }

    /// Awaits the future `start` makes and records the time it took as a
    /// wait of this task. If the future is dropped before it finishes (a
    /// timeout, `select!`), the span ends there, marked cancelled.
    ///
    /// The future is made only once the clock shows the CPU time this task
    /// has used: a tokio sleep reads its deadline off the clock when it is
    /// made, and made earlier it would end early by that much.
    pub(crate) async fn waiting<F: Future>(
        &self,
        label: String,
        start: impl FnOnce() -> F,
    ) -> F::Output {
        /// Ends the span when dropped, which is early only if cancelled.
        struct Waiting<'a> {
            world: &'a World,
            span: Option<OpenSpan>,
        }
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                if let Some(span) = self.span.take() {
                    self.world.recorder.end_cancelled(span, self.world.now());
                }
            }
        }
        self.settle().await;
        let span = self
            .recorder
            .begin(self.now(), &lane(), label, SpanKind::Wait);
        let mut waiting = Waiting {
            world: self,
            span: Some(span),
        };
        let value = start().await;
        if let Some(span) = waiting.span.take() {
            self.recorder.end(span, self.now());
        }
        value
    }
}

/// Moves tokio's paused clock on by `cost` now, from code that is not
/// `async`. `tokio::time::advance` moves the clock when it is first polled,
/// then yields; polled once here and dropped, it moves the clock and does
/// nothing else (the yield is [`World::settle`]'s, when the task lets go of
/// the thread). `tokios_own_sleep_after_cpu_work_wakes_at_the_sum_of_the_two`
/// below pins this.
fn advance_now(cost: Duration) {
    let mut advance = std::pin::pin!(tokio::time::advance(cost));
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    // Pending: it has moved the clock and would now yield.
    let _ = advance.as_mut().poll(&mut context);
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The world of the run on this thread, if there is one: the threads of
/// tokio's blocking pool have none.
pub(crate) fn try_current() -> Option<Arc<World>> {
    WORLD.with(|world| world.borrow().clone())
}

/// The lane of the running task; `main` outside any named task.
pub(crate) fn lane() -> Lane {
    LANE.try_with(Lane::clone)
        .unwrap_or_else(|_| Lane::from("main"))
}

/// Runs the future `main` makes on a fresh runtime (paused in the simulated
/// world) and returns the trace and outcome.
pub(crate) fn run<F>(scenario: &Scenario, mode: &Mode, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let run_on = Arc::new(RunOn::default());
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_time().start_paused(mode.is_simulated());
    if mode.is_simulated() {
        let hook = Arc::clone(&run_on);
        builder.on_thread_park(move || hook.on_park());
    } else {
        builder.enable_io();
    }
    let runtime = builder
        .build()
        .unwrap_or_else(|error| panic!("could not build the tokio runtime: {error}"));
    run_on.watch(runtime.metrics());
    let (net, disk) = mode.net_and_disk(scenario);
    let outcome_disk = disk.clone();
    let (result, trace) = runtime.block_on(async {
        // `Instant::now()` reads the runtime's clock, so it must be read
        // here, inside the runtime.
        let world = Arc::new(World {
            recorder: Recorder::new(),
            net,
            disk,
            start: Instant::now(),
            used_blocking_pool: AtomicBool::new(false),
            owes_yield: AtomicBool::new(false),
            cpu_elsewhere: Mutex::default(),
        });
        /// Clears the thread-local even if `main` panics.
        struct Leave;
        impl Drop for Leave {
            fn drop(&mut self) {
                WORLD.with(|w| w.borrow_mut().take());
            }
        }
        WORLD.with(|w| *w.borrow_mut() = Some(Arc::clone(&world)));
        let _leave = Leave;
        let result = LANE.scope(Lane::from("main"), main()).await;
        world.settle().await;
        if mode.is_simulated() {
            run_on.until_no_task_is_left(&world).await;
        }
        let clock = if mode.is_simulated() {
            Clock::Virtual
        } else {
            Clock::Wall
        };
        let threads = 1 + usize::from(world.used_blocking_pool.load(Ordering::Relaxed));
        let trace = world.recorder.finish(world.now(), clock, threads);
        (result, trace)
    });
    Run {
        trace,
        outcome: outcome_disk.outcome(result),
    }
}

#[cfg(test)]
mod tests {
    //! CPU time and the clock: a wait that starts after CPU work starts
    //! when the work ends, not when it began.

    use super::run;
    use crate::cpu::compute;
    use crate::time::{now, sleep};
    use std::time::Duration;
    use threeways_core::trace::Event;
    use threeways_core::world::Mode;
    use threeways_core::{CpuJob, Scenario};

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: MS(50),
        };
        let run = run(&Scenario::default(), &Mode::Simulated, || async move {
            compute(&job);
            sleep(MS(50)).await;
            Ok(vec![format!("{} ms", now().as_millis())])
        });
        assert_eq!(run.outcome.result, Ok(vec!["100 ms".to_owned()]));
        assert_eq!(run.trace.total, MS(100));
        let sleep_span = run.trace.events.iter().find_map(|event| match event {
            Event::Span {
                start, end, label, ..
            } if label == "sleep 50 ms" => Some((*start, *end)),
            _ => None,
        });
        assert_eq!(sleep_span, Some((MS(50), MS(100))));
    }

    /// A student may call tokio's own timers, which read tokio's clock
    /// directly: it must already show the CPU time, whoever runs next.
    #[test]
    fn tokios_own_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: MS(50),
        };
        let run = run(&Scenario::default(), &Mode::Simulated, || async move {
            let other = crate::task::spawn("other", async {
                sleep(MS(60)).await;
                now()
            });
            compute(&job);
            tokio::time::sleep(MS(50)).await;
            let woke = now();
            compute(&job);
            let timed_out = tokio::time::timeout(MS(30), std::future::pending::<()>()).await;
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
        });
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
