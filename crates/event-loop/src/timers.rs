//! The loop's timers: callbacks due at a time, taken in order of their
//! deadlines, and in the order they were set when two deadlines are equal.
//!
//! A sorted map does all of it. Its key is the deadline and a number that
//! grows with every timer set, so iteration order is the order to run them
//! in, and a [`TimerId`] is that key: cancelling removes the entry, and a
//! cancelled timer leaves nothing behind. (libuv keeps a heap and removes
//! from it too; a heap with a set of cancelled ids to skip later is the
//! other common design, and the set grows with timers that never come up.)

use std::collections::BTreeMap;
use std::time::Duration;

/// Names a timer, so that it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId {
    at: Duration,
    number: u64,
}

/// Timers, each holding a `T` (the loop's callback) until it is due.
#[derive(Debug)]
pub(crate) struct Timers<T> {
    due: BTreeMap<TimerId, T>,
    set_so_far: u64,
}

impl<T> Default for Timers<T> {
    fn default() -> Timers<T> {
        Timers {
            due: BTreeMap::new(),
            set_so_far: 0,
        }
    }
}

impl<T> Timers<T> {
    /// Keeps `value` until `at`.
    pub(crate) fn set(&mut self, at: Duration, value: T) -> TimerId {
        let id = TimerId {
            at,
            number: self.set_so_far,
        };
        self.set_so_far += 1;
        self.due.insert(id, value);
        id
    }

    /// Removes the timer `id`, if it has not run yet; a timer that has run
    /// is gone already, so cancelling it does nothing.
    pub(crate) fn cancel(&mut self, id: TimerId) {
        self.due.remove(&id);
    }

    /// The earliest deadline, if any timer is set.
    pub(crate) fn next_deadline(&self) -> Option<Duration> {
        self.due.first_key_value().map(|(id, _)| id.at)
    }

    /// How many timers are set.
    pub(crate) fn len(&self) -> usize {
        self.due.len()
    }

    /// The earliest timer, if it is due at `now`, taken out.
    pub(crate) fn pop_due(&mut self, now: Duration) -> Option<T> {
        if self.next_deadline()? > now {
            return None;
        }
        self.due.pop_first().map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use threeways_test_support::ms;

    fn due_at(timers: &mut Timers<&'static str>, now: Duration) -> Vec<&'static str> {
        std::iter::from_fn(|| timers.pop_due(now)).collect()
    }

    #[test]
    fn timers_come_due_by_deadline_then_in_the_order_set() {
        let mut timers = Timers::default();
        timers.set(ms(20), "b");
        timers.set(ms(10), "a");
        timers.set(ms(20), "c");
        assert_eq!(timers.next_deadline(), Some(ms(10)));
        assert_eq!(due_at(&mut timers, ms(5)), Vec::<&str>::new());
        assert_eq!(due_at(&mut timers, ms(20)), ["a", "b", "c"]);
        assert_eq!(timers.next_deadline(), None);
    }

    #[test]
    fn a_cancelled_timer_is_gone_at_once() {
        let mut timers = Timers::default();
        let first = timers.set(ms(10), "first");
        timers.set(ms(30), "second");
        timers.cancel(first);
        assert_eq!(timers.next_deadline(), Some(ms(30)));
        assert_eq!(due_at(&mut timers, ms(30)), ["second"]);
        // Cancelling a timer that has run, or twice, does nothing.
        timers.cancel(first);
        assert_eq!(timers.next_deadline(), None);
    }
}
