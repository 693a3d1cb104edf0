//! Exercise `download-callbacks`: download the latest poem, with callbacks.
//!
//! The blocking `download_latest` (in `crates/exercises/src/blocking.rs`,
//! and in the book) waits three times, one wait after another:
//!
//! 1. it fetches `index_url`, whose body is the address of the latest poem;
//! 2. it fetches the poem (the index's body, trimmed);
//! 3. it writes the poem to a file named after the poem's address
//!    (`file_name_for`), and returns the file's name.
//!
//! Write it below with callbacks. `download_latest` starts the first fetch
//! and returns at once; the event loop calls your continuations when each
//! wait is over. Whatever a later step needs must be moved into the closure
//! by hand.
//!
//! Call `done` exactly once: with `Ok(file name)` when the poem is saved,
//! or with the first error. Every path through your continuations must end
//! by calling `done`, errors included; a path that does not leaves the
//! caller waiting forever.
//!
//! The checker runs your code in the simulated world, next to the blocking
//! version: with both pages there (and again with other latencies), with
//! the index missing, with the poem missing, and with a disk that cannot
//! write the file. It compares the results, the file, the order of the
//! waits, the virtual time, and whether anything goes on after the end.
//!
//! Check your answer: `cargo run -- exercise check download-callbacks`

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop};
use threeways_model::file_name_for;

/// Starts downloading the latest poem, named by the page at `index_url`,
/// and returns at once. `done` gets the file's name, or the first error.
pub fn download_latest(lp: &mut EventLoop, index_url: &str, done: impl Done<String>) {
    todo!("fetch the index, then the poem, then write the file, then call `done`")
}
