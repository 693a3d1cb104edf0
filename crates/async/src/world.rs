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

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Whether a real file write has used tokio's blocking thread pool.
    pub(crate) used_blocking_pool: AtomicBool,
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
    /// The virtual time since the run began.
    pub(crate) fn now(&self) -> Duration {
        Instant::now() - self.start
    }

    /// Records a note on the running task's lane.
    pub(crate) fn note(&self, text: String) {
        self.recorder.note(self.now(), &lane(), text);
    }

    /// Sleeps for `duration` and records the wait as a span of this task.
    pub(crate) async fn wait(&self, duration: Duration, label: String) {
        self.waiting(label, tokio::time::sleep(duration)).await;
    }

    /// Awaits `future` and records the time it took as a wait of this task.
    /// If the future is dropped before it finishes (a timeout, `select!`),
    /// the span ends there, marked cancelled.
    pub(crate) async fn waiting<T>(&self, label: String, future: impl Future<Output = T>) -> T {
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
        let span = self
            .recorder
            .begin(self.now(), &lane(), label, SpanKind::Wait);
        let mut waiting = Waiting {
            world: self,
            span: Some(span),
        };
        let value = future.await;
        if let Some(span) = waiting.span.take() {
            self.recorder.end(span, self.now());
        }
        value
    }
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
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_time().start_paused(mode.is_simulated());
    if !mode.is_simulated() {
        builder.enable_io();
    }
    let runtime = builder
        .build()
        .unwrap_or_else(|error| panic!("could not build the tokio runtime: {error}"));
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
        let (clock, threads) = if mode.is_simulated() {
            (Clock::Virtual, 1)
        } else {
            let pool = world.used_blocking_pool.load(Ordering::Relaxed);
            (Clock::Wall, 1 + usize::from(pool))
        };
        let trace = world.recorder.finish(world.now(), clock, threads);
        (result, trace)
    });
    Run {
        trace,
        outcome: outcome_disk.outcome(result),
    }
}
