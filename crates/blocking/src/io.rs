//! The network and the disk, as blocking calls: each returns when its work
//! is done, and the calling thread does nothing else meanwhile.

use crate::world::current;
use std::time::Duration;
use threeways_model::{Body, Error};
use threeways_real::Written;
use threeways_world::{Disk, Net};

/// Fetches `url` and returns its body. The calling thread is blocked until
/// the last byte has arrived.
pub fn fetch(url: &str) -> Result<Body, Error> {
    fetch_limited(url, None)
}

/// Fetches `url`, but gives up with [`Error::TimedOut`] when the fetch
/// takes longer than `limit`: the fetch's deadline, which the real client
/// enforces with the socket's timeouts, the one way blocking code has to
/// stop waiting.
pub fn fetch_within(url: &str, limit: Duration) -> Result<Body, Error> {
    fetch_limited(url, Some(limit))
}

fn fetch_limited(url: &str, limit: Option<Duration>) -> Result<Body, Error> {
    let me = current();
    let label = format!("fetch {url}");
    match &me.world.net {
        Net::Simulated(sim) => {
            let (result, takes) = sim.fetch(url);
            match limit {
                Some(limit) if takes > limit => {
                    me.wait_for_time(label, limit);
                    Err(Error::TimedOut {
                        url: url.to_owned(),
                        after: limit,
                    })
                }
                _ => {
                    me.wait_for_time(label, takes);
                    result.map(Body::from)
                }
            }
        }
        Net::Real(net) => {
            let mut net = net.clone();
            if let Some(limit) = limit {
                net.timeouts = net.timeouts.within(limit);
            }
            let body = me.wait_for_call(label, || crate::http::fetch(&net, url))?;
            if let Some(note) = body.encoding_note(url) {
                me.note(note);
            }
            Ok(body)
        }
    }
}

/// Writes `body` to the file `name`. The calling thread is blocked until
/// the disk is done.
pub fn write_file(name: &str, body: &Body) -> Result<(), Error> {
    let me = current();
    let label = format!("write {name} ({} bytes)", body.len());
    match &me.world.disk {
        Disk::Simulated(sim) => {
            me.wait_for_time(label, sim.latency());
            sim.write(name, body)
        }
        Disk::Real(disk) => {
            let written = me.wait_for_call(label, || disk.write(name, body))?;
            if written == Written::Replaced {
                me.note(format!("{name} was there already: replaced it"));
            }
            Ok(())
        }
    }
}
