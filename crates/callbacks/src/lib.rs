//! Style 2, callbacks: continuation-passing on an event loop. A call starts
//! the work and returns at once; a closure runs when the work is done.
//!
//! This is what async code looked like before `async`/`await` (Node.js before
//! promises, Twisted, libuv): the code after a wait is packaged by hand into
//! a closure that carries the local variables it needs.
//!
//! # Layout
//!
//! - `chapters/<id>.rs`: each chapter's program in this style; the lesson.
//!   The same path in `threeways-blocking` and `threeways-async` holds the
//!   same program in the other two styles.
//! - [`EventLoop`], [`Handle`] and [`executor`]: the loop the lessons run
//!   on, and our executor on it (for `under-the-hood`), are
//!   `threeways-event-loop`'s, which the async style stands on too; they
//!   are re-exported here because the lessons are written against them.
//! - [`io`]: `fetch` and `write_file`, which take continuations.
//! - [`time`]: `sleep`, which takes a continuation.
//! - `http.rs`: the real client: a non-blocking `mio` socket as a small
//!   state machine driven by the loop.
//! - [`cpu`]: `compute` (in the loop's thread) and `compute_on_worker`.
//! - [`trace`]: the `note!` macro, and the spans the plumbing records.
//! - `world.rs`: runs a chapter on a fresh loop and collects its trace.
//!
//! # Invariants
//!
//! - No other style crate below it (`tests/it/tidy.rs`): what it shares
//!   with the async style is the event loop's crate.
//! - Lessons never name the world they run in (`tests/it/tidy.rs`).

#![forbid(unsafe_code)]

pub mod chapters;
pub mod cpu;
mod http;
pub mod io;
pub mod time;
pub mod trace;
#[cfg(test)]
mod watch_tests;
mod world;

pub use threeways_event_loop::{EventLoop, Handle, OnReady, TimerId, executor};

use threeways_model::{ChapterId, Error, Program, Run, Scenario};
use threeways_world::Mode;

/// A continuation: the rest of the work, which the loop calls once with the
/// value an earlier step produced. Any closure that takes the loop and a `T`
/// is one (`move |lp, value| ...`), so functions take it as `impl Then<T>`.
/// Where one must be kept somewhere (in a struct, or shared by two
/// callbacks) it goes in a box, `Box<dyn Then<T>>`, and is still called the
/// same way.
///
/// A continuation with no value to hand over is the loop's plain callback,
/// `impl FnOnce(&mut EventLoop)`, which `sleep` and `set_timer` take.
pub trait Then<T>: FnOnce(&mut EventLoop, T) + 'static {}

impl<T, F: FnOnce(&mut EventLoop, T) + 'static> Then<T> for F {}

/// The continuation of work that can fail: it gets the value, or the error
/// that stopped the work, and must handle the error itself, since there is
/// no caller to return it to.
pub trait Done<T>: FnOnce(&mut EventLoop, Result<T, Error>) + 'static {}

impl<T, F: FnOnce(&mut EventLoop, Result<T, Error>) + 'static> Done<T> for F {}

/// Runs `program` (a chapter and variant of the callback style) on
/// `scenario`, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    match program.chapter {
        ChapterId::Download => chapters::download::run(scenario, mode),
        ChapterId::FirstAwait => chapters::first_await::run(scenario, mode),
        ChapterId::FanOut => chapters::fan_out::run(program, scenario, mode),
        ChapterId::Ticker => chapters::ticker::run(scenario, mode),
        ChapterId::Comprehensions => chapters::comprehensions::run(scenario, mode),
        ChapterId::Failures => chapters::failures::run(program, scenario, mode),
        ChapterId::CpuBound => chapters::cpu_bound::run(program, scenario, mode),
        ChapterId::UnderTheHood => chapters::under_the_hood::run(scenario, mode),
        ChapterId::Sharing => chapters::sharing::run(program, scenario, mode),
    }
}

/// Starts `main` on a fresh event loop in the simulated world of `scenario`,
/// runs the loop until nothing is left to do, and returns the trace and
/// outcome: the entry point for exercises (`crates/exercises`), whose
/// judges run a student's callbacks where chapter code runs. The outcome's
/// result is what `main` passed to its `Done` continuation; or, if it never
/// called it, `Error::Hung` when the loop ran out of things to do (with the
/// hang report in the trace), `Error::NeverFinished` when the world stopped
/// it still going (`sim::RUN_ON`).
pub fn run_program(
    scenario: &Scenario,
    main: impl FnOnce(&mut EventLoop, Box<dyn Done<Vec<String>>>),
) -> Run {
    world::run(scenario, &Mode::Simulated, main)
}

/// Runs `main` as the main future of our executor ([`executor`]) on a
/// fresh loop in the simulated world of `scenario`, with its `polls` shown
/// or not, and returns the trace and outcome: the entry point for the
/// exercises whose answers are futures. The outcome's result is `main`'s,
/// or `Error::Hung` if nothing was left that could wake it.
pub fn run_future_program(
    scenario: &Scenario,
    polls: executor::Polls,
    main: impl Future<Output = Result<Vec<String>, Error>>,
) -> Run {
    world::run_future(scenario, &Mode::Simulated, polls, main)
}

/// Runs `main` on a fresh loop in the simulated world of `scenario`, then
/// the loop until nothing is left to do: the entry point for the exercise
/// whose answer is an executor of its own. Our executor is set up but
/// polls nothing, so that [`time::Sleep`] works in the answer's tasks.
pub fn run_loop_program(scenario: &Scenario, main: impl FnOnce(&mut EventLoop)) -> Run {
    world::run_loop(scenario, main)
}
