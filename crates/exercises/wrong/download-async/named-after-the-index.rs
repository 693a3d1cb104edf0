//! Wrong answer to `download-async`: the file is named after the index's
//! address instead of the poem's.
//!
//! Expect: the file is named after the address of the page it saves

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem and returns the file's name.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let filename = file_name_for(index_url);
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let poem = fetch(&poem_url).await?;
    write_file(&filename, &poem).await?;
    Ok(filename)
}
