//! Waiting for time to pass, as a callback.

use crate::EventLoop;
use std::time::Duration;
use threeways_core::SpanKind;

/// Calls `then` after `delay` and returns at once.
pub fn sleep(lp: &mut EventLoop, delay: Duration, then: impl FnOnce(&mut EventLoop) + 'static) {
    let label = format!("sleep {} ms", delay.as_millis());
    let span = lp.begin_span(label, SpanKind::Wait);
    lp.set_timer(delay, move |lp| {
        lp.end_span(span);
        then(lp);
    });
}
