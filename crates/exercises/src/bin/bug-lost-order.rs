//! Checks exercise `bug-lost-order`: runs `exercises/bug-lost-order.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
#[allow(unused_imports, unused_variables)]
#[path = "../../exercises/bug-lost-order.rs"]
mod answer;

use threeways_exercises::judges::comprehensions;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&comprehensions::bug_lost_order(answer::free_names))
}
