//! A solution to `ticker-callbacks`: a timer whose callback pushes a value
//! and, unless the consumer said `Break`, sets the next timer.

use std::ops::ControlFlow;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::chapters::ticker::OnTick;
use threeways_callbacks::time::sleep;

/// Calls `on_value` with `from`, `from - 1`, ..., `1`, one every `delay`,
/// until it says `Break`, then calls `on_done`. Returns at once.
pub fn countdown(
    lp: &mut EventLoop,
    from: u32,
    delay: Duration,
    on_value: OnTick,
    on_done: Box<dyn FnOnce(&mut EventLoop)>,
) {
    if from == 0 {
        return on_done(lp);
    }
    sleep(lp, delay, move |lp| {
        let mut on_value = on_value;
        match on_value(lp, from) {
            ControlFlow::Continue(()) => countdown(lp, from - 1, delay, on_value, on_done),
            ControlFlow::Break(()) => on_done(lp),
        }
    });
}
