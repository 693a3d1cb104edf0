//! The `threeways` command and the cross-style glue the tests use.
//!
//! The binary (`src/main.rs`) parses the command line; this library runs a
//! chapter in a style, so the CLI and the tests in `tests/` call the same
//! code.

#![forbid(unsafe_code)]

use std::path::Path;
use threeways_core::{Program, Run, Scenario, Style};

/// Runs `program` on its chapter's scenario, in the simulated world.
pub fn run(program: Program) -> Run {
    run_on(program, &Scenario::for_chapter(program.chapter))
}

/// Runs `program` on any scenario, in the simulated world: the property
/// tests use this to try many.
pub fn run_on(program: Program, scenario: &Scenario) -> Run {
    match program.style {
        Style::Blocking => threeways_blocking::run(program, scenario),
        Style::Callbacks => threeways_callbacks::run(program, scenario),
        Style::Async => threeways_async::run(program, scenario),
    }
}

/// The repository's root folder, where `book/`, `crates/` and `tests/` are.
/// The CLI is run with `cargo run` from a checkout, so the path it was built
/// from is where they are.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
