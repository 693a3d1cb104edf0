//! Checks exercise `download-callbacks`: runs `exercises/download-callbacks.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/download-callbacks.rs"]
mod answer;

use threeways_exercises::judges::download;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&download::download_callbacks(answer::download_latest))
}
