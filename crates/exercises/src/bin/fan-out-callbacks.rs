//! Checks exercise `fan-out-callbacks`: runs `exercises/fan-out-callbacks.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/fan-out-callbacks.rs"]
mod answer;

use threeways_exercises::judges::fan_out;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&fan_out::fan_out_callbacks(answer::status_board))
}
