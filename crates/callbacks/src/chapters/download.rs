//! Chapter `download`, callback style: fetch a URL, then write it to a file.
//!
//! Compare `crates/blocking/src/chapters/download.rs` and
//! `crates/async/src/chapters/download.rs`.

use crate::io::{fetch, write_file};
use crate::{Done, EventLoop, note};
use threeways_model::file_name_for;

// ANCHOR: download
/// Starts downloading `url` into a file named after it and returns at once.
/// `done` is the rest of the program, a *continuation*: the loop calls it
/// with the file's name, or the error, once the file is written. Any
/// closure `move |lp, result| ...` taking a `Result<String, Error>` will do.
pub fn download(lp: &mut EventLoop, url: &str, done: impl Done<String>) {
    let filename = file_name_for(url);
    note!(lp, "saving {url} as {filename}");
    // `fetch` returns at once. The rest of the work goes into a closure that
    // the loop calls later, and `filename` must be moved into it by hand:
    // by then this function has returned and its local variables are gone.
    fetch(lp, url, move |lp, body| {
        // Every continuation receives the error of the step before it.
        let body = match body {
            Ok(body) => body,
            Err(error) => return done(lp, Err(error)),
        };
        let len = body.len();
        // `filename` moves into the next closure, so the write gets a copy.
        write_file(lp, &filename.clone(), body, move |lp, written| {
            if let Err(error) = written {
                return done(lp, Err(error));
            }
            note!(lp, "saved {len} bytes to {filename}");
            done(lp, Ok(filename));
        });
    });
    // We get here at once, long before the page arrives.
    note!(lp, "download() returns; the fetch goes on without it");
}
// ANCHOR_END: download
