//! Wrong answer to `bug-select-loses-data`: without `select!`, nothing is
//! lost; and nothing says the program is alive while a slow page comes.
//!
//! Expect: from 0 ms to 120 ms, while news was on its way, nothing showed the program was alive

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches the pages in turn, noting `still working` while it waits, and
/// returns one line per page, in the order of `urls`.
pub async fn fetch_with_heartbeat(urls: &[String], every: Duration) -> Vec<String> {
    let mut board = Vec::new();
    for url in urls {
        board.push(describe_page(url, fetch(url).await));
    }
    board
}
