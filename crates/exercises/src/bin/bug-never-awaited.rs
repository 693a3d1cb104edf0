//! Checks exercise `bug-never-awaited`: runs `exercises/bug-never-awaited.rs` through its
//! judge and prints the verdict, for `cargo run -- exercise check`.

#![forbid(unsafe_code)]

// A stub uses neither its imports nor its parameters until it is written.
// Its bug is a future never awaited, which the compiler warns about: the
// warning is shown to the student by `exercise check`, and left out of
// `cargo clippy -- -D warnings` only.
#[allow(unused_imports, unused_variables)]
#[cfg_attr(clippy, allow(unused_must_use))]
#[path = "../../exercises/bug-never-awaited.rs"]
mod answer;

use threeways_exercises::judges::first_await;

fn main() -> std::process::ExitCode {
    threeways_exercises::report(&first_await::bug_never_awaited(answer::fetch_and_log))
}
