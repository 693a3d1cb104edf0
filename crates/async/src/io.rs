//! The network and the disk, as `async fn`s: calling one makes a future, and
//! `.await`ing it pauses the task (not the thread) until the work is done.

use crate::world::current;
use threeways_core::Error;

/// Fetches `url` and returns its body. While it waits, the thread is free to
/// run other tasks.
pub async fn fetch(url: &str) -> Result<Vec<u8>, Error> {
    let world = current();
    let (result, takes) = world.net.fetch(url);
    world.wait(takes, format!("fetch {url}")).await;
    result
}

/// Writes `body` to the file `name`. While the disk works, the thread is free
/// to run other tasks.
pub async fn write_file(name: &str, body: &[u8]) -> Result<(), Error> {
    let world = current();
    let label = format!("write {name} ({} bytes)", body.len());
    world.wait(world.disk.latency(), label).await;
    world.disk.write(name, body)
}
