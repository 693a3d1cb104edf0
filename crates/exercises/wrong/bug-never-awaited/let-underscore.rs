//! Wrong answer to `bug-never-awaited`: `let _ =` silences the compiler's
//! warning, and the future is still dropped without being polled.
//!
//! Expect: visits.log was never written

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error};

/// Fetches the page at `url`, logs the visit, and returns the page's length.
pub async fn fetch_and_log(url: &str) -> Result<usize, Error> {
    let body = fetch(url).await?;
    let _ = log_visit(url);
    Ok(body.len())
}

/// Adds a line for the visit of `url` to `visits.log`.
async fn log_visit(url: &str) -> Result<(), Error> {
    let line = format!("visited {url}\n");
    write_file("visits.log", &Body::from(line.as_str())).await
}
