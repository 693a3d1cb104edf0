//! The network and the disk, as callbacks: each call returns at once, and
//! the continuation `then` runs on the loop when the work is done.

use crate::{Done, EventLoop};
use std::time::Duration;
use threeways_model::{Body, Error, SpanKind};
use threeways_real::Written;
use threeways_world::{Disk, Net};

/// Starts fetching `url` and returns at once. When the body has arrived (or
/// the fetch has failed), the loop calls `then` with it.
pub fn fetch(lp: &mut EventLoop, url: &str, then: impl Done<Body>) {
    let span = lp.begin_span(format!("fetch {url}"), SpanKind::Wait);
    let shown = url.to_owned();
    let then = move |lp: &mut EventLoop, result: Result<Body, Error>| {
        lp.end_span(span);
        if let Some(note) = result.as_ref().ok().and_then(|b| b.encoding_note(&shown)) {
            lp.note(note);
        }
        then(lp, result);
    };
    match lp.net() {
        Net::Simulated(sim) => {
            let (result, takes) = sim.fetch(url);
            lp.set_timer(takes, move |lp| then(lp, result.map(Body::from)));
        }
        Net::Real(net) => {
            let net = net.clone();
            crate::http::fetch(lp, &net, url, Box::new(then));
        }
    }
}

/// Starts writing `body` to the file `name` and returns at once. The write
/// itself happens on the worker thread; `then` runs on the loop when it is
/// done.
pub fn write_file(lp: &mut EventLoop, name: &str, body: Body, then: impl Done<()>) {
    let label = format!("write {name} ({} bytes)", body.len());
    let span = lp.begin_span(label, SpanKind::Wait);
    let shown = name.to_owned();
    let then = move |lp: &mut EventLoop, written: Result<Written, Error>| {
        lp.end_span(span);
        if written == Ok(Written::Replaced) {
            lp.note(format!("{shown} was there already: replaced it"));
        }
        then(lp, written.map(|_| ()));
    };
    let name = name.to_owned();
    // The write happens on the worker thread. The simulated disk takes its
    // latency in virtual time; a real one takes what it takes.
    match lp.disk().clone() {
        Disk::Simulated(disk) => {
            let latency = disk.latency();
            let write = move || disk.write(&name, &body).map(|()| Written::Created);
            lp.run_on_worker(latency, write, then);
        }
        Disk::Real(disk) => {
            lp.run_on_worker(Duration::ZERO, move || disk.write(&name, &body), then);
        }
    }
}
