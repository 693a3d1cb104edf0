//! The `threeways` command and the cross-style glue the tests use.
//!
//! The binary (`src/main.rs`) parses the command line; this library runs a
//! chapter in a style, so the CLI and the tests in `tests/` call the same
//! code.

#![forbid(unsafe_code)]

use std::path::Path;
use threeways_core::{ChapterId, Run, Scenario, Style};

/// Runs `chapter` in `style` on the chapter's scenario, in the simulated
/// world.
pub fn run(chapter: ChapterId, style: Style) -> Run {
    let scenario = Scenario::for_chapter(chapter);
    match style {
        Style::Blocking => threeways_blocking::run(chapter, &scenario),
        Style::Callbacks => threeways_callbacks::run(chapter, &scenario),
        Style::Async => threeways_async::run(chapter, &scenario),
    }
}

/// The repository's root folder, where `book/`, `crates/` and `tests/` are.
/// The CLI is run with `cargo run` from a checkout, so the path it was built
/// from is where they are.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
