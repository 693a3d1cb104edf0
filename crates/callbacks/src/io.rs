//! The network and the disk, as callbacks: each call returns at once, and
//! the continuation `then` runs on the loop when the work is done.

use crate::EventLoop;
use threeways_core::{Error, SpanKind};

/// Starts fetching `url` and returns at once. When the body has arrived (or
/// the fetch has failed), the loop calls `then` with it.
pub fn fetch(
    lp: &mut EventLoop,
    url: &str,
    then: impl FnOnce(&mut EventLoop, Result<Vec<u8>, Error>) + 'static,
) {
    let span = lp
        .recorder
        .begin(lp.now(), lp.lane(), format!("fetch {url}"), SpanKind::Wait);
    let (result, latency) = lp.net.fetch(url);
    lp.set_timer(latency, move |lp| {
        lp.recorder.end(span, lp.now());
        then(lp, result);
    });
}

/// Starts writing `body` to the file `name` and returns at once. The write
/// itself happens on the disk worker thread; `then` runs on the loop when it
/// is done.
pub fn write_file(
    lp: &mut EventLoop,
    name: &str,
    body: Vec<u8>,
    then: impl FnOnce(&mut EventLoop, Result<(), Error>) + 'static,
) {
    let label = format!("write {name} ({} bytes)", body.len());
    let span = lp
        .recorder
        .begin(lp.now(), lp.lane(), label, SpanKind::Wait);
    let disk = lp.disk.clone();
    let name = name.to_owned();
    let job = lp.submit_disk_job(move || disk.write(&name, &body));
    // The simulated disk takes its latency in virtual time; the result is
    // delivered then, whenever the worker thread really finished.
    let latency = lp.disk.latency();
    lp.set_timer(latency, move |lp| {
        let result = lp.take_job_result(job);
        lp.recorder.end(span, lp.now());
        then(lp, result);
    });
}
