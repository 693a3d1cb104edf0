//! Wrong answer to `backpressure`: the bounded channel is there, but the
//! fetcher also takes a breath of 5 ms with `std::thread::sleep` after each
//! page, "to go easy on the disk". In a task that blocks the thread: the
//! writer, on the same thread, waits too. The simulated clock cannot see
//! it; the kernel can.
//!
//! Expect: your code blocked the thread for about
//! Expect: inside a poll of `fetcher`
//! Expect: every other task on it waits too

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_async::prelude::sync::mpsc;
use threeways_async::prelude::spawn;
use threeways_model::{Body, Error, file_name_for};
use tracing::{Instrument, info_span};

/// A page fetched, on its way to the disk.
pub struct Fetched {
    /// The file it goes to.
    pub name: String,
    /// What the server sent.
    pub body: Body,
}

/// Saves every page; the fetcher waits while `capacity` pages wait.
pub async fn save_all(urls: Vec<String>, capacity: usize) -> Result<Vec<String>, Error> {
    let (queue, mut pages) = mpsc::channel(capacity);
    let fetcher = spawn(async move {
        for url in urls {
            let body = fetch(&url).await?;
            let page = Fetched {
                name: file_name_for(&url),
                body,
            };
            std::thread::sleep(Duration::from_millis(5)); // go easy on the disk
            queue.send(page).await.expect("the writer outlives the fetcher");
        }
        Ok::<(), Error>(())
    }.instrument(info_span!("fetcher")));
    let writer = spawn(async move {
        let mut written = Vec::new();
        while let Some(page) = pages.recv().await {
            write_file(&page.name, &page.body).await?;
            written.push(page.name);
        }
        Ok::<Vec<String>, Error>(written)
    }.instrument(info_span!("writer")));
    let written = writer.await.expect("the writer does not panic")?;
    fetcher.await.expect("the fetcher does not panic")?;
    Ok(written)
}
