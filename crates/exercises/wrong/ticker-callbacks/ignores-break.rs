//! Wrong answer to `ticker-callbacks`: the countdown calls `on_value` and
//! ignores its answer. A producer that pushes goes on until it is told to
//! stop, so one that does not listen never stops.
//!
//! Expect: went on after the consumer said `Break`

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
        let _ = on_value(lp, from);
        countdown(lp, from - 1, delay, on_value, on_done);
    });
}
