//! Wrong answer to `ticker-callbacks`: the timer is set for 100 ms, the
//! delay the countdown was first tried with, instead of `delay`. Right for
//! that delay only.
//!
//! Expect: countdown(3, 73 ms)
//! Expect: wait `delay` (73 ms here)

use std::ops::ControlFlow;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::chapters::ticker::OnTick;
use threeways_callbacks::time::sleep;

/// Calls `on_value` with `from`, ..., `1`, one every `delay`, then `on_done`.
// Clippy sees the mistake too: `delay` is only ever passed on.
#[allow(clippy::only_used_in_recursion)]
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
    sleep(lp, Duration::from_millis(100), move |lp| {
        match on_value(lp, from) {
            ControlFlow::Continue(()) => countdown(lp, from - 1, delay, on_value, on_done),
            ControlFlow::Break(()) => on_done(lp),
        }
    });
}
