//! The simulated world as the async style sees it: a current-thread tokio
//! runtime whose clock is paused.
//!
//! With a paused clock, tokio does not wait for a timer: when every task is
//! waiting, it moves its clock forward to the earliest timer at once. Sleeps
//! therefore finish in the same order, at the same virtual instants, on every
//! run, and a ten-second program runs in a millisecond. One thread runs every
//! task, so the world lives in a thread-local; each task's lane lives in a
//! tokio task-local.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use threeways_core::sim::{SimDisk, SimNet};
use threeways_core::{Clock, Error, Lane, Recorder, Run, Scenario, SpanKind};
use tokio::time::Instant;

/// What every task of one run shares.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) recorder: Recorder,
    pub(crate) net: SimNet,
    pub(crate) disk: SimDisk,
    start: Instant,
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
        let span = self
            .recorder
            .begin(self.now(), &lane(), label, SpanKind::Wait);
        tokio::time::sleep(duration).await;
        self.recorder.end(span, self.now());
    }
}

/// The lane of the running task; `main` outside any named task.
pub(crate) fn lane() -> Lane {
    LANE.try_with(Lane::clone)
        .unwrap_or_else(|_| Lane::from("main"))
}

/// Runs the future `main` makes on a fresh paused runtime and returns the
/// trace and outcome.
pub(crate) fn run<F>(scenario: &Scenario, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap_or_else(|error| panic!("could not build the tokio runtime: {error}"));
    let disk = SimDisk::new(scenario);
    let net = SimNet::new(scenario);
    let (result, trace) = runtime.block_on(async {
        // `Instant::now()` reads the paused clock, so it must be read here,
        // inside the runtime.
        let world = Arc::new(World {
            recorder: Recorder::new(),
            net,
            disk: disk.clone(),
            start: Instant::now(),
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
        let trace = world.recorder.finish(world.now(), Clock::Virtual, 1);
        (result, trace)
    });
    Run {
        trace,
        outcome: disk.outcome(result),
    }
}
