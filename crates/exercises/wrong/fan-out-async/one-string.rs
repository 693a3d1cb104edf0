//! Wrong answer to `fan-out-async`: the fetches overlap and the lines are
//! right, but they are joined into one text, as if the board were printed:
//! a board of one line. A message that showed the first line as wrong
//! would hide that; the checker counts the lines first.
//!
//! Expect: your board has 1 line; it should have 5
//! Expect: Its one line is “news: 78 bytes\nweather:

use futures::future::join_all;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns the board.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let lines = join_all(
        urls.iter()
            .map(|url| async move { describe_page(url, fetch(url).await) }),
    )
    .await;
    vec![lines.join("\n")]
}
