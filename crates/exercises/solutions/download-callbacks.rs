//! A solution to `download-callbacks`. Each continuation gets the result of
//! the wait before it, passes an error straight to `done`, and carries what
//! the next step needs (`filename`, `done`) moved in by hand.

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop};
use threeways_model::file_name_for;

/// Starts downloading the latest poem, named by the page at `index_url`,
/// and returns at once. `done` gets the file's name, or the first error.
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
            // `filename` moves into the last closure, so the write gets a copy.
            write_file(lp, &filename.clone(), poem, move |lp, written| {
                done(lp, written.map(|()| filename));
            });
        });
    });
}
