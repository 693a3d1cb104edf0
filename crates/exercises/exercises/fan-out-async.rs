//! Exercise `fan-out-async`: a status board of many pages at once, with
//! async/await.
//!
//! The blocking `status_board` (in `crates/exercises/src/blocking.rs`, and
//! in the book) starts a thread per page, so every fetch waits at the same
//! time, and lists what became of each page, in the order of `urls`: its
//! size, or its error (`describe_page` writes the line). A page that fails
//! does not stop the others. The board is ready when the slowest page is.
//!
//! Write it below as an `async fn`, with no thread: the fetches must wait
//! at the same time, in one task or in a task each.
//!
//! The checker fetches five pages, one of which answers 404. Fetched one
//! after another they take 500 ms of virtual time; at once, 200 ms, the
//! time of the slowest. It also tries four other pages at other speeds, a
//! list that names the same page twice (the board then has a line for
//! each), and an empty list.
//!
//! Check your answer: `cargo run -- exercise check fan-out-async`

use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns one line per page, in
/// the order of `urls`.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    todo!("fetch every page at once, then list them in the order asked for")
}
