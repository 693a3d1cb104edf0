//! A solution to `first-await-spawn`: the fetch is spawned as a task, which
//! the runtime starts as soon as this task waits (in `sleep`). A task, like
//! a thread, owns what it uses, so it gets its own copy of the address.
//! (`tokio::join!(fetch(url), sleep(work))` would do too, in one task.)

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
    sleep(work).await; // other work, while the report is on its way
    report.await.expect("the report task does not panic")
}
