//! Wrong answer to `bug-sequential-awaits`: every task is spawned before
//! any is awaited, so the fetches overlap, but `join_next` hands the tasks
//! over as they finish, and the board keeps that order.
//!
//! Expect: in the order they came back

use threeways_async::prelude::fetch;
use threeways_async::prelude::JoinSet;
use threeways_model::{describe_page, page_name};
use tracing::{Instrument, info_span};

/// Fetches every page in `urls` at once, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let mut tasks = JoinSet::new();
    for url in urls {
        let name = page_name(url).to_owned();
        let url = url.clone();
        tasks.spawn(async move {
            describe_page(&url, fetch(&url).await)
        }.instrument(info_span!("page", name = %name)));
    }
    let mut board = Vec::new();
    while let Some(line) = tasks.join_next().await {
        board.push(line.expect("a fetch task does not panic"));
    }
    board
}
