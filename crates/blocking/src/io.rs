//! The network and the disk, as blocking calls: each returns when its work
//! is done, and the calling thread does nothing else meanwhile.

use crate::world::current;
use threeways_core::Error;

/// Fetches `url` and returns its body. The calling thread is blocked until
/// the last byte has arrived.
pub fn fetch(url: &str) -> Result<Vec<u8>, Error> {
    let me = current();
    let (result, takes) = me.world.net.fetch(url);
    me.wait(takes, format!("fetch {url}"));
    result
}

/// Writes `body` to the file `name`. The calling thread is blocked until the
/// disk is done.
pub fn write_file(name: &str, body: &[u8]) -> Result<(), Error> {
    let me = current();
    let disk = me.world.disk.clone();
    me.wait(
        disk.latency(),
        format!("write {name} ({} bytes)", body.len()),
    );
    disk.write(name, body)
}
