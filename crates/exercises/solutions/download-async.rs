//! A solution to `download-async`: the blocking version with an `.await`
//! at each wait.

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem, named by the page at `index_url`, and returns
/// the file's name, or the first error.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url).await?;
    write_file(&filename, &poem).await?;
    Ok(filename)
}
