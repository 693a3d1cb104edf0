//! Checks exercise `timer-future`: runs `exercises/timer-future.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports, its parameters, its `mut self` nor the
// fields it is given until it is written.
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
#[path = "../../exercises/timer-future.rs"]
mod answer;

use threeways_exercises::judges::under_the_hood;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&under_the_hood::timer_future(answer::Timer::new))
}
