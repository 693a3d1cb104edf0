//! The network and the disk, as callbacks: each call returns at once, and
//! the continuation `then` runs on the loop when the work is done.

use crate::EventLoop;
use threeways_core::world::{Disk, Net, Written};
use threeways_core::{Body, Error, SpanKind};

/// Starts fetching `url` and returns at once. When the body has arrived (or
/// the fetch has failed), the loop calls `then` with it.
pub fn fetch(
    lp: &mut EventLoop,
    url: &str,
    then: impl FnOnce(&mut EventLoop, Result<Body, Error>) + 'static,
) {
    let span = lp
        .recorder
        .begin(lp.now(), lp.lane(), format!("fetch {url}"), SpanKind::Wait);
    let then = move |lp: &mut EventLoop, result| {
        lp.recorder.end(span, lp.now());
        then(lp, result);
    };
    match &lp.net {
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
/// itself happens on the disk worker thread; `then` runs on the loop when it
/// is done.
pub fn write_file(
    lp: &mut EventLoop,
    name: &str,
    body: Body,
    then: impl FnOnce(&mut EventLoop, Result<(), Error>) + 'static,
) {
    let label = format!("write {name} ({} bytes)", body.len());
    let span = lp
        .recorder
        .begin(lp.now(), lp.lane(), label, SpanKind::Wait);
    let then = move |lp: &mut EventLoop, result| {
        lp.recorder.end(span, lp.now());
        then(lp, result);
    };
    let name = name.to_owned();
    let name_shown = name.clone();
    match lp.disk.clone() {
        Disk::Simulated(disk) => {
            let latency = disk.latency();
            let job = lp.submit_job(move || disk.write(&name, &body));
            // The simulated disk takes its latency in virtual time; the
            // result is delivered then, whenever the worker really finished.
            lp.set_timer(latency, move |lp| {
                let result = lp.take_job_result(job);
                then(lp, result);
            });
        }
        Disk::Real(disk) => {
            let replaced = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let job = {
                let replaced = std::sync::Arc::clone(&replaced);
                lp.submit_job(move || {
                    let written = disk.write(&name, &body)?;
                    if written == Written::Replaced {
                        replaced.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(())
                })
            };
            lp.when_done(job, move |lp, result| {
                if replaced.load(std::sync::atomic::Ordering::Relaxed) {
                    lp.note(format!("{} was there already: replaced it", name_shown));
                }
                then(lp, result);
            });
        }
    }
}
