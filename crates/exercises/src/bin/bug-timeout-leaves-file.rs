//! Checks exercise `bug-timeout-leaves-file`: runs `exercises/bug-timeout-leaves-file.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-timeout-leaves-file.rs"]
mod answer;

use threeways_exercises::judges::failures;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&failures::bug_timeout_leaves_file(answer::save_book))
}
