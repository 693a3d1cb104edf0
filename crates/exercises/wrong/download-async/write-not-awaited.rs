//! Wrong answer to `download-async`: the write is handed to a task of its
//! own with `tokio::spawn`, and the download returns without awaiting it.
//! The caller is told the file is saved while it is still being written,
//! and a failed write is never reported.
//!
//! Expect: the write went on after it returned, in a task nobody awaited

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem and returns the file's name.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url).await?;
    let name = filename.clone();
    tokio::spawn(async move {
        let _ = write_file(&name, &poem).await;
    });
    Ok(filename)
}
