//! Style 3, async/await on tokio and futures. An `async fn` reads like
//! blocking code, but each `.await` hands the thread back to the runtime
//! while the task waits, and the compiler writes the continuation for us.
//!
//! # Layout
//!
//! - `chapters/<id>.rs`: each chapter's program in this style; the lesson.
//!   The same path in `threeways-blocking` and `threeways-callbacks` holds
//!   the same program in the other two styles.
//! - [`io`]: `fetch` and `write_file` as `async fn`s.
//! - [`porting`]: the blocking fan-out ported to async in steps, for the
//!   `porting` page.
//! - [`cpu`]: `compute`, CPU work that keeps the thread.
//! - [`time`]: `sleep` and `now`. [`task`]: `spawn`, `spawn_local` and
//!   `JoinSet`, whose tasks have names in the trace, `spawn_blocking` and
//!   `yield_now`.
//! - [`sync`]: tokio's `Mutex` and `mpsc` channels, whose waits the trace
//!   shows (and a hang report names).
//! - [`trace`]: the `note!` macro.
//! - `world.rs`: a current-thread tokio runtime with a paused clock, and the
//!   run's shared world; `clock.rs`, the one place the crate reads tokio's
//!   clock and sets its timers; `cpu_time.rs`, CPU time on a clock that
//!   only moves when tasks wait; `run_on.rs`: after `main` returns, the
//!   simulated world runs on until no task is left, so that work left
//!   behind shows.
//!
//! # Invariants
//!
//! - No other style crate below it, not even for tests
//!   (`tests/it/tidy.rs`): our executor comes from `threeways-event-loop`,
//!   which the callback style stands on too.
//! - The executor a run uses is given to it ([`run_with`]), not found in a
//!   global; the one thread-local, the running task's world, is the
//!   runtime's context, set around each poll.
//! - It reads tokio's clock in `clock.rs` only (`tests/it/tidy.rs`).

#![forbid(unsafe_code)]

pub mod chapters;
mod clock;
pub mod cpu;
mod cpu_time;
pub mod http;
pub mod io;
pub mod porting;
mod run_on;
pub mod sync;
pub mod task;
pub mod time;
pub mod trace;
mod world;

pub use threeways_event_loop::executor::Polls;
pub use world::Executor;

use threeways_model::{ChapterId, Error, Program, Run, Scenario, Style};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the async style) on `scenario`,
/// on tokio, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    run_with(Executor::Tokio, program, scenario, mode)
}

/// Whether `program` runs on our executor as well as on tokio, with the
/// same trace: every async program but the two whose chapter code names
/// tokio's own `JoinSet` and `timeout`, which need tokio's
/// task list and timer wheel; and only in the simulated world.
pub fn runs_on_ours(program: Program) -> bool {
    let tokio_only = matches!(
        (program.chapter, program.variant),
        (ChapterId::FanOut, Some("join-set")) | (ChapterId::Failures, Some("timeout"))
    );
    program.style == Style::Async && !tokio_only
}

/// Runs `program` as [`run`] does, on `executor`: tokio, or ours.
///
/// # Panics
/// On our executor, a program that [`runs_on_ours`] does not list: it
/// needs tokio itself.
pub fn run_with(executor: Executor, program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let on = executor;
    match program.chapter {
        ChapterId::Download => chapters::download::run(scenario, mode, on),
        ChapterId::FirstAwait => chapters::first_await::run(program, scenario, mode, on),
        ChapterId::FanOut => chapters::fan_out::run(program, scenario, mode, on),
        ChapterId::Ticker => chapters::ticker::run(program, scenario, mode, on),
        ChapterId::Comprehensions => chapters::comprehensions::run(program, scenario, mode, on),
        ChapterId::Failures => chapters::failures::run(program, scenario, mode, on),
        ChapterId::CpuBound => chapters::cpu_bound::run(program, scenario, mode, on),
        ChapterId::UnderTheHood => chapters::under_the_hood::run(program, scenario, mode, on),
        ChapterId::Sharing => chapters::sharing::run(program, scenario, mode, on),
    }
}

/// Runs the future `main` makes as the main task of a fresh runtime, in the
/// simulated world of `scenario` (a paused clock), and returns the trace and
/// outcome: the entry point for exercises (`crates/exercises`), whose
/// judges run a student's async code where chapter code runs.
pub fn run_program<F>(scenario: &Scenario, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    world::run(Executor::Tokio, scenario, &Mode::Simulated, main)
}

/// [`run_program`] on `executor`. On either, a `main` that waits for
/// something nothing will ever do ends the run with `Error::Hung` and a
/// hang report, instead of waiting for ever: the exercises on futures
/// written by hand use our executor, which shows their polls.
pub fn run_program_on<F>(executor: Executor, scenario: &Scenario, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    world::run(executor, scenario, &Mode::Simulated, main)
}
