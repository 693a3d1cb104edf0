//! Wrong answer to `bug-sequential-awaits`: each fetch now runs in a task
//! of its own, which starts at once, but the loop awaits each task before
//! it spawns the next, so they still take turns.
//!
//! Expect: the pages were fetched one after another

use threeways_async::io::fetch;
use threeways_async::task::spawn;
use threeways_model::{describe_page, page_name};

/// Fetches every page in `urls`, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let mut board = Vec::new();
    for url in urls {
        let owned = url.clone();
        let task = spawn(page_name(url), async move {
            describe_page(&owned, fetch(&owned).await)
        });
        board.push(task.await.expect("a fetch task does not panic"));
    }
    board
}
