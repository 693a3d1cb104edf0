//! Checks exercise `bug-never-called`: runs `exercises/bug-never-called.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-never-called.rs"]
mod answer;

use threeways_exercises::judges::download;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&download::bug_never_called(answer::download_or_backup))
}
