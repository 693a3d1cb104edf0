//! Wrong answer to `bug-timeout-leaves-file`: it gives each fetch the
//! whole limit, so no single fetch ever times out, and the book as a whole
//! takes as long as it takes.
//!
//! Expect: it should return the timeout error at 97 ms

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error, file_name_for};
use tokio::time::timeout;

/// Fetches `url` within `limit`.
async fn fetch_within(url: &str, limit: Duration) -> Result<Body, Error> {
    match timeout(limit, fetch(url)).await {
        Ok(body) => body,
        Err(_elapsed) => Err(Error::TimedOut {
            url: url.to_owned(),
            after: limit,
        }),
    }
}

/// Fetches the book whose index is at `url`, chapter by chapter, within
/// `limit`, and saves it to a file named after `url`; returns the file's
/// name.
pub async fn save_book(url: &str, limit: Duration) -> Result<String, Error> {
    let index = fetch_within(url, limit).await?;
    let mut book = Vec::new();
    for chapter in String::from_utf8_lossy(&index).lines() {
        book.extend_from_slice(&fetch_within(chapter, limit).await?);
    }
    let name = file_name_for(url);
    write_file(&name, &Body::from(book)).await?;
    Ok(name)
}
