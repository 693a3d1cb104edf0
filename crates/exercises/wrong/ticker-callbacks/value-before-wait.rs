//! Wrong answer to `ticker-callbacks`: each value is pushed first and the
//! wait comes after it, so the first value comes at once, not after
//! `delay`, and every value is one `delay` early.
//!
//! Expect: wait `delay` (100 ms here) before each value, the first one included

use std::ops::ControlFlow;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::chapters::ticker::OnTick;
use threeways_callbacks::time::sleep;

/// Calls `on_value` with `from`, ..., `1`, one every `delay`, then `on_done`.
pub fn countdown(
    lp: &mut EventLoop,
    from: u32,
    delay: Duration,
    mut on_value: OnTick,
    on_done: Box<dyn FnOnce(&mut EventLoop)>,
) {
    if from == 0 {
        return on_done(lp);
    }
    match on_value(lp, from) {
        ControlFlow::Continue(()) if from > 1 => sleep(lp, delay, move |lp| {
            countdown(lp, from - 1, delay, on_value, on_done);
        }),
        _ => on_done(lp),
    }
}
