//! Checks exercise `odd-ticks-stream`: runs `exercises/odd-ticks-stream.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/odd-ticks-stream.rs"]
mod answer;

use threeways_exercises::judges::comprehensions;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&comprehensions::odd_ticks_stream(answer::first_odd_ticks))
}
