//! Wrong answer to `download-async`: `.ok()` throws away what the write
//! returned, so a write that fails is reported as a file saved. (`?` is one
//! character, and passes the error on.)
//!
//! Expect: When the disk cannot write the poem's file
//! Expect: reporting success although nothing was saved

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem and returns the file's name.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url).await?;
    write_file(&filename, &poem).await.ok();
    Ok(filename)
}
