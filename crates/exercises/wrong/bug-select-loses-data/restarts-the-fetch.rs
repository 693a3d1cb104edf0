//! Wrong answer to `bug-select-loses-data`: it no longer loses the page,
//! since it takes it off the queue only once its line is in; but each turn
//! makes a new fetch, so a page slower than the heartbeat is dropped and
//! started again, for ever.
//!
//! Expect: your function never returned
//! Expect: The fetch of news began

use std::collections::VecDeque;
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::describe_page;

/// Fetches the pages in turn, noting `still working` while it waits, and
/// returns one line per page, in the order of `urls`.
pub async fn fetch_with_heartbeat(urls: &[String], every: Duration) -> Vec<String> {
    let mut queue: VecDeque<&String> = urls.iter().collect();
    let mut board = Vec::new();
    while let Some(url) = queue.front().copied() {
        tokio::select! {
            biased;
            body = fetch(url) => {
                queue.pop_front();
                board.push(describe_page(url, body));
            }
            () = sleep(every) => note!("still working"),
        }
    }
    board
}
