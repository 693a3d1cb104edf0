//! Wrong answer to `bug-hang`: the writer takes as many pages as were asked
//! for, and never needs the channel to close. But when a fetch fails, the
//! fetcher stops early, and the writer waits for a page that will not come.
//!
//! Expect: When a page is missing, the program hung

use threeways_blocking::prelude::{fetch, write_file};
use threeways_blocking::prelude::sync::mpsc;
use threeways_blocking::prelude::thread;
use threeways_model::{Body, Error, file_name_for};

/// Fetches every page of `urls` on one thread, writes each to its file on
/// another, and returns the names of the files written, in order; the
/// first error, if any, after the pages fetched before it are written.
pub fn save_all(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let urls_asked = urls.clone();
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
    let count = urls_asked.len();
    let writer = thread::Builder::new().name("writer".to_owned()).spawn(move || -> Result<Vec<String>, Error> {
        let mut written = Vec::new();
        // As many pages as asked for: no need for the channel to close.
        for _ in 0..count {
            let (name, body) = to_write.recv().expect("a page comes");
            write_file(&name, &body)?;
            written.push(name);
        }
        Ok(written)
    }).expect("the system starts a thread");
    let fetched = fetcher.join().expect("the fetcher does not panic");
    let written = writer.join().expect("the writer does not panic")?;
    fetched?;
    Ok(written)
}
