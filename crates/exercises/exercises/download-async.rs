//! Exercise `download-async`: download the latest poem, with async/await.
//!
//! The blocking `download_latest` (in `crates/exercises/src/blocking.rs`,
//! and in the book) waits three times, one wait after another:
//!
//! 1. it fetches `index_url`, whose body is the address of the latest poem;
//! 2. it fetches the poem (the index's body, trimmed);
//! 3. it writes the poem to a file named after the poem's address
//!    (`file_name_for`), and returns the file's name.
//!
//! Write it below as an `async fn`. Each wait becomes an `.await`: the task
//! pauses there and the thread is free for other tasks. Errors are passed
//! on with `?`, as in the blocking version.
//!
//! The checker runs your code in the simulated world, next to the blocking
//! version: with both pages there (and again with other latencies), with
//! the index missing, with the poem missing, and with a disk that cannot
//! write the file. It compares the results, the file, the order of the
//! waits, the virtual time, and whether anything goes on after the end.
//!
//! Check your answer: `cargo run -- exercise check download-async`

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem, named by the page at `index_url`, and returns
/// the file's name, or the first error.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    todo!("fetch the index, then the poem, then write the file")
}
