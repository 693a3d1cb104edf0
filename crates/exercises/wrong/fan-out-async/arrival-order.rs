//! Wrong answer to `fan-out-async`: `FuturesUnordered` runs the fetches at
//! once, but hands the results over in the order they finish, and the
//! board keeps that order.
//!
//! Expect: in the order they came back

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page in `urls` at once, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|url| async move { describe_page(url, fetch(url).await) })
        .collect::<FuturesUnordered<_>>()
        .collect()
        .await
}
