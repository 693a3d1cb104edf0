//! Chapter `ticker`, callback style: a producer of values over time is a
//! timer that re-arms itself and calls `on_tick` each time.
//!
//! Compare `crates/blocking/src/chapters/ticker.rs` and
//! `crates/async/src/chapters/ticker.rs`.

use crate::time::sleep;
use crate::{EventLoop, Then, note};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;

// ANCHOR: producer
/// What the ticker calls for each value; `Break` stops the ticker. It is
/// called again and again, so it is an `FnMut`, kept in a `Box`.
pub type OnTick = Box<dyn FnMut(&mut EventLoop, u32) -> ControlFlow<()>>;

/// Calls `on_tick` with `0..count`, one every `delay`, then `on_done`.
/// Returns at once.
pub fn start_ticker(
    lp: &mut EventLoop,
    count: u32,
    delay: Duration,
    on_tick: OnTick,
    on_done: impl FnOnce(&mut EventLoop) + 'static,
) {
    let ticker = Ticker {
        next: 0,
        count,
        delay,
        on_tick,
    };
    tick(lp, ticker, on_done);
}

/// A ticker between two values: how far it has got, and whom it tells.
struct Ticker {
    next: u32,
    count: u32,
    delay: Duration,
    on_tick: OnTick,
}

fn tick(lp: &mut EventLoop, mut ticker: Ticker, on_done: impl FnOnce(&mut EventLoop) + 'static) {
    if ticker.next == ticker.count {
        note!(lp, "ticker: finished after {} values", ticker.count);
        return on_done(lp);
    }
    // The timer's callback sets the next timer: the ticker re-arms itself.
    sleep(lp, ticker.delay, move |lp| {
        let value = ticker.next;
        note!(lp, "ticker: {value}");
        ticker.next += 1;
        match (ticker.on_tick)(lp, value) {
            ControlFlow::Continue(()) => tick(lp, ticker, on_done),
            ControlFlow::Break(()) => {
                // The ticker pushes values until it is told to stop.
                let (sent, count) = (ticker.next, ticker.count);
                note!(lp, "ticker stopped after {sent} of {count} values");
                on_done(lp);
            }
        }
    });
}
// ANCHOR_END: producer

// ANCHOR: consumer
/// Takes the first `take` values and stops the ticker.
pub fn first_values(
    lp: &mut EventLoop,
    count: u32,
    delay: Duration,
    take: usize,
    done: impl Then<Vec<u32>>,
) {
    if take == 0 {
        // Wanting nothing, start nothing, as `take(0)` never asks an
        // iterator or a stream for a value. (A ticker started anyway would
        // push one value before it heard it was not wanted.)
        note!(lp, "consumer: done");
        return done(lp, Vec::new());
    }
    // Two closures share the values: `on_tick` adds them, `on_done` hands
    // them over. Sharing between closures needs `Rc<RefCell<..>>`.
    let taken = Rc::new(RefCell::new(Vec::new()));
    let collector = Rc::clone(&taken);
    let on_tick = move |lp: &mut EventLoop, value| {
        note!(lp, "consumer: got {value}");
        let mut taken = collector.borrow_mut();
        taken.push(value);
        if taken.len() >= take {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let on_done = move |lp: &mut EventLoop| {
        note!(lp, "consumer: done");
        done(lp, taken.take());
    };
    start_ticker(lp, count, delay, Box::new(on_tick), on_done);
}
// ANCHOR_END: consumer
