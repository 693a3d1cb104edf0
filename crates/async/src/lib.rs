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
//! - [`trace`]: the `note!` macro.
//! - `world.rs`: a current-thread tokio runtime with a paused clock, and the
//!   run's shared world.

#![forbid(unsafe_code)]

pub mod chapters;
pub mod io;
pub mod trace;
mod world;

use threeways_core::{ChapterId, Run, Scenario};

/// Runs chapter `id` in the async style on `scenario`, in the simulated
/// world, and returns its trace and outcome.
pub fn run(id: ChapterId, scenario: &Scenario) -> Run {
    match id {
        ChapterId::Download => chapters::download::run(scenario),
    }
}
