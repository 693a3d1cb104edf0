//! Checks exercise `bug-thread-sleep`: runs `exercises/bug-thread-sleep.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-thread-sleep.rs"]
mod answer;

use threeways_exercises::judges::cpu_bound;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&cpu_bound::bug_thread_sleep(answer::heartbeat))
}
