//! A solution to `bug-hang`. The bug: `for ... in &to_write` ends only
//! when the channel is empty *and every sender is gone*. The fetcher got a
//! clone of `pages`, and dropped it when it ended; but `save_all` kept the
//! original, and then waited for the writer, which waited for `save_all`'s
//! sender to go. Dropping it before the joins (or moving it into the
//! fetcher instead of a clone) lets the channel close.

use threeways_blocking::prelude::{fetch, write_file};
use threeways_blocking::prelude::sync::mpsc;
use threeways_blocking::prelude::thread;
use threeways_model::{Body, Error, file_name_for};

/// Fetches every page of `urls` on one thread, writes each to its file on
/// another, and returns the names of the files written, in order; the
/// first error, if any, after the pages fetched before it are written.
pub fn save_all(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let (pages, to_write) = mpsc::channel::<(String, Body)>();
    let fetcher = {
        let pages = pages.clone();
        thread::Builder::new().name("fetcher".to_owned()).spawn(move || -> Result<(), Error> {
            for url in urls {
                let body = fetch(&url)?;
                let page = (file_name_for(&url), body);
                pages.send(page).expect("the writer is listening");
            }
            Ok(())
        }).expect("the system starts a thread")
    };
    let writer = thread::Builder::new().name("writer".to_owned()).spawn(move || -> Result<Vec<String>, Error> {
        let mut written = Vec::new();
        for (name, body) in &to_write {
            write_file(&name, &body)?;
            written.push(name);
        }
        Ok(written)
    }).expect("the system starts a thread");
    // `main`'s own sender: the writer's loop ends only once every sender
    // is gone, and the fetcher's goes when the fetcher ends.
    drop(pages);
    let fetched = fetcher.join().expect("the fetcher does not panic");
    let written = writer.join().expect("the writer does not panic")?;
    fetched?;
    Ok(written)
}
