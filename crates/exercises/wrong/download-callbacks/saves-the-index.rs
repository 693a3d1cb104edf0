//! Wrong answer to `download-callbacks`: the index's body is moved into the
//! second continuation and written instead of the poem's: with callbacks,
//! every value a later step needs is carried by hand, and it is easy to
//! carry the wrong one.
//!
//! Expect: but it should hold the

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop};
use threeways_model::file_name_for;

/// Starts downloading the latest poem; `done` gets the file's name.
pub fn download_latest(lp: &mut EventLoop, index_url: &str, done: impl Done<String>) {
    fetch(lp, index_url, move |lp, body| {
        let body = match body {
            Ok(body) => body,
            Err(error) => return done(lp, Err(error)),
        };
        let poem_url = String::from_utf8_lossy(&body).trim().to_owned();
        let filename = file_name_for(&poem_url);
        fetch(lp, &poem_url, move |lp, poem| {
            if let Err(error) = poem {
                return done(lp, Err(error));
            }
            write_file(lp, &filename.clone(), body, move |lp, written| {
                done(lp, written.map(|()| filename));
            });
        });
    });
}
