//! Wrong answer to `download-callbacks`: when the index page is missing,
//! the first continuation notes the error and returns, and `done` is
//! dropped without being called. The caller waits forever.
//!
//! Expect: `done` was never called

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop, note};
use threeways_model::file_name_for;

/// Starts downloading the latest poem; `done` gets the file's name.
pub fn download_latest(lp: &mut EventLoop, index_url: &str, done: impl Done<String>) {
    fetch(lp, index_url, move |lp, index| {
        let Ok(index) = index else {
            note!(lp, "no index, nothing to download");
            return;
        };
        let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
        let filename = file_name_for(&poem_url);
        fetch(lp, &poem_url, move |lp, poem| {
            let poem = match poem {
                Ok(poem) => poem,
                Err(error) => return done(lp, Err(error)),
            };
            write_file(lp, &filename.clone(), poem, move |lp, written| {
                done(lp, written.map(|()| filename));
            });
        });
    });
}
