//! Wrong answer to `download-async`: `.unwrap()` where `?` belongs. It works
//! while every page is there, and panics, taking the whole program down,
//! when one is missing.
//!
//! Expect: your code panicked

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem and returns the file's name.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await.unwrap();
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url).await.unwrap();
    write_file(&filename, &poem).await?;
    Ok(filename)
}
