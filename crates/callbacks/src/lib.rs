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
//! - `programs.rs`: each chapter's lessons started on its scenario, for
//!   the CLI and the tests ([`run`]): plumbing, out of the lesson files.
//! - [`Then`], [`Done`] and [`in_this_chain`], below: what a continuation
//!   is, and how one kept for another chain to call stays in its own.
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
mod programs;
pub mod time;
pub mod trace;
#[cfg(test)]
mod watch_tests;
mod world;

pub use threeways_event_loop::{EventLoop, Handle, OnReady, TimerId, executor};

use threeways_model::{Error, Run, Scenario};
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

/// `then`, bound to the chain running now: whoever calls it later, it
/// goes on in this chain, and the trace shows it on this chain's lane. A
/// callback the loop schedules stays in its chain by itself (the loop
/// carries the chain's `tracing` span to it); a continuation *kept*, for
/// another chain to call, carries it this way, as Node's
/// `AsyncResource.bind` binds a function to its context, or
/// OpenTelemetry's `Context::wrap`.
pub fn in_this_chain<T>(then: impl Then<T>) -> impl Then<T> {
    let span = tracing::Span::current();
    move |lp: &mut EventLoop, value: T| span.in_scope(|| then(lp, value))
}

pub use programs::run;

/// Starts `main` on a fresh event loop in the world of `mode` on `scenario`,
/// runs the loop until nothing is left to do, and returns the trace and
/// outcome: the entry point for exercises (`crates/exercises`), whose
/// judges run a student's callbacks where chapter code runs. The outcome's
/// result is what `main` passed to its `Done` continuation; or, if it never
/// called it, `Error::Hung` when the loop ran out of things to do (with the
/// hang report in the trace), `Error::NeverFinished` when the world stopped
/// it still going (`sim::RUN_ON`).
pub fn run_program(
    mode: &Mode,
    scenario: &Scenario,
    main: impl FnOnce(&mut EventLoop, Box<dyn Done<Vec<String>>>),
) -> Run {
    world::run(scenario, mode, main)
}

/// Runs `main` as the main future of our executor ([`executor`]) on a
/// fresh loop in the simulated world of `scenario`, with its `polls` shown
/// or not, and returns the trace and outcome: the entry point for the
/// exercises whose answers are futures. The outcome's result is `main`'s,
/// or `Error::Hung` if nothing was left that could wake it.
pub fn run_future_program(
    mode: &Mode,
    scenario: &Scenario,
    polls: executor::Polls,
    main: impl Future<Output = Result<Vec<String>, Error>>,
) -> Run {
    world::run_future(scenario, mode, polls, main)
}

/// Runs `main` on a fresh loop in the simulated world of `scenario`, then
/// the loop until nothing is left to do: the entry point for the exercise
/// whose answer is an executor of its own. Our executor is set up but
/// polls nothing, so that [`time::Sleep`] works in the answer's tasks.
pub fn run_loop_program(
    mode: &Mode,
    scenario: &Scenario,
    main: impl FnOnce(&mut EventLoop),
) -> Run {
    world::run_loop(mode, scenario, main)
}
