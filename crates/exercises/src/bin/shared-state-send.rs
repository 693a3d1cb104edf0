//! Checks exercise `shared-state-send`: runs `exercises/shared-state-send.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written,
// nor the program it starts from, which an answer may leave unused.
#[allow(unused_imports, unused_variables, dead_code)]
#[path = "../../exercises/shared-state-send.rs"]
mod answer;

use threeways_exercises::judges::sharing;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&sharing::shared_state_send(answer::tally))
}
