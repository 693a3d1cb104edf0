//! Wrong answer to `backpressure`: no bounded channel; instead the fetcher
//! waits a fixed 20 ms after each page, tuned until the writer kept up on
//! the first feed. A delay fitted to one disk is wrong for another: on a
//! slower disk the pages pile up in memory again, and on a faster one the
//! fetcher idles for nothing.
//!
//! Expect: With six pages of 13 ms, a disk of 71 ms and room for one
//! Expect: the fetcher ran 3 pages ahead of the writer

use std::time::Duration;
use threeways_async::prelude::{fetch, write_file};
use threeways_async::prelude::sync::mpsc;
use threeways_async::prelude::spawn;
use threeways_async::prelude::sleep;
use threeways_model::{Body, Error, file_name_for};
use tracing::{Instrument, info_span};

/// A page fetched, on its way to the disk.
pub struct Fetched {
    /// The file it goes to.
    pub name: String,
    /// What the server sent.
    pub body: Body,
}

/// Saves every page, the fetcher slowed down to the writer's pace.
pub async fn save_all(urls: Vec<String>, _capacity: usize) -> Result<Vec<String>, Error> {
    let (queue, mut pages) = mpsc::unbounded_channel();
    let fetcher = spawn(async move {
        for url in urls {
            let body = fetch(&url).await?;
            let page = Fetched {
                name: file_name_for(&url),
                body,
            };
            queue.send(page).expect("the writer outlives the fetcher");
            sleep(Duration::from_millis(20)).await; // the writer's pace
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
