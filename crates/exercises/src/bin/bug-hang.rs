//! Checks exercise `bug-hang`: runs `exercises/bug-hang.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-hang.rs"]
mod answer;

use threeways_exercises::judges::sharing;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&sharing::bug_hang(answer::save_all))
}
