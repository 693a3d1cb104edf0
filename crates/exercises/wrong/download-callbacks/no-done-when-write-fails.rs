//! Wrong answer to `download-callbacks`: the last continuation calls
//! `done` only when the write worked. Every fetch error reaches `done`, but
//! a failed write is dropped, and the caller waits forever.
//!
//! Expect: When the disk cannot write the poem's file, `done` was never called

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop};
use threeways_model::file_name_for;

/// Starts downloading the latest poem; `done` gets the file's name.
pub fn download_latest(lp: &mut EventLoop, index_url: &str, done: impl Done<String>) {
    fetch(lp, index_url, move |lp, index| {
        let index = match index {
            Ok(index) => index,
            Err(error) => return done(lp, Err(error)),
        };
        let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
        let filename = file_name_for(&poem_url);
        fetch(lp, &poem_url, move |lp, poem| {
            let poem = match poem {
                Ok(poem) => poem,
                Err(error) => return done(lp, Err(error)),
            };
            write_file(lp, &filename.clone(), poem, move |lp, written| {
                if written.is_ok() {
                    done(lp, Ok(filename));
                }
            });
        });
    });
}
