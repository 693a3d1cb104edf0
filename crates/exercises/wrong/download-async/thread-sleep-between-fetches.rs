//! Wrong answer to `download-async`: a `std::thread::sleep` between the two
//! fetches, "to be polite to the server". In a task it blocks the thread:
//! every other task on it waits too. The simulated clock cannot see it, so
//! the times all look right; the kernel sees the thread sleep.
//!
//! Expect: your code blocked the thread for about 30 ms inside a poll of `main`
//! Expect: between the fetches of latest and the-tyger.txt
//! Expect: Wait with `.await`

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Error, file_name_for};

/// Downloads the latest poem, named by the page at `index_url`, and returns
/// the file's name, or the first error.
pub async fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url).await?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    // Give the server a moment before the next request.
    std::thread::sleep(Duration::from_millis(30));
    let poem = fetch(&poem_url).await?;
    write_file(&filename, &poem).await?;
    Ok(filename)
}
