//! Wrong answer to `bug-never-awaited`: the log is written by a task of its
//! own, which runs, but after the function has returned; and its error is
//! lost.
//!
//! Expect: before visits.log was written (at 85 ms)

use threeways_async::prelude::{fetch, write_file};
use threeways_async::prelude::spawn;
use threeways_model::{Body, Error};
use tracing::{Instrument, info_span};

/// Fetches the page at `url`, logs the visit, and returns the page's length.
pub async fn fetch_and_log(url: &str) -> Result<usize, Error> {
    let body = fetch(url).await?;
    let owned = url.to_owned();
    let _ = spawn(async move { log_visit(&owned).await }.instrument(info_span!("log")));
    Ok(body.len())
}

/// Adds a line for the visit of `url` to `visits.log`.
async fn log_visit(url: &str) -> Result<(), Error> {
    let line = format!("visited {url}\n");
    write_file("visits.log", &Body::from(line.as_str())).await
}
