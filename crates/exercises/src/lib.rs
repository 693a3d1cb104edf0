//! Classroom exercises: predict what a program writes, convert a program
//! from one style to another, finish one, or find the bug in code that
//! looks right. Each answer is judged in the simulated world on what it
//! returns *and* on when things happen, so a sequential answer to a
//! concurrency exercise fails, saying how long it took and how long a
//! concurrent one takes, with its run beside the reference's.
//!
//! Students run `cargo run -- exercise check` (see `src/main.rs` at the
//! root); teachers read `book/src/teachers-guide.md`.
//!
//! # Layout
//!
//! - `exercises/<id>.rs`: the files students edit. A conversion starts as a
//!   stub with a `todo!()`; a find-the-bug exercise starts as code with a
//!   bug. Each begins with a doc comment stating the task. A prediction's
//!   file is `exercises/<id>.txt`: the program's lines, and `total: ? ms`.
//! - `solutions/<id>.rs` (`.txt`): an answer that passes.
//! - `wrong/<id>/<mistake>.rs` (`.txt`): known-wrong answers, each saying
//!   what its mistake is and, on `Expect:` lines, the words the checker
//!   must use for it. The tests make sure the checker rejects every one of
//!   them.
//! - `explanations/<id>.md`: what to say about a wrong prediction, one
//!   section per belief it foresees.
//! - `hints/<id>.md`: the hint, printed by `exercise hint` and shown in the
//!   book.
//! - [`registry`]: the list of exercises.
//! - [`judges`]: one judge per exercise: it runs an answer on scenarios and
//!   checks results, virtual times and order against the blocking program.
//! - [`predictions`]: the programs of the "predict the output" exercises,
//!   whose answers are `exercises/<id>.txt`, and their judge; what to say
//!   about a wrong prediction is in `explanations/<id>.md`.
//! - [`blocking`]: the blocking programs the exercises convert, which the
//!   judges use as the reference.
//! - [`thread`]: `thread::sleep` for the async exercises: `std::thread`'s,
//!   as the simulated world feels it.
//! - [`verdict`]: what a judge says, and the lines a check binary prints.
//! - [`check`]: what `exercise check` does: build each answer on its own,
//!   run it, and report in sentences.
//! - [`watch`]: what `exercise watch` does: check the current exercise each
//!   time its file is saved, and move on when it passes.
//! - [`classroom`]: the GitHub Classroom autograding workflow, one graded
//!   step per exercise, made from the list.
//! - `src/bin/<id>.rs`: one binary per exercise, which includes the
//!   student's file and runs its judge. An answer that does not compile
//!   yet stops only its own binary, not the others or the CLI.
//!
//! Compare the chapters' own code in `threeways-callbacks` and
//! `threeways-async`: the exercises are variations on it.

#![forbid(unsafe_code)]

pub mod blocking;
pub mod check;
pub mod classroom;
mod judge;
pub mod judges;
pub mod predictions;
pub mod registry;
pub mod thread;
pub mod verdict;
pub mod watch;

pub use judges::fan_out::OnBoard;
pub use registry::{EXERCISES, Exercise, Kind};
pub use verdict::{Failure, Verdict};

use std::process::ExitCode;

/// Prints `verdict` as the lines `exercise check` reads, and returns the
/// exit code: success only if it passes. The `main` of every check binary.
pub fn report(verdict: &Verdict) -> ExitCode {
    print!("{}", verdict.to_lines());
    if verdict.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
