//! The network and the disk, as callbacks: each call returns at once, and
//! the continuation `then` runs on the loop when the work is done.

use crate::{Done, EventLoop};
use std::time::Duration;
use threeways_core::SpanKind;
use threeways_core::world::{Disk, Net};

/// Starts fetching `url` and returns at once. When the body has arrived (or
/// the fetch has failed), the loop calls `then` with it.
pub fn fetch(lp: &mut EventLoop, url: &str, then: impl Done<Vec<u8>>) {
    let span = lp.begin_span(format!("fetch {url}"), SpanKind::Wait);
    let then = move |lp: &mut EventLoop, result| {
        lp.end_span(span);
        then(lp, result);
    };
    match &lp.net {
        Net::Simulated(sim) => {
            let (result, takes) = sim.fetch(url);
            lp.set_timer(takes, move |lp| then(lp, result));
        }
        Net::Real(net) => {
            let net = net.clone();
            crate::http::fetch(lp, &net, url, Box::new(then));
        }
    }
}

/// Starts writing `body` to the file `name` and returns at once. The write
/// itself happens on the disk worker thread; `then` runs on the loop when it
/// is done.
pub fn write_file(lp: &mut EventLoop, name: &str, body: Vec<u8>, then: impl Done<()>) {
    let label = format!("write {name} ({} bytes)", body.len());
    let span = lp.begin_span(label, SpanKind::Wait);
    let then = move |lp: &mut EventLoop, result| {
        lp.end_span(span);
        then(lp, result);
    };
    let name = name.to_owned();
    // The write happens on the worker thread. The simulated disk takes its
    // latency in virtual time; a real one takes what it takes.
    match lp.disk.clone() {
        Disk::Simulated(disk) => {
            let latency = disk.latency();
            lp.run_on_worker(latency, move || disk.write(&name, &body), then);
        }
        Disk::Real(disk) => {
            lp.run_on_worker(Duration::ZERO, move || disk.write(&name, &body), then);
        }
    }
}
