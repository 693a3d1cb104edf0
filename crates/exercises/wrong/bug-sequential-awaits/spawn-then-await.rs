//! Wrong answer to `bug-sequential-awaits`: each fetch now runs in a task
//! of its own, which starts at once, but the loop awaits each task before
//! it spawns the next, so they still take turns.
//!
//! Expect: the pages were fetched one after another

use threeways_async::prelude::fetch;
use threeways_async::prelude::spawn;
use threeways_model::{describe_page, page_name};
use tracing::{Instrument, info_span};

/// Fetches every page in `urls`, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let mut board = Vec::new();
    for url in urls {
        let owned = url.clone();
        let task = spawn(async move {
            describe_page(&owned, fetch(&owned).await)
        }.instrument(info_span!("page", name = %page_name(url))));
        board.push(task.await.expect("a fetch task does not panic"));
    }
    board
}
