//! Waiting for time to pass, as a callback: `sleep` sets a timer of the
//! loop whose callback is the continuation. (Our executor's timer future,
//! [`Sleep`], sets the same timer with a waker in it.)

use crate::EventLoop;
use std::time::Duration;
use threeways_model::SpanKind;

pub use threeways_event_loop::time::Sleep;

/// Calls `then` after `delay` and returns at once.
pub fn sleep(lp: &mut EventLoop, delay: Duration, then: impl FnOnce(&mut EventLoop) + 'static) {
    let label = format!("sleep {} ms", delay.as_millis());
    let span = lp.begin_span(label, SpanKind::Wait);
    lp.set_timer(delay, move |lp| {
        lp.end_span(span);
        then(lp);
    });
}
