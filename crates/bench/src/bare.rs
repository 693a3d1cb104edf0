//! A bare callback loop, written for the comparison only: a `BinaryHeap`
//! of timers, each a deadline and a boxed closure, and a `thread::sleep`
//! until the earliest. No sockets, no chains, no trace, no clock of its
//! own: the least a loop of timers can be.
//!
//! `threeways bench-one --kind timers --style bare --n 100000` runs N
//! timers on it, the same workload as `--style callbacks` on our event
//! loop, so that the two can be timed side by side as whole commands (and
//! their peak memory read with `/usr/bin/time -f %M`). `bench scale`
//! does not run it: it is the yardstick, not a style.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

/// A timer: when it is due, the order it was set in (for ties), and what
/// it runs.
struct Timer {
    at: Instant,
    number: u64,
    run: Box<dyn FnOnce(&mut BareLoop)>,
}

impl Ord for Timer {
    /// Reversed, so that the max-heap gives the earliest timer first, and
    /// of two due at once the one set first.
    fn cmp(&self, other: &Timer) -> Ordering {
        (other.at, other.number).cmp(&(self.at, self.number))
    }
}

impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Timer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Timer {
    fn eq(&self, other: &Timer) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timer {}

/// The loop: its timers, and how many were set so far.
#[derive(Default)]
pub(crate) struct BareLoop {
    timers: BinaryHeap<Timer>,
    set_so_far: u64,
}

impl BareLoop {
    /// Runs `f` after `delay`. Returns at once.
    pub(crate) fn set_timer(&mut self, delay: Duration, f: impl FnOnce(&mut BareLoop) + 'static) {
        let number = self.set_so_far;
        self.set_so_far += 1;
        self.timers.push(Timer {
            at: Instant::now() + delay,
            number,
            run: Box::new(f),
        });
    }

    /// Runs every timer in turn, sleeping until each is due.
    pub(crate) fn run(&mut self) {
        while let Some(timer) = self.timers.pop() {
            let now = Instant::now();
            if timer.at > now {
                std::thread::sleep(timer.at - now);
            }
            (timer.run)(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn timers_run_by_deadline_then_in_the_order_set() {
        let mut lp = BareLoop::default();
        let ran = Rc::new(RefCell::new(Vec::new()));
        for (delay, name) in [(20, "b"), (10, "a"), (20, "c")] {
            let ran = Rc::clone(&ran);
            lp.set_timer(Duration::from_millis(delay), move |_| {
                ran.borrow_mut().push(name)
            });
        }
        let started = Instant::now();
        lp.run();
        assert_eq!(*ran.borrow(), ["a", "b", "c"]);
        assert!(started.elapsed() >= Duration::from_millis(20));
    }
}
