//! Chapter `download`, async style: fetch a URL, then write it to a file.
//!
//! Compare `crates/blocking/src/chapters/download.rs` and
//! `crates/callbacks/src/chapters/download.rs`.

use crate::prelude::{Error, fetch, file_name_for, note, write_file};

// ANCHOR: download
/// Downloads `url` into a file named after it and returns the file's name.
pub async fn download(url: &str) -> Result<String, Error> {
    let filename = file_name_for(url);
    note!("saving {url} as {filename}");
    // The task pauses here; the thread is free to run other tasks meanwhile.
    // The compiler stores `filename` in the future, so nothing is lost.
    let body = fetch(url).await?;
    write_file(&filename, &body).await?;
    note!("saved {} bytes to {filename}", body.len());
    Ok(filename)
}
// ANCHOR_END: download
