//! Checks exercise `bug-await-in-loop`: runs `exercises/bug-await-in-loop.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-await-in-loop.rs"]
mod answer;

use threeways_exercises::judges::comprehensions;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&comprehensions::bug_await_in_loop(answer::free_names))
}
