//! The network and the disk, as `async fn`s: calling one makes a future, and
//! `.await`ing it pauses the task (not the thread) until the work is done.

use crate::world::current;
use futures::future::Either;
use std::sync::atomic::Ordering;
use std::time::Duration;
use threeways_event_loop::on_worker::on_worker;
use threeways_model::{Body, Error};
use threeways_real::Written;
use threeways_world::{Disk, Net};

/// Fetches `url` and returns its body. While it waits, the thread is free to
/// run other tasks.
pub async fn fetch(url: &str) -> Result<Body, Error> {
    let world = current();
    let label = format!("fetch {url}");
    match &world.net {
        Net::Simulated(sim) => {
            let (result, takes) = sim.fetch(url);
            world.wait_for_time(label, takes).await;
            result.map(Body::from)
        }
        Net::Real(net) => {
            // Tokio's socket on tokio; on ours, ours, registered with the
            // loop's poller (`threeways_event_loop::net`).
            let fetch = || match world.on_ours() {
                false => Either::Left(crate::http::fetch(net, url)),
                true => Either::Right(crate::http::fetch_on_ours(net, url)),
            };
            let body = world.wait_for_future(label, fetch).await?;
            if let Some(note) = body.encoding_note(url) {
                world.note(note);
            }
            Ok(body)
        }
    }
}

/// Writes `body` to the file `name`. While the disk works, the thread is free
/// to run other tasks.
pub async fn write_file(name: &str, body: &Body) -> Result<(), Error> {
    let world = current();
    let label = format!("write {name} ({} bytes)", body.len());
    match &world.disk {
        Disk::Simulated(sim) => {
            world.wait_for_time(label, sim.latency()).await;
            sim.write(name, body)
        }
        Disk::Real(disk) => {
            // File writes block, so they go to tokio's pool of threads for
            // blocking work, as `tokio::fs` does (on ours, to the loop's
            // worker thread).
            world.used_blocking_pool.store(true, Ordering::Relaxed);
            // A clone of a spooled body shares its file: nothing is copied.
            let (disk, owned, body) = (disk.clone(), name.to_owned(), body.clone());
            let write = move || disk.write(&owned, &body);
            let written = if world.on_ours() {
                let write = on_worker(Duration::ZERO, write);
                world.wait_for_future(label, || write).await?
            } else {
                let write = tokio::task::spawn_blocking(write);
                world
                    .wait_for_future(label, || async {
                        write.await.unwrap_or_else(|error| {
                            Err(Error::Disk {
                                name: name.to_owned(),
                                reason: error.to_string(),
                            })
                        })
                    })
                    .await?
            };
            if written == Written::Replaced {
                world.note(format!("{name} was there already: replaced it"));
            }
            Ok(())
        }
    }
}
