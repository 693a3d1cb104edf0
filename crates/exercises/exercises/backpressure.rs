//! Exercise `backpressure`: keep a fast fetcher in check.
//!
//! `save_all_unbounded` below fetches pages in one task and writes them to
//! files in another, with a channel between them. The fetcher is faster
//! than the disk, and the channel takes whatever it is given: the pages the
//! fetcher is ahead by pile up in memory, and with a feed that does not
//! end, they would fill it.
//!
//! Write `save_all`, the same pipeline with backpressure: the channel holds
//! at most `capacity` pages, and the fetcher waits while it is full. The
//! writer must be kept as busy as before: the whole takes no longer.
//!
//! The checker feeds it eight pages that take 10 ms each, with a disk that
//! takes 30 ms a file and room for two: the unbounded fetcher ends up five
//! pages ahead of the writer; with backpressure, never more than three
//! (two in the channel, one in its hands). It also tries other speeds with
//! room for one, and a page that answers 404.
//!
//! Check your answer: `cargo run -- exercise check backpressure`

use threeways_async::prelude::spawn;
use threeways_async::prelude::sync::mpsc;
use threeways_async::prelude::{fetch, write_file};
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
    let fetcher = spawn(
        async move {
            for url in urls {
                let page = fetch_page(&url).await?;
                queue.send(page).expect("the writer outlives the fetcher");
            }
            Ok::<(), Error>(())
        }
        .instrument(info_span!("fetcher")),
    );
    let writer = spawn(
        async move {
            let mut written = Vec::new();
            while let Some(page) = pages.recv().await {
                write_file(&page.name, &page.body).await?;
                written.push(page.name);
            }
            Ok::<Vec<String>, Error>(written)
        }
        .instrument(info_span!("writer")),
    );
    let written = writer.await.expect("the writer does not panic")?;
    fetcher.await.expect("the fetcher does not panic")?;
    Ok(written)
}

/// The same, with at most `capacity` pages between the fetcher and the
/// writer.
pub async fn save_all(urls: Vec<String>, capacity: usize) -> Result<Vec<String>, Error> {
    todo!("save_all_unbounded, with a channel that holds at most `capacity` pages")
}
