//! Wrong answer to `bug-hang`: it drops `main`'s sender, but after joining
//! the writer, which waits for that very sender to go.
//!
//! Expect: the program hung
//! Expect: `main` waits on `join writer`

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
    let fetched = fetcher.join().expect("the fetcher does not panic");
    let written = writer.join().expect("the writer does not panic");
    drop(pages); // too late: the writer is joined already
    fetched?;
    written
}
