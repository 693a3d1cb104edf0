//! Checks exercise `first-await-spawn`: runs `exercises/first-await-spawn.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/first-await-spawn.rs"]
mod answer;

use threeways_exercises::judges::first_await;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&first_await::first_await_spawn(
        answer::report_while_working,
    ))
}
