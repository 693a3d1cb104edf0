//! A solution to `bug-sequential-awaits`. The bug: in Rust a future does
//! nothing until it is polled, so "starting every fetch" by making the
//! futures started none of them; the loop then ran each one alone, the next
//! only after the last had finished. `join_all` polls them all together.
//! (In JavaScript, or with Python's `asyncio.create_task`, the first version
//! would have worked: there, making the promise or task starts the work.)

use futures::future::join_all;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns one line per page, in
/// the order of `urls`.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let fetches = urls.iter().map(|url| fetch(url));
    let bodies = join_all(fetches).await; // polled together, in order
    urls.iter()
        .zip(bodies)
        .map(|(url, body)| describe_page(url, body))
        .collect()
}
