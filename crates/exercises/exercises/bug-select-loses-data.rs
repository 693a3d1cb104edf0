//! Exercise `bug-select-loses-data`: find the bug.
//!
//! `fetch_with_heartbeat` fetches the pages in `urls` one after another,
//! and lists what became of each (`describe_page`), in order. A slow page
//! should not look like a hung program, so while it waits it notes `still
//! working` every `every`: each turn of the loop races the next page
//! against a timer, in `select!`.
//!
//! With fast pages, all is well. With a slow one, the heartbeat comes as it
//! should, and the board comes back on time, but with a page missing. Why?
//! Fix it: every page on the board, each fetched once, and a heartbeat
//! whenever `every` passes without a page.
//!
//! Check your answer: `cargo run -- exercise check bug-select-loses-data`

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
    while !queue.is_empty() {
        tokio::select! {
            // The branches are polled in the order written.
            biased;
            line = next_line(&mut queue) => board.push(line),
            () = sleep(every) => note!("still working"),
        }
    }
    board
}

/// Takes the next page off the queue, fetches it, and says what became of
/// it.
async fn next_line(queue: &mut VecDeque<&String>) -> String {
    let url = queue.pop_front().expect("the loop checks the queue first");
    describe_page(url, fetch(url).await)
}
