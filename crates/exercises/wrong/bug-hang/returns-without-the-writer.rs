//! Wrong answer to `bug-hang`: it no longer hangs, because it no longer
//! waits for the writer at all: it returns while the writer is still
//! writing.
//!
//! Expect: before the writer

use threeways_blocking::prelude::{fetch, write_file};
use threeways_blocking::prelude::sync::mpsc;
use threeways_blocking::prelude::thread;
use threeways_model::{Body, Error, file_name_for};

/// Fetches every page of `urls` on one thread, writes each to its file on
/// another, and returns the names of the files written, in order; the
/// first error, if any, after the pages fetched before it are written.
pub fn save_all(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let names: Vec<String> = urls.iter().map(|url| file_name_for(url)).collect();
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
    drop(pages);
    fetcher.join().expect("the fetcher does not panic")?;
    // The names are known already: no need to wait for the writer.
    drop(writer);
    Ok(names)
}
