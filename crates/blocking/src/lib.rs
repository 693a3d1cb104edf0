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
//!   same program in the other two styles.
//! - [`io`]: `fetch` and `write_file`, the waits chapter code makes.
//! - [`thread`]: `spawn`, `join`, `scope` and `sleep`, mirroring
//!   `std::thread`.
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
//! - Lessons never name the world they run in (`tests/it/tidy.rs`).

#![forbid(unsafe_code)]

pub mod chapters;
pub mod cpu;
pub mod http;
pub mod io;
mod sched;
pub mod sync;
pub mod thread;
pub mod trace;
mod world;

use threeways_model::{ChapterId, Error, Program, Run, Scenario, unknown_program};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the blocking style) on
/// `scenario`, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    match program.chapter {
        ChapterId::Download => chapters::download::run(scenario, mode),
        ChapterId::FirstAwait => chapters::first_await::run(program, scenario, mode),
        ChapterId::FanOut => chapters::fan_out::run(program, scenario, mode),
        ChapterId::Ticker => chapters::ticker::run(scenario, mode),
        ChapterId::Comprehensions => chapters::comprehensions::run(scenario, mode),
        ChapterId::Failures => chapters::failures::run(program, scenario, mode),
        ChapterId::CpuBound => chapters::cpu_bound::run(scenario, mode),
        ChapterId::Sharing => chapters::sharing::run(program, scenario, mode),
        // A blocking call has no future to look inside: no program here.
        ChapterId::UnderTheHood => unknown_program(program),
    }
}

/// Runs `main` as the main thread of a fresh simulated world on `scenario`,
/// and returns its trace and outcome: the entry point for exercises
/// (`crates/exercises`), whose judges run an answer, or the blocking program
/// it was converted from, where chapter code runs.
pub fn run_program(scenario: &Scenario, main: impl FnOnce() -> Result<Vec<String>, Error>) -> Run {
    world::run(scenario, &Mode::Simulated, main)
}
