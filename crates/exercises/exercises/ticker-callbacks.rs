//! Exercise `ticker-callbacks`: a countdown that pushes its values, with
//! callbacks.
//!
//! The blocking `Countdown` (in `crates/exercises/src/blocking.rs`, and in
//! the book) is an iterator whose `next` sleeps `delay`, then gives the
//! next number: `from`, `from - 1`, ..., `1`. The consumer pulls: when it
//! stops asking, the countdown stops.
//!
//! Write it below with callbacks, as the chapter's `start_ticker` is: a
//! timer whose callback pushes a value into `on_value` and sets the next
//! timer. `on_value` answers `ControlFlow::Continue(())` to go on, or
//! `ControlFlow::Break(())` to stop. Call `on_done` once, when the
//! countdown is over: after the value `1`, or as soon as the consumer said
//! `Break`.
//!
//! The checker counts down from 5 with a consumer that takes every value,
//! with one that says `Break` after two, from 3 with another delay, and
//! from 0. It checks each value, the time it came, and that nothing
//! happens after the end.
//!
//! Check your answer: `cargo run -- exercise check ticker-callbacks`

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
    todo!("set a timer; its callback pushes the next value and sets the next timer")
}
