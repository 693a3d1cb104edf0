//! A solution to `bug-select-loses-data`: each page's fetch is made once,
//! before the loop that races it against the heartbeat, and `select!`
//! polls it through `&mut`: when the heartbeat wins, `select!` drops only
//! the reference, and the fetch goes on at the next turn. A future given
//! to `select!` by value is dropped when it loses, with whatever it had
//! done (here, taking the page off the queue).

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::describe_page;

/// Fetches the pages in turn, noting `still working` while it waits, and
/// returns one line per page, in the order of `urls`.
pub async fn fetch_with_heartbeat(urls: &[String], every: Duration) -> Vec<String> {
    let mut board = Vec::new();
    for url in urls {
        let fetching = fetch(url);
        // Pinned, so that it can be polled through `&mut` across turns.
        tokio::pin!(fetching);
        let body = loop {
            tokio::select! {
                biased;
                body = &mut fetching => break body,
                () = sleep(every) => note!("still working"),
            }
        };
        board.push(describe_page(url, body));
    }
    board
}
