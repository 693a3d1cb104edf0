//! Wrong answer to `first-await-spawn`: it runs the fetch during the work,
//! but a missing report becomes a length of 0 instead of the error.
//!
//! Expect: your function returned Ok(0); it should return the error

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
    let report = spawn(async move {
        fetch(&owned).await.map(|body| body.len()).unwrap_or(0)
    }.instrument(info_span!("report")));
    sleep(work).await;
    Ok(report.await.expect("the report task does not panic"))
}
