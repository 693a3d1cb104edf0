//! Wrong answer to `download-async`: the write is handed to a task of its
//! own, and instead of awaiting the task, the download sleeps 5 ms, the
//! time the disk took when it was tried. On a slower disk it returns before
//! the file is written, and a failed write is never reported.
//!
//! Expect: When the pages and the disk take other times
//! Expect: before the file was written

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_async::prelude::sleep;
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
    sleep(Duration::from_millis(5)).await; // the disk takes 5 ms
    Ok(filename)
}
