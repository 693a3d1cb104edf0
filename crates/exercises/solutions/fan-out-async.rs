//! A solution to `fan-out-async`: `join_all` polls every fetch from this
//! one task, so the waits overlap, and gives the results in the order of
//! the futures, whatever order they finish in.

use futures::future::join_all;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns one line per page, in
/// the order of `urls`.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    join_all(
        urls.iter()
            .map(|url| async move { describe_page(url, fetch(url).await) }),
    )
    .await
}
