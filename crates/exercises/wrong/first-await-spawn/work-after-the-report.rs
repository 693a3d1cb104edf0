//! Wrong answer to `first-await-spawn`: it spawns the fetch, but awaits the
//! task at once, and only then does the work: one after the other.
//!
//! Expect: the wait `sleep 50 ms` began at 120 ms
//! Expect: not after it has come

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::spawn;
use threeways_async::prelude::sleep;
use threeways_model::Error;
use tracing::{Instrument, info_span};

/// Fetches the report at `url` while working for `work`, and returns the
/// report's length, or the fetch's error.
pub async fn report_while_working(url: &str, work: Duration) -> Result<usize, Error> {
    let owned = url.to_owned();
    let report = spawn(async move { fetch(&owned).await.map(|body| body.len()) }.instrument(info_span!("report")));
    let len = report.await.expect("the report task does not panic")?;
    sleep(work).await;
    Ok(len)
}
