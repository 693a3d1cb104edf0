//! Exercise `bug-never-awaited`: find the bug.
//!
//! `fetch_and_log` fetches a page, adds a line to the visit log
//! (`visits.log`), and returns the page's length. It compiles, and it
//! returns the right length, in less time than the blocking version even.
//! But the visit log stays empty. Why? Fix it. (If the log cannot be
//! written, the function should say so, as the blocking version does.)
//!
//! Check your answer: `cargo run -- exercise check bug-never-awaited`

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error};

/// Fetches the page at `url`, logs the visit, and returns the page's length.
pub async fn fetch_and_log(url: &str) -> Result<usize, Error> {
    let body = fetch(url).await?;
    log_visit(url);
    Ok(body.len())
}

/// Adds a line for the visit of `url` to `visits.log`.
async fn log_visit(url: &str) -> Result<(), Error> {
    let line = format!("visited {url}\n");
    write_file("visits.log", &Body::from(line.as_str())).await
}
