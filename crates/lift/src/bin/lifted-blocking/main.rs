//! The blocking lessons, lifted: every file of
//! `crates/blocking/src/chapters/`, included from its own source, with
//! [`prelude`] in place of the blocking crate's: `std::thread`,
//! `std::sync`, and real I/O. It compiles with the workspace, so a lesson
//! that took anything from the project outside its prelude would stop the
//! build; and it runs the `download` lesson for real:
//!
//! ```console
//! $ cargo run -p threeways-lift --bin lifted-blocking -- http://127.0.0.1:PORT/poems/the-tyger.txt
//! ```
//!
//! (`tests/download.rs` does, against the loopback server.)

#![forbid(unsafe_code)]
// The lessons are compiled here, and only `download` is run.
#![allow(dead_code)]

mod prelude;

#[path = "../../../../blocking/src/chapters/comprehensions.rs"]
mod comprehensions;
#[path = "../../../../blocking/src/chapters/cpu_bound.rs"]
mod cpu_bound;
#[path = "../../../../blocking/src/chapters/download.rs"]
mod download;
#[path = "../../../../blocking/src/chapters/failures.rs"]
mod failures;
#[path = "../../../../blocking/src/chapters/fan_out.rs"]
mod fan_out;
#[path = "../../../../blocking/src/chapters/first_await.rs"]
mod first_await;
#[path = "../../../../blocking/src/chapters/sharing.rs"]
mod sharing;
#[path = "../../../../blocking/src/chapters/ticker.rs"]
mod ticker;

use std::process::ExitCode;

/// Downloads the URL given as the one argument into the current folder.
fn main() -> ExitCode {
    prelude::now(); // the program's clock starts here
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("error: give the URL to download, as `lifted-blocking http://...`");
        return ExitCode::from(2);
    };
    match download::download(&url) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
