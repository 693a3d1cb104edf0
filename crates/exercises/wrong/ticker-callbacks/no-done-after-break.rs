//! Wrong answer to `ticker-callbacks`: it stops when the consumer says
//! `Break`, but then simply returns: `on_done` is called only at the
//! natural end, so a consumer that stopped early never hears that the
//! countdown is over.
//!
//! Expect: `on_done` was never called

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
    sleep(lp, delay, move |lp| {
        if on_value(lp, from) == ControlFlow::Continue(()) {
            countdown(lp, from - 1, delay, on_value, on_done);
        }
    });
}
