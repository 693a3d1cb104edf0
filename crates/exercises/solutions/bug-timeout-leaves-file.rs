//! A solution to `bug-timeout-leaves-file`: the timeout covers the
//! fetches only, and the book is written once, whole, after every chapter
//! is in. A timeout drops the future at the `.await` it waits on; whatever
//! it had done before (a file written) stays done. So do nothing that must
//! be undone until nothing can be cancelled any more.

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error, file_name_for};
use tokio::time::timeout;

/// Fetches the book whose index is at `url`, chapter by chapter, within
/// `limit`, and saves it to a file named after `url`; returns the file's
/// name.
pub async fn save_book(url: &str, limit: Duration) -> Result<String, Error> {
    let fetching = async {
        let index = fetch(url).await?;
        let mut book = Vec::new();
        for chapter in String::from_utf8_lossy(&index).lines() {
            book.extend_from_slice(&fetch(chapter).await?);
        }
        Ok::<_, Error>(book)
    };
    let book = match timeout(limit, fetching).await {
        Ok(book) => book?,
        Err(_elapsed) => {
            return Err(Error::TimedOut {
                url: url.to_owned(),
                after: limit,
            });
        }
    };
    let name = file_name_for(url);
    write_file(&name, &Body::from(book)).await?;
    Ok(name)
}
