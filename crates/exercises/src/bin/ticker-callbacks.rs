//! Checks exercise `ticker-callbacks`: runs `exercises/ticker-callbacks.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/ticker-callbacks.rs"]
mod answer;

use threeways_exercises::judges::ticker;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&ticker::ticker_callbacks(answer::countdown))
}
