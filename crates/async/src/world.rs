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
//! The world of the run, and the task being polled, live in a
//! thread-local, set around each poll of a task on whichever thread polls
//! it (the runtime's context, as tokio keeps its own). A task's lane is
//! the `tracing` span it runs in, read by the run's own subscriber
//! (`threeways_model::lanes`), installed around each poll too; a task
//! with no span is named as the run counts tasks (`task-3`). The clock and
//! its timers are in `clock.rs`; CPU time, which a paused clock does not
//! see, in `cpu_time.rs`.
//!
//! The same programs also run on **our executor**, the event loop the
//! callback style runs on, turned into one (`threeways_event_loop`), in
//! the simulated world; [`Executor`] says which runs them. Nothing in the
//! chapters changes for it: their waits go through `clock.rs`, whose timers
//! are then the loop's, and their tasks through `task.rs`, whose `spawn` is
//! then ours. The world runs on after `main` returns until no task is left,
//! for at most `RUN_ON`, as on tokio (`run_on.rs`), and the tests hold the
//! two executors to byte-identical traces. In the real world, ours runs
//! them too: a fetch's socket is then ours (`threeways_event_loop::net`),
//! registered with the loop's poller, whose readiness wakes the task, and
//! a file write goes to the loop's worker thread.

use crate::clock::RunClock;
use crate::cpu_time::CpuTime;
use crate::run_on::RunOn;
use futures::future::{Either, select};
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use threeways_event_loop::EventLoop;
use threeways_event_loop::executor::{self, Polls, block_on};
use threeways_model::lanes::Lanes;
use threeways_model::lock::lock;
use threeways_model::trace::OpenSpan;
use threeways_model::{Clock, Error, Lane, Recorder, Run, Scenario, SpanKind};
use threeways_sim::blocked;
use threeways_sim::hang::{self, NO_TASK_CAN_WAKE};
use threeways_sim::{RUN_ON, STOPPED_LANE, stopped_note};
use threeways_world::{Disk, Mode, Net};

/// What every task of one run shares.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) recorder: Recorder,
    pub(crate) net: Net,
    pub(crate) disk: Disk,
    pub(crate) clock: RunClock,
    /// Simulated CPU time, and the turn it owes the other tasks.
    pub(crate) cpu: CpuTime,
    /// Whether the run has used tokio's blocking thread pool.
    pub(crate) used_blocking_pool: AtomicBool,
    /// On a multi-thread runtime: each note says which OS thread wrote it.
    pub(crate) names_threads: bool,
    /// The run's `tracing` subscriber, which names lanes after spans.
    lanes: tracing::Dispatch,
    /// How many tasks the run has spawned: a task with no span of its own
    /// is named after its number.
    spawned: AtomicUsize,
}

/// A task of the run, as the world knows it: its name, and whether it has
/// finished.
#[derive(Debug)]
pub(crate) struct Task {
    /// `main`, or `task-N` until the first span the task runs in names it.
    name: Mutex<Lane>,
    /// Whether the task has no span yet: its name may still change.
    unnamed: AtomicBool,
    /// Whether its future has returned.
    finished: AtomicBool,
}

impl Task {
    /// The run's main task.
    pub(crate) fn main() -> Arc<Task> {
        Task::named("main")
    }

    /// A task called `lane`, whatever span it runs in.
    pub(crate) fn named(lane: &str) -> Arc<Task> {
        Arc::new(Task {
            name: Mutex::new(lane.into()),
            unnamed: AtomicBool::new(false),
            finished: AtomicBool::new(false),
        })
    }

    /// Its future has returned.
    pub(crate) fn finish(&self) {
        self.finished.store(true, Ordering::Relaxed);
    }

    /// Whether its future has returned.
    pub(crate) fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }

    /// The task's lane when no span of its own is entered: its name.
    pub(crate) fn name(&self) -> Lane {
        lock(&self.name).clone()
    }

    /// The task runs in a span that names `lane`: from now on that is its
    /// name, if it had none.
    fn learn(&self, lane: Lane) {
        if self.unnamed.swap(false, Ordering::Relaxed) {
            *lock(&self.name) = lane;
        }
    }
}

/// What runs on this thread now: the run's world, and the task polled.
#[derive(Clone)]
struct Running {
    world: Arc<World>,
    task: Arc<Task>,
}

/// Which tokio runtime runs a program: see [`run_on_runtime`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// One thread runs every task: every program, in the simulated world.
    CurrentThread,
    /// A worker thread per core, and tasks that move between them: a
    /// program that asks for it, in the real world only.
    MultiThread,
}

/// How many worker threads the multi-thread runtime has: more than most
/// machines' cores need, so that moving between threads shows even on two.
const WORKER_THREADS: usize = 4;

/// How long the simulated world lets every task wait with nothing to wake
/// them before it calls the run hung. Tokio's paused clock jumps straight to
/// the next timer when every task waits; a timer this far away is reached
/// only when no other is set, so reaching it means nothing else could ever
/// happen. (A program that sleeps longer than this would be called hung.)
const HANG_WATCH: Duration = Duration::from_secs(365 * 24 * 60 * 60);

thread_local! {
    /// The world of the run whose task is being polled on this thread, and
    /// that task: the runtime's context, as tokio keeps its own handle in
    /// one. Set for each poll ([`in_world`]), so that chapter code reaches
    /// its world without being handed it.
    static WORLD: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Which executor runs an async program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Executor {
    /// Tokio's current-thread runtime: every chapter's default.
    Tokio,
    /// Ours: the event loop the callback style runs on, as an executor,
    /// which can also write each poll and wake into the trace.
    Ours(Polls),
}

/// The world of the run on this thread.
///
/// # Panics
/// Outside a run: chapter code is only called through [`crate::run`].
pub(crate) fn current() -> Arc<World> {
    try_current()
        .expect("async chapter code runs inside threeways_async::run, which sets up its world")
}

impl World {
    /// The time since the run began.
    pub(crate) fn now(&self) -> Duration {
        self.clock.now()
    }

    /// Whether the run is on our executor, not tokio.
    pub(crate) fn on_ours(&self) -> bool {
        matches!(self.clock, RunClock::Loop(_))
    }

    /// Whether the run is simulated.
    pub(crate) fn is_simulated(&self) -> bool {
        matches!(self.net, Net::Simulated(_))
    }

    /// A new task of the run, named after its number until a span names
    /// it: `task-1` is the first spawned.
    pub(crate) fn new_task(&self) -> Arc<Task> {
        let number = self.spawned.fetch_add(1, Ordering::Relaxed) + 1;
        Arc::new(Task {
            name: Mutex::new(format!("task-{number}").into()),
            unnamed: AtomicBool::new(true),
            finished: AtomicBool::new(false),
        })
    }

    /// Lets the timers that fell due during this task's CPU time run: it
    /// is letting go of the thread (see `cpu_time.rs`).
    pub(crate) async fn settle(&self) {
        self.cpu.settle().await;
    }

    /// Records a note on the running task's lane; on a multi-thread
    /// runtime, with the name of the OS thread the task is running on.
    pub(crate) fn note(&self, text: String) {
        let text = if self.names_threads {
            let thread = std::thread::current();
            format!("{text} (on {})", thread.name().unwrap_or("a thread"))
        } else {
            text
        };
        self.recorder.note(self.now(), &lane(), text);
    }

    /// Waits until `duration` has passed, and records the wait as a span
    /// of this task called `label`.
    pub(crate) async fn wait_for_time(&self, label: String, duration: Duration) {
        self.wait_for_future(label, || self.clock.sleep(duration))
            .await;
    }

    /// Awaits the future `start` makes, and records the time it took as a
    /// span of this task called `label`. If the future is dropped before it
    /// finishes (a timeout, `select!`), the span ends there, marked
    /// cancelled.
    ///
    /// The future is made only once the clock shows the CPU time this task
    /// has used: a timer reads its deadline off the clock when it is made,
    /// and made earlier it would end early by that much.
    pub(crate) async fn wait_for_future<F: Future>(
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

/// The world of the run on this thread, if there is one: the threads of
/// tokio's blocking pool have none.
pub(crate) fn try_current() -> Option<Arc<World>> {
    WORLD.with(|running| running.borrow().as_ref().map(|r| Arc::clone(&r.world)))
}

/// The lane of the code running now: the innermost span entered in the
/// task being polled, else the task's name; `main` outside any task.
pub(crate) fn lane() -> Lane {
    Lanes::current().unwrap_or_else(|| {
        WORLD.with(|running| match running.borrow().as_ref() {
            Some(running) => running.task.name(),
            None => Lane::from("main"),
        })
    })
}

/// Runs the future `main` makes on `executor`: a fresh tokio runtime
/// (paused in the simulated world), or ours; and returns the trace and
/// outcome.
pub(crate) fn run<F>(
    executor: Executor,
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce() -> F,
) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    run_on_runtime(executor, Flavour::CurrentThread, scenario, mode, main)
}

/// [`run`], on a runtime of `flavour` in the real world. The simulated world
/// is always one thread, on a paused clock: that is what makes it
/// deterministic (on several threads, which task runs first would be the
/// operating system's choice), and the programs are the same either way.
pub(crate) fn run_on_runtime<F>(
    executor: Executor,
    flavour: Flavour,
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce() -> F,
) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let flavour = if mode.is_simulated() {
        Flavour::CurrentThread
    } else {
        flavour
    };
    match executor {
        Executor::Tokio => run_on_tokio(flavour, scenario, mode, main),
        Executor::Ours(polls) => run_on_ours(scenario, mode, polls, main),
    }
}

/// `future`, the task `task` of the run of `world`, with that world as
/// the world of whatever thread polls it: on a multi-thread runtime a task
/// runs on any worker thread, each poll on a thread of its own choosing.
/// Around each poll the world is this thread's, with the run's `tracing`
/// subscriber, and the first span the task enters names it; what was there
/// before is put back after the poll. In the simulated world each poll is
/// watched for a thread that blocks (`threeways_sim::blocked`): a poll
/// never needs to wait there.
pub(crate) fn in_world<F: Future>(
    world: Option<Arc<World>>,
    task: Arc<Task>,
    future: F,
) -> impl Future<Output = F::Output> + use<F> {
    /// Puts back what ran on this thread before the poll, even if the
    /// poll panics.
    struct Restore(Option<Running>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            WORLD.with(|running| *running.borrow_mut() = previous);
        }
    }
    let mut future = Box::pin(future);
    std::future::poll_fn(move |context| {
        let Some(world) = &world else {
            return future.as_mut().poll(context);
        };
        let running = Running {
            world: Arc::clone(world),
            task: Arc::clone(&task),
        };
        let _restore = Restore(WORLD.with(|current| current.replace(Some(running))));
        tracing::dispatcher::with_default(&world.lanes, || {
            let at = world.now();
            let watch = world
                .is_simulated()
                .then(|| blocked::begin(&world.recorder, blocked::Place::Poll, &task.name()))
                .flatten();
            let (poll, first) = Lanes::in_task(|| future.as_mut().poll(context));
            if let Some(lane) = first {
                task.learn(lane);
            }
            if let Some(watch) = watch {
                watch.end_on(at, &task.name());
            }
            poll
        })
    })
}

/// Makes `world` the world of this thread until the guard is dropped, even
/// if the program panics.
pub(crate) fn enter(world: &Arc<World>) -> impl Drop + use<> {
    /// Clears the thread-local when dropped.
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            WORLD.with(|w| w.borrow_mut().take());
        }
    }
    let running = Running {
        world: Arc::clone(world),
        task: Task::main(),
    };
    WORLD.with(|w| *w.borrow_mut() = Some(running));
    Leave
}

/// `run` on tokio, on a runtime of `flavour`.
fn run_on_tokio<F>(
    flavour: Flavour,
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce() -> F,
) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let run_on = Arc::new(RunOn::default());
    let mut builder = match flavour {
        Flavour::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        Flavour::MultiThread => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            let next = std::sync::atomic::AtomicUsize::new(1);
            builder
                .worker_threads(WORKER_THREADS)
                .thread_name_fn(move || {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    format!("tokio-worker-{n}")
                });
            builder
        }
    };
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
        // The clock reads the runtime's, so it must start here, inside it.
        let world = Arc::new(World {
            recorder: mode.recorder(),
            net,
            disk,
            clock: RunClock::tokio(),
            cpu: CpuTime::default(),
            used_blocking_pool: AtomicBool::new(false),
            names_threads: flavour == Flavour::MultiThread,
            lanes: Lanes::dispatch(),
            spawned: AtomicUsize::new(0),
        });
        let _leave = enter(&world);
        let program = in_world(Some(Arc::clone(&world)), Task::main(), main());
        let ended = if mode.is_simulated() {
            // The program, raced against the hang watch (see `HANG_WATCH`).
            let watch = world.clock.sleep(HANG_WATCH);
            match select(pin!(program), pin!(watch)).await {
                Either::Left((result, _)) => Ok(result),
                // Every task waited, with no timer to wake one: the clock
                // jumped to the watch. The run hung after the last thing it
                // did. The report names what the program waits on, so it
                // is written here, while the program (pinned in this
                // statement) is still alive.
                Either::Right(((), _program)) => {
                    let hung_at = world.recorder.latest();
                    hang::report(&world.recorder, hung_at, NO_TASK_CAN_WAKE);
                    Err(hung_at)
                }
            }
        } else {
            Ok(program.await)
        };
        let result = match ended {
            Ok(result) => result,
            Err(hung_at) => {
                let trace = world.recorder.finish(hung_at, Clock::Virtual, 1);
                return (Err(Error::Hung), trace);
            }
        };
        world.settle().await;
        if mode.is_simulated()
            && let Some(alive) = run_on
                .until_no_task_is_left(world.clock.sleep(RUN_ON))
                .await
        {
            let what = match alive {
                1 => "1 task".to_owned(),
                n => format!("{n} tasks"),
            };
            let note = stopped_note(true, &what);
            world.recorder.note(world.now(), &STOPPED_LANE.into(), note);
        }
        let clock = if mode.is_simulated() {
            Clock::Virtual
        } else {
            Clock::Wall
        };
        let workers = match flavour {
            Flavour::CurrentThread => 1,
            Flavour::MultiThread => WORKER_THREADS + 1, // and the caller's
        };
        let threads = workers + usize::from(world.used_blocking_pool.load(Ordering::Relaxed));
        let trace = world.recorder.finish(world.now(), clock, threads);
        (result, trace)
    });
    Run {
        trace,
        outcome: outcome_disk.outcome(result),
    }
}

/// `run` on our executor, showing its `polls` or not.
fn run_on_ours<F>(scenario: &Scenario, mode: &Mode, polls: Polls, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let (net, disk) = mode.net_and_disk(scenario);
    let recorder = mode.recorder();
    let mut lp = EventLoop::new(net.clone(), disk.clone(), recorder.clone())
        .unwrap_or_else(|error| panic!("could not create the event loop's poll: {error}"));
    let world = Arc::new(World {
        recorder,
        net,
        disk: disk.clone(),
        clock: RunClock::Loop(lp.handle()),
        cpu: CpuTime::default(),
        used_blocking_pool: AtomicBool::new(false),
        names_threads: false,
        lanes: Lanes::dispatch(),
        spawned: AtomicUsize::new(0),
    });
    let _leave = enter(&world);
    let entered = executor::enter(&lp, polls);
    // Pinned here, not in `block_on`, so that it is still alive (and what
    // it waits on still known) when a hang is reported.
    let mut program = pin!(async {
        let result = in_world(Some(Arc::clone(&world)), Task::main(), main()).await;
        world.settle().await;
        result
    });
    let result = block_on(&mut lp, program.as_mut());
    let clock = if mode.is_simulated() {
        Clock::Virtual
    } else {
        Clock::Wall
    };
    if result.is_none() {
        // Nothing is left that could wake `main`: the program hung.
        hang::report(&world.recorder, world.now(), NO_TASK_CAN_WAKE);
    } else if mode.is_simulated() {
        executor::run_on(&mut lp, &entered);
    }
    // In the real world, as on tokio, the tasks `main` left are dropped
    // with the executor.
    let threads = 1 + usize::from(world.used_blocking_pool.load(Ordering::Relaxed));
    let trace = world.recorder.finish(world.now(), clock, threads);
    Run {
        trace,
        outcome: disk.outcome(result.unwrap_or(Err(Error::Hung))),
    }
}

#[cfg(test)]
mod tests {
    //! CPU time and the clock: a wait that starts after CPU work starts
    //! when the work ends, not when it began.

    use super::run;
    use crate::cpu::compute;
    use crate::time::{now, sleep};
    use threeways_model::{CpuJob, Scenario};
    use threeways_world::Mode;

    use threeways_test_support::ms;

    #[test]
    fn a_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: ms(50),
        };
        let run = run(
            super::Executor::Tokio,
            &Scenario::default(),
            &Mode::Simulated,
            || async move {
                compute(&job);
                sleep(ms(50)).await;
                Ok(vec![format!("{} ms", now().as_millis())])
            },
        );
        assert_eq!(run.outcome.result, Ok(vec!["100 ms".to_owned()]));
        assert_eq!(run.trace.total, ms(100));
        let sleep_span = (run.trace.spans())
            .find(|span| span.label == "sleep 50 ms")
            .map(|span| (span.start, span.end));
        assert_eq!(sleep_span, Some((ms(50), ms(100))));
    }
}
