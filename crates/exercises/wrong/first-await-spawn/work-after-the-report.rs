//! Wrong answer to `first-await-spawn`: it spawns the fetch, but awaits the
//! task at once, and only then does the work: one after the other.
//!
//! Expect: the wait `sleep 50 ms` began at 120 ms
//! Expect: not after it has come

use std::time::Duration;
use threeways_async::io::fetch;
use threeways_async::task::spawn;
use threeways_async::time::sleep;
use threeways_model::Error;

/// Fetches the report at `url` while working for `work`, and returns the
/// report's length, or the fetch's error.
pub async fn report_while_working(url: &str, work: Duration) -> Result<usize, Error> {
    let owned = url.to_owned();
    let report = spawn("report", async move { fetch(&owned).await.map(|body| body.len()) });
    let len = report.await.expect("the report task does not panic")?;
    sleep(work).await;
    Ok(len)
}
