//! Wrong answer to `download-async`: the index's body is used as the
//! poem's address as it is, line break and all. No page has that address.
//! In a message the two addresses would look the same; the checker quotes
//! them with the line break shown as `\n`.
//!
//! Expect: “http://example.com/poems/the-tyger.txt\n”; it should fetch
//! Expect: trim the index's body

use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem and returns the file's name.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).into_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url).await?;
    write_file(&filename, &poem).await?;
    Ok(filename)
}
