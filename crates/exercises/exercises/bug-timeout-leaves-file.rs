//! Exercise `bug-timeout-leaves-file`: find the bug.
//!
//! `save_book` fetches a book's index (its body lists the chapters'
//! addresses, one per line), then each chapter, and saves the whole book
//! to one file named after the index's address. The book must come within
//! `limit`: if it does not, the function returns the timeout error. To let
//! a reader follow the download, it saves the book so far after each
//! chapter.
//!
//! When the book comes in time, all is well. When it does not, the function
//! returns the timeout error, as it should; but a reader finds a file that
//! looks like the book and is not. Why? Fix it: when the book cannot be
//! saved whole (too slow, or a chapter missing), no file may be left.
//!
//! Check your answer: `cargo run -- exercise check bug-timeout-leaves-file`

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error, file_name_for};
use tokio::time::timeout;

/// Fetches the book whose index is at `url`, chapter by chapter, within
/// `limit`, and saves it to a file named after `url`; returns the file's
/// name.
pub async fn save_book(url: &str, limit: Duration) -> Result<String, Error> {
    let name = file_name_for(url);
    let saving = async {
        let index = fetch(url).await?;
        let mut book = Vec::new();
        for chapter in String::from_utf8_lossy(&index).lines() {
            book.extend_from_slice(&fetch(chapter).await?);
            // Save what we have, so that a reader can follow the download.
            write_file(&name, &Body::from(book.clone())).await?;
        }
        Ok(name.clone())
    };
    match timeout(limit, saving).await {
        Ok(saved) => saved,
        Err(_elapsed) => Err(Error::TimedOut {
            url: url.to_owned(),
            after: limit,
        }),
    }
}
