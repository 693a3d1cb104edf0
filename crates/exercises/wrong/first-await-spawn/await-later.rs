//! Wrong answer to `first-await-spawn`: it makes the future first and
//! awaits it after the work, as a JavaScript promise would allow. A Rust
//! future does nothing until it is polled, so the fetch starts after the
//! work.
//!
//! Expect: the fetch of report began at 50 ms
//! Expect: a future does nothing until it is polled

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::sleep;
use threeways_model::Error;

/// Fetches the report at `url` while working for `work`, and returns the
/// report's length, or the fetch's error.
pub async fn report_while_working(url: &str, work: Duration) -> Result<usize, Error> {
    let report = fetch(url);
    sleep(work).await; // other work, while the report is on its way?
    Ok(report.await?.len())
}
