//! Wrong answer to `bug-timeout-leaves-file`: it keeps the chapters in a
//! variable the timeout cannot drop, and on a timeout saves what it has,
//! "so as not to lose it": a half book, on purpose this time.
//!
//! Expect: but left book.txt behind, with 1 of its 3 chapters

use std::cell::RefCell;
use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_model::{Body, Error, file_name_for};
use tokio::time::timeout;

/// Fetches the book whose index is at `url`, chapter by chapter, within
/// `limit`, and saves it to a file named after `url`; returns the file's
/// name.
pub async fn save_book(url: &str, limit: Duration) -> Result<String, Error> {
    let name = file_name_for(url);
    let book = RefCell::new(Vec::new());
    let fetching = async {
        let index = fetch(url).await?;
        for chapter in String::from_utf8_lossy(&index).lines() {
            let body = fetch(chapter).await?;
            book.borrow_mut().extend_from_slice(&body);
        }
        Ok::<_, Error>(())
    };
    let fetched = timeout(limit, fetching).await;
    let book = book.take();
    write_file(&name, &Body::from(book)).await?;
    match fetched {
        Ok(fetched) => fetched.map(|()| name),
        Err(_elapsed) => Err(Error::TimedOut {
            url: url.to_owned(),
            after: limit,
        }),
    }
}
