//! Wrong answer to `backpressure`: it awaits the fetcher first, and returns
//! its error at once. When a page is missing, the pages fetched before it
//! are still in the channel or being written: the caller hears "failed"
//! while files are still appearing on the disk.
//!
//! Expect: With a fourth page that answers 404, `save_all` returned at
//! Expect: but the program went on until
//! Expect: write 3.txt (21 bytes) on `writer` until 100 ms
//! Expect: Await the writer before you return

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
    // The fetcher's error first: no need to wait for the writer then.
    fetcher.await.expect("the fetcher does not panic")?;
    writer.await.expect("the writer does not panic")
}
