//! Exercise `bug-sequential-awaits`: find the bug.
//!
//! This status board should do what the blocking one does with a thread
//! per page: fetch every page at once, and list what became of each one, in
//! the order of `urls`. It starts every fetch first and only then collects
//! the answers, so the waits should overlap, and the board should be ready
//! when the slowest page is.
//!
//! The board it returns is right. But it takes as long as all the pages
//! together. Why? Fix it.
//!
//! Check your answer: `cargo run -- exercise check bug-sequential-awaits`

use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns one line per page, in
/// the order of `urls`.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    // Start every fetch...
    let fetches: Vec<_> = urls.iter().map(|url| fetch(url)).collect();
    // ...then collect the answers, in order.
    let mut board = Vec::new();
    for (url, fetch) in urls.iter().zip(fetches) {
        board.push(describe_page(url, fetch.await));
    }
    board
}
