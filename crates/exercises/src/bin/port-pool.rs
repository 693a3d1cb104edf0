//! Checks exercise `port-pool`: runs `exercises/port-pool.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/port-pool.rs"]
mod answer;

use threeways_exercises::judges::porting;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&porting::port_pool(
        answer::fetch_summary,
        answer::all_at_once,
        answer::at_most,
    ))
}
