//! Chapter `ticker`, callback style: a producer of values over time is a
//! timer that re-arms itself and calls `on_tick` each time.
//!
//! Compare `crates/blocking/src/chapters/ticker.rs` and
//! `crates/async/src/chapters/ticker.rs`.

use crate::time::sleep;
use crate::{EventLoop, note};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;
use threeways_core::world::Mode;
use threeways_core::{Run, Scenario};

// ANCHOR: producer
/// What the ticker calls for each value; `Break` stops the ticker.
pub type OnTick = Box<dyn FnMut(&mut EventLoop, u32) -> ControlFlow<()>>;

/// Calls `on_tick` with `0..count`, one every `delay`, then `on_done`.
/// Returns at once.
pub fn start_ticker(
    lp: &mut EventLoop,
    count: u32,
    delay: Duration,
    on_tick: OnTick,
    on_done: Box<dyn FnOnce(&mut EventLoop)>,
) {
    tick(lp, 0, count, delay, on_tick, on_done);
}

fn tick(
    lp: &mut EventLoop,
    next: u32,
    count: u32,
    delay: Duration,
    mut on_tick: OnTick,
    on_done: Box<dyn FnOnce(&mut EventLoop)>,
) {
    if next == count {
        note!(lp, "ticker: finished after {count} values");
        return on_done(lp);
    }
    // The timer's callback sets the next timer: the ticker re-arms itself.
    sleep(lp, delay, move |lp| {
        note!(lp, "ticker: {next}");
        match on_tick(lp, next) {
            ControlFlow::Continue(()) => tick(lp, next + 1, count, delay, on_tick, on_done),
            ControlFlow::Break(()) => {
                // The ticker pushes values until it is told to stop.
                note!(lp, "ticker stopped after {} of {count} values", next + 1);
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
    done: impl FnOnce(&mut EventLoop, Vec<u32>) + 'static,
) {
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
    start_ticker(lp, count, delay, Box::new(on_tick), Box::new(on_done));
}
// ANCHOR_END: consumer

/// Runs the chapter on its scenario.
pub(crate) fn run(scenario: &Scenario, mode: &Mode) -> Run {
    let (count, delay, take) = (scenario.ticks, scenario.tick, scenario.take);
    crate::world::run(scenario, mode, move |lp, finish| {
        first_values(lp, count, delay, take, move |lp, taken| {
            finish(lp, Ok(taken.iter().map(u32::to_string).collect()));
        });
    })
}
