//! Checks exercise `bug-select-loses-data`: runs `exercises/bug-select-loses-data.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-select-loses-data.rs"]
mod answer;

use threeways_exercises::judges::failures;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&failures::bug_select_loses_data(
        answer::fetch_with_heartbeat,
    ))
}
