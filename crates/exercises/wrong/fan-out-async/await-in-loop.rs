//! Wrong answer to `fan-out-async`: a loop with an `.await` in it. Each
//! fetch starts when the one before has finished: the async version of
//! the blocking `sequential`, not of `status_board`.
//!
//! Expect: took 500 ms of virtual time; a concurrent version takes 200 ms
//! Expect: the pages were fetched one after another

use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls`, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let mut board = Vec::new();
    for url in urls {
        board.push(describe_page(url, fetch(url).await));
    }
    board
}
