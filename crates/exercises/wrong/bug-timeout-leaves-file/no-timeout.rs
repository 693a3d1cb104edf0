//! Wrong answer to `bug-timeout-leaves-file`: no half book, but no limit
//! either: it takes the time the book takes.
//!
//! Expect: returned Ok(“book.txt”) at 243 ms; with a limit of 97 ms, it should return the timeout error at 97 ms

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error, file_name_for};

/// Fetches the book whose index is at `url`, chapter by chapter, within
/// `limit`, and saves it to a file named after `url`; returns the file's
/// name.
pub async fn save_book(url: &str, limit: Duration) -> Result<String, Error> {
    let index = fetch(url).await?;
    let mut book = Vec::new();
    for chapter in String::from_utf8_lossy(&index).lines() {
        book.extend_from_slice(&fetch(chapter).await?);
    }
    let name = file_name_for(url);
    write_file(&name, &Body::from(book)).await?;
    Ok(name)
}
