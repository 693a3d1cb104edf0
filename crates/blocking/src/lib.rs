//! Style 1, blocking: plain functions and threads. A call returns when its
//! work is done, and the thread that made it waits meanwhile.
//!
//! This crate depends on no async runtime and no event loop: waiting here is
//! what an operating system thread does when it calls `read` or `sleep`.
//!
//! # Layout
//!
//! - `chapters/<id>.rs`: each chapter's program in this style; the lesson.
//!   The same path in `threeways-callbacks` and `threeways-async` holds the
//!   same program in the other two styles. A lesson takes from this crate
//!   only what [`prelude`] holds, by name.
//! - [`prelude`]: everything a lesson takes from this crate: the items
//!   below, and the model's plain data types.
//! - `programs.rs`: each chapter's lessons run on its scenario, for the
//!   CLI and the tests ([`run`]): plumbing, out of the lesson files.
//! - [`io`]: `fetch` and `write_file`, the waits chapter code makes.
//! - [`thread`]: `Builder`, `spawn`, `scope` and `sleep`, with std's
//!   signatures: a thread's lane in the trace is its name.
//! - [`sync`]: `Mutex` and `mpsc` channels, mirroring `std::sync`, whose
//!   waits the simulated scheduler sees (and a hang report names).
//! - [`cpu`]: `compute`, CPU work, and `now`, the program's clock.
//! - [`trace`]: the `note!` macro.
//! - `world.rs` and `sched.rs` (private): the simulated world. Each
//!   simulated thread is a real OS thread, but they take turns in
//!   virtual-time order, so traces are the same on every run.
//!
//! # Invariants
//!
//! - No async runtime, no event loop, and no other style crate below it
//!   (`tests/it/tidy.rs`).
//! - Lessons never name the world they run in (`tests/it/tidy.rs`), and
//!   take from this crate only through [`prelude`]: `crates/lift`
//!   compiles them against std with a prelude of real I/O.

#![forbid(unsafe_code)]

pub mod chapters;
pub mod cpu;
pub mod http;
pub mod io;
pub mod prelude;
mod programs;
mod sched;
pub mod sync;
pub mod thread;
pub mod trace;
mod world;

use threeways_model::{Error, Run, Scenario};
use threeways_world::Mode;

pub use programs::run;

/// Runs `main` as the main thread of a fresh world of `mode` on
/// `scenario`, and returns its trace and outcome: the entry point for
/// exercises (`crates/exercises`), whose judges run an answer
/// (`Mode::Watched`), or the blocking program it was converted from
/// (`Mode::Simulated`), where chapter code runs.
pub fn run_program(
    mode: &Mode,
    scenario: &Scenario,
    main: impl FnOnce() -> Result<Vec<String>, Error>,
) -> Run {
    world::run(scenario, mode, main)
}
