//! Chapter `download`, blocking style: fetch a URL, then write it to a file.
//!
//! Compare `crates/callbacks/src/chapters/download.rs` and
//! `crates/async/src/chapters/download.rs`.

use crate::prelude::{Error, fetch, file_name_for, note, write_file};

// ANCHOR: download
/// Downloads `url` into a file named after it and returns the file's name.
pub fn download(url: &str) -> Result<String, Error> {
    let filename = file_name_for(url);
    note!("saving {url} as {filename}");
    // The thread stops here until the whole body has arrived...
    let body = fetch(url)?;
    // ...and here until the disk is done. Meanwhile it can do nothing else.
    write_file(&filename, &body)?;
    // `filename` is still in scope: the wait did not take it away.
    note!("saved {} bytes to {filename}", body.len());
    Ok(filename)
}
// ANCHOR_END: download
