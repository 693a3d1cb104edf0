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
//! - [`EventLoop`] (`event_loop.rs`): ready queue, timer heap, virtual clock,
//!   and a `mio::Poll` to hear from worker threads.
//! - [`io`]: `fetch` and `write_file`, which take continuations.
//! - `disk.rs`: the worker thread that does blocking file writes.
//! - [`trace`]: the `note!` macro.
//! - `world.rs`: runs a chapter on a fresh loop and collects its trace.

#![forbid(unsafe_code)]

pub mod chapters;
mod disk;
mod event_loop;
pub mod io;
pub mod trace;
mod world;

pub use event_loop::EventLoop;

use threeways_core::{ChapterId, Run, Scenario};

/// Runs chapter `id` in the callback style on `scenario`, in the simulated
/// world, and returns its trace and outcome.
pub fn run(id: ChapterId, scenario: &Scenario) -> Run {
    match id {
        ChapterId::Download => chapters::download::run(scenario),
    }
}
