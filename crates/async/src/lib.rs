//! Style 3, async/await on tokio and futures. An `async fn` reads like
//! blocking code, but each `.await` hands the thread back to the runtime
//! while the task waits, and the compiler writes the continuation for us.
//!
//! # Layout
//!
//! - `chapters/<id>.rs`: each chapter's program in this style; the lesson.
//!   The same path in `threeways-blocking` and `threeways-callbacks` holds
//!   the same program in the other two styles. A lesson takes from this
//!   crate only what [`prelude`] holds, by name.
//! - [`prelude`]: everything a lesson takes from this crate: the items
//!   below, with tokio's signatures, and the model's plain data types.
//! - `programs.rs`: each chapter's lessons run on its scenario, for the
//!   CLI and the tests ([`run`]): plumbing, out of the lesson files.
//! - [`io`]: `fetch` and `write_file` as `async fn`s.
//! - [`porting`]: the blocking fan-out ported to async in steps, for the
//!   `porting` page.
//! - [`cpu`]: `compute`, CPU work that keeps the thread.
//! - [`time`]: `sleep`, `timeout` and `now`. [`task`]: `spawn`,
//!   `spawn_local`, `JoinSet`, `spawn_blocking` and `yield_now`; a task's
//!   lane in the trace is the `tracing` span it runs in.
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
pub mod prelude;
mod programs;
mod run_on;
pub mod sync;
pub mod task;
pub mod time;
pub mod trace;
mod world;

pub use threeways_event_loop::executor::Polls;
pub use world::Executor;

use threeways_model::{Error, Program, Run, Scenario};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the async style) on `scenario`,
/// on tokio, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    run_with(Executor::Tokio, program, scenario, mode)
}

/// Runs `program` as [`run`] does, on `executor`: tokio, or ours.
pub fn run_with(executor: Executor, program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    programs::run(executor, program, scenario, mode)
}

/// Runs the future `main` makes as the main task of a fresh runtime, in
/// the world of `mode` on `scenario` (a paused clock, simulated), and
/// returns the trace and outcome: the entry point for exercises
/// (`crates/exercises`), whose judges run a student's async code where
/// chapter code runs (`Mode::Watched`).
pub fn run_program<F>(mode: &Mode, scenario: &Scenario, main: impl FnOnce() -> F) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    world::run(Executor::Tokio, scenario, mode, main)
}

/// [`run_program`] on `executor`. On either, a `main` that waits for
/// something nothing will ever do ends the run with `Error::Hung` and a
/// hang report, instead of waiting for ever: the exercises on futures
/// written by hand use our executor, which shows their polls.
pub fn run_program_on<F>(
    executor: Executor,
    mode: &Mode,
    scenario: &Scenario,
    main: impl FnOnce() -> F,
) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    world::run(executor, scenario, mode, main)
}
