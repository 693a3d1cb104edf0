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

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

/// How long `--hang` lets the crawl run before it dumps the tasks and ends.
const HANG_DEADLINE: Duration = Duration::from_secs(1);

/// Downloads the URL given as the one argument into the current folder;
/// or, with `--hang START`, runs `sharing`'s crawl that never ends from
/// the page `START` and, at its deadline, says where each task waits.
fn main() -> ExitCode {
    prelude::now(); // the program's clock starts here
    let args: Vec<String> = std::env::args().skip(1).collect();
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
    match args.as_slice() {
        [url] => match runtime.block_on(download::download(url)) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        [flag, start] if flag == "--hang" => runtime.block_on(async {
            tokio::spawn(deadline());
            let two = NonZeroUsize::new(2).expect("two is not zero");
            sharing::crawl_that_never_ends(start, two).await;
            ExitCode::SUCCESS // never: it hangs
        }),
        _ => {
            eprintln!(
                "error: give the URL to download, as `lifted-async http://...`, \
                 or `--hang http://...` for the crawl that never ends"
            );
            ExitCode::from(2)
        }
    }
}

// ANCHOR: task_dump
/// The crawl's deadline: once it is up, every task and where it waits,
/// then the end of the program.
async fn deadline() {
    tokio::time::sleep(HANG_DEADLINE).await;
    println!("still running after 1 s; where each task waits:");
    dump_tasks().await;
    std::process::exit(0);
}

/// tokio's task dump: every task of the runtime, as the stack of the
/// futures it is polled through, down to the one it waits on. It needs
/// tokio's unstable cfg and feature (`--features taskdump`, with
/// `RUSTFLAGS="--cfg tokio_unstable"`).
#[cfg(all(tokio_unstable, feature = "taskdump"))]
async fn dump_tasks() {
    let dump = tokio::runtime::Handle::current().dump().await;
    for task in dump.tasks().iter() {
        println!("task {}:\n{}\n", task.id(), task.trace());
    }
}
// ANCHOR_END: task_dump

/// Without tokio's unstable cfg there is no task dump: say how to get one.
#[cfg(not(all(tokio_unstable, feature = "taskdump")))]
async fn dump_tasks() {
    println!(
        "(no task dump in this build: build with `--features taskdump` and \
         RUSTFLAGS=\"--cfg tokio_unstable\")"
    );
}
