//! Wrong answer to `backpressure`: no channel at all: fetch a page, write
//! it, fetch the next. The fetcher is never ahead, but the writer waits for
//! every fetch.
//!
//! Expect: one after another

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

/// Fetches one page for the channel.
pub async fn fetch_page(url: &str) -> Result<Fetched, Error> {
    let body = fetch(url).await?;
    Ok(Fetched {
        name: file_name_for(url),
        body,
    })
}

/// Fetches every page of `urls` in one task, writes each to its file in
/// another, and returns the names of the files written, in order; the
/// first error, if any, after the pages fetched before it are written.
pub async fn save_all_unbounded(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let (queue, mut pages) = mpsc::unbounded_channel();
    let fetcher = spawn(async move {
        for url in urls {
            let page = fetch_page(&url).await?;
            queue.send(page).expect("the writer outlives the fetcher");
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

/// The same, in one task.
pub async fn save_all(urls: Vec<String>, capacity: usize) -> Result<Vec<String>, Error> {
    let mut written = Vec::new();
    for url in urls {
        let page = fetch_page(&url).await?;
        write_file(&page.name, &page.body).await?;
        written.push(page.name);
    }
    Ok(written)
}
