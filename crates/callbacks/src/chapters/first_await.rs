//! Chapter `first-await`, callback style: `begin_fetch_report` starts the
//! work and returns at once; its callback runs later, from the loop.
//!
//! Compare `crates/blocking/src/chapters/first_await.rs` and
//! `crates/async/src/chapters/first_await.rs`.

use crate::io::fetch;
use crate::{Done, EventLoop, note};

// ANCHOR: report
/// Starts fetching the day's report; `then` gets its length.
pub fn begin_fetch_report(lp: &mut EventLoop, url: &str, then: impl Done<usize>) {
    note!(lp, "begin_fetch_report: first line");
    fetch(lp, url, move |lp, body| {
        let len = body.map(|body| body.len());
        if let Ok(len) = len {
            note!(lp, "begin_fetch_report's callback: got {len} bytes");
        }
        then(lp, len);
    });
    note!(lp, "begin_fetch_report: returns");
}
// ANCHOR_END: report

// ANCHOR: caller
/// Starts the report and goes on; the rest happens in the callback.
pub fn begin(lp: &mut EventLoop, url: &str, done: impl Done<usize>) {
    note!(lp, "main: calling begin_fetch_report()");
    begin_fetch_report(lp, url, move |lp, report| {
        note!(lp, "main's callback: got the report");
        done(lp, report);
    });
    // Control is back before any of the work is done.
    note!(lp, "main: begin_fetch_report() returned; main goes on");
}
// ANCHOR_END: caller
