//! The async lessons, lifted: every file of `crates/async/src/chapters/`
//! and `porting.rs`, included from its own source, with [`prelude`] in
//! place of the async crate's: tokio's tasks, timers, locks and channels,
//! and real I/O. It compiles with the workspace, so a lesson that took
//! anything from the project outside its prelude would stop the build;
//! and it runs the `download` lesson for real, on tokio:
//!
//! ```console
//! $ cargo run -p threeways-lift --bin lifted-async -- http://127.0.0.1:PORT/poems/the-tyger.txt
//! ```
//!
//! (`tests/download.rs` does, against the loopback server.)

#![forbid(unsafe_code)]
// The lessons are compiled here, and only `download` is run.
#![allow(dead_code)]

mod prelude;

#[path = "../../../../async/src/chapters/comprehensions.rs"]
mod comprehensions;
#[path = "../../../../async/src/chapters/cpu_bound.rs"]
mod cpu_bound;
#[path = "../../../../async/src/chapters/download.rs"]
mod download;
#[path = "../../../../async/src/chapters/failures.rs"]
mod failures;
#[path = "../../../../async/src/chapters/fan_out.rs"]
mod fan_out;
#[path = "../../../../async/src/chapters/first_await.rs"]
mod first_await;
#[path = "../../../../async/src/porting.rs"]
mod porting;
#[path = "../../../../async/src/chapters/sharing.rs"]
mod sharing;
#[path = "../../../../async/src/chapters/ticker.rs"]
mod ticker;
#[path = "../../../../async/src/chapters/under_the_hood.rs"]
mod under_the_hood;

use std::process::ExitCode;

/// Downloads the URL given as the one argument into the current folder.
fn main() -> ExitCode {
    prelude::now(); // the program's clock starts here
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("error: give the URL to download, as `lifted-async http://...`");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start tokio: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(download::download(&url)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
