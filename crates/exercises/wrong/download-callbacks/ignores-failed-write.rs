//! Wrong answer to `download-callbacks`: the last continuation calls
//! `done` with the file's name whatever `write_file` reports. When the disk
//! cannot write the file, the caller is told it was saved.
//!
//! Expect: When the disk cannot write the poem's file
//! Expect: reporting success although nothing was saved

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
            write_file(lp, &filename.clone(), poem, move |lp, _written| {
                done(lp, Ok(filename));
            });
        });
    });
}
