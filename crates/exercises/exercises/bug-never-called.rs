//! Exercise `bug-never-called`: find the bug.
//!
//! `download_or_backup` downloads `url` into a file named after it. If that
//! fetch fails, it downloads `backup` instead, into a file named after the
//! backup. `done` gets the name of the file it saved, or, if both fetches
//! fail, the backup's error.
//!
//! It compiles, and it works when the page is there, and when only the
//! backup is. But a program that calls it sometimes hangs, waiting for an
//! answer that never comes. Find out when, and fix it.
//!
//! Check your answer: `cargo run -- exercise check bug-never-called`

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{Done, EventLoop, note};
use threeways_model::{Body, file_name_for};

/// Starts downloading `url`, or `backup` if `url` fails, and returns at
/// once. `done` gets the file's name, or the backup's error.
pub fn download_or_backup(lp: &mut EventLoop, url: &str, backup: &str, done: impl Done<String>) {
    let url = url.to_owned();
    let backup = backup.to_owned();
    fetch(lp, &url.clone(), move |lp, body| match body {
        Ok(body) => save(lp, &url, body, done),
        Err(error) => {
            note!(lp, "{error}; trying the backup");
            fetch(lp, &backup.clone(), move |lp, body| match body {
                Ok(body) => save(lp, &backup, body, done),
                Err(error) => note!(lp, "the backup failed too: {error}"),
            });
        }
    });
}

/// Writes `body` to a file named after `url`; `done` gets the file's name.
fn save(lp: &mut EventLoop, url: &str, body: Body, done: impl Done<String>) {
    let filename = file_name_for(url);
    write_file(lp, &filename.clone(), body, move |lp, written| {
        done(lp, written.map(|()| filename));
    });
}
