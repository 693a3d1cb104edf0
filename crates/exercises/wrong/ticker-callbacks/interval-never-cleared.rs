//! Wrong answer to `ticker-callbacks`: one repeating timer, as JavaScript's
//! `setInterval` would be, pushes the values; once the countdown is over it
//! pushes nothing more, but it is never stopped, and goes on ticking for
//! ever. The consumer sees the right values; the trace shows the timer.
//!
//! Expect: was still going 10000 ms after that, when the checker stopped it

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::chapters::ticker::OnTick;
use threeways_callbacks::time::sleep;

/// The continuation that hears the countdown is over.
type OnDone = Box<dyn FnOnce(&mut EventLoop)>;

/// What the ticks share: the next value, and the consumer until it is done.
struct Countdown {
    next: u32,
    on_value: OnTick,
    on_done: Option<OnDone>,
}

/// Calls `on_value` with `from`, ..., `1`, one every `delay`, then `on_done`.
pub fn countdown(
    lp: &mut EventLoop,
    from: u32,
    delay: Duration,
    on_value: OnTick,
    on_done: OnDone,
) {
    if from == 0 {
        return on_done(lp);
    }
    let state = Rc::new(RefCell::new(Countdown {
        next: from,
        on_value,
        on_done: Some(on_done),
    }));
    every(lp, delay, move |lp| {
        let mut state = state.borrow_mut();
        if state.on_done.is_none() {
            return; // over: nothing more to push
        }
        let value = state.next;
        state.next -= 1;
        let flow = (state.on_value)(lp, value);
        if flow == ControlFlow::Break(()) || state.next == 0 {
            let on_done = state.on_done.take().expect("checked above");
            drop(state);
            on_done(lp);
        }
    });
}

/// Calls `tick` every `delay`, like `setInterval`.
fn every(lp: &mut EventLoop, delay: Duration, mut tick: impl FnMut(&mut EventLoop) + 'static) {
    sleep(lp, delay, move |lp| {
        tick(lp);
        every(lp, delay, tick);
    });
}
