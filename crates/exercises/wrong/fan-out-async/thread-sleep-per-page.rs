//! Wrong answer to `fan-out-async`: every fetch at once with `join_all`,
//! but each page first waits 2 ms with `std::thread::sleep`, "to spread
//! the requests out". `join_all` polls every future in the poll of `main`,
//! so the thread sleeps once per page, and every task waits. The simulated
//! clock cannot see it; the kernel can.
//!
//! Expect: your code blocked the thread for about
//! Expect: inside a poll of `main`, before the fetch of news began
//! Expect: Wait with `.await`

use futures::future::join_all;
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_model::describe_page;

/// Fetches every page at once; one line per page, in the order given.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    join_all(urls.iter().map(|url| async move {
        std::thread::sleep(Duration::from_millis(2)); // spread the requests out
        describe_page(url, fetch(url).await)
    }))
    .await
}
