//! Checks exercise `bug-sequential-awaits`: runs `exercises/bug-sequential-awaits.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-sequential-awaits.rs"]
mod answer;

use threeways_exercises::judges::fan_out;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&fan_out::bug_sequential_awaits(answer::status_board))
}
