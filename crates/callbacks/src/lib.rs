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
//! - [`EventLoop`] (`event_loop.rs`): the loop, readable in one sitting.
//!   Its public surface is what an executor built on it needs: `post` a
//!   callback, `set_timer` and `cancel_timer`, `watch` a socket, `run`
//!   until nothing is pending (or until `stop`), and `now`, the loop's
//!   clock; and a [`Handle`] (`handle.rs`) for code that cannot borrow
//!   it: a future being polled, a waker, another thread.
//! - [`executor`]: the loop as an executor of futures, in about a hundred
//!   lines: tasks, a `Waker` that requeues its task, `spawn`, `block_on`.
//!   [`time::Sleep`] is its timer future. The chapter `under-the-hood`
//!   shows both.
//! - `timers.rs`, `sockets.rs`, `worker.rs`, `clock.rs`: what the loop
//!   waits for (timers, sockets, jobs on the worker thread that does file
//!   writes and CPU work), and its clock, virtual or real.
//! - [`io`]: `fetch` and `write_file`, which take continuations.
//! - [`time`]: `sleep`, which takes a continuation.
//! - [`cpu`]: `compute` (in the loop's thread) and `compute_on_worker`.
//! - [`trace`]: the `note!` macro, and the spans the plumbing records.
//! - `world.rs`: runs a chapter on a fresh loop and collects its trace.
//! - `watch.rs`: each callback watched for a thread that blocks, in the
//!   simulated world (`threeways_core::blocked`).

#![forbid(unsafe_code)]

pub mod chapters;
mod clock;
pub mod cpu;
mod event_loop;
pub mod executor;
mod handle;
mod http;
mod inbox;
pub mod io;
mod offload;
mod sockets;
pub mod time;
mod timers;
pub mod trace;
mod watch;
mod worker;
mod world;

pub use event_loop::{EventLoop, OnReady};
pub use handle::Handle;
pub use timers::TimerId;

use threeways_core::world::Mode;
use threeways_core::{ChapterId, Error, Program, Run, Scenario};

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
