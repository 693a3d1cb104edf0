//! The loop's timers: callbacks due at a time, taken in order of their
//! deadlines, and in the order they were set when two deadlines are equal.
//!
//! A binary heap keeps the order, as in libuv:
//! each entry is small (a deadline, a number that grows with every timer
//! set, and a place), and the callback waits in that place of a slab. A
//! [`TimerId`] names the place and the number: cancelling empties the
//! place at once, so the callback and all it holds are dropped then, and
//! the heap's entry, now pointing at nothing (or at a later timer with
//! another number), is skipped when it comes up. So a timer costs what it
//! costs in a bare heap of boxed closures, plus a few bytes of entry.
//!
//! The timers due at one moment run as a *turn*: [`Timers::begin_turn`]
//! marks them, and [`Timers::pop_due`] hands them out one by one, straight
//! from the heap. A timer set during the turn waits for the next, even if
//! it is due already, and a timer of the turn is past cancelling: it has
//! come due.

use slab::Slab;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

/// Names a timer, so that it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId {
    /// When it is due, in nanoseconds of the loop's time.
    at: u64,
    number: u64,
    place: usize,
}

/// A heap entry: due at `at` (nanoseconds of the loop's time), the
/// `number`th timer set, waiting in `place`. Ordered by time, then number.
type Entry = Reverse<(u64, u64, usize)>;

/// Timers, each holding a `T` (the loop's callback) until it is due.
pub(crate) struct Timers<T> {
    heap: BinaryHeap<Entry>,
    /// Each timer's number and value, in the place its entry names.
    waiting: Slab<(u64, T)>,
    set_so_far: u64,
    /// The turn under way: the timers due by this time (nanoseconds) and
    /// numbered below this.
    turn: Option<(u64, u64)>,
}

impl<T> Default for Timers<T> {
    fn default() -> Timers<T> {
        Timers {
            heap: BinaryHeap::new(),
            waiting: Slab::new(),
            set_so_far: 0,
            turn: None,
        }
    }
}

impl<T> Timers<T> {
    /// Keeps `value` until `at`.
    pub(crate) fn set(&mut self, at: Duration, value: T) -> TimerId {
        let number = self.set_so_far;
        self.set_so_far += 1;
        let place = self.waiting.insert((number, value));
        // 584 years of nanoseconds: a later deadline is as good as never.
        let at = u64::try_from(at.as_nanos()).unwrap_or(u64::MAX);
        self.heap.push(Reverse((at, number, place)));
        TimerId { at, number, place }
    }

    /// Removes the timer `id`, if it has not come due yet; a timer that
    /// has run is gone already, and one due in this turn runs in it, so
    /// cancelling either does nothing.
    pub(crate) fn cancel(&mut self, id: TimerId) {
        let in_turn = self
            .turn
            .is_some_and(|(at, below)| id.at <= at && id.number < below);
        if !in_turn && self.is_waiting(id.place, id.number) {
            self.waiting.remove(id.place);
            self.skip_cancelled();
        }
    }

    /// The earliest deadline, if any timer is set.
    pub(crate) fn next_deadline(&self) -> Option<Duration> {
        let Reverse((at, _, _)) = self.heap.peek()?;
        Some(Duration::from_nanos(*at))
    }

    /// How many timers are set.
    pub(crate) fn len(&self) -> usize {
        self.waiting.len()
    }

    /// Begins the turn of the timers due at `now` (see the module's doc).
    pub(crate) fn begin_turn(&mut self, now: Duration) {
        let now = u64::try_from(now.as_nanos()).unwrap_or(u64::MAX);
        self.turn = Some((now, self.set_so_far));
    }

    /// The next timer of the turn under way, taken out; `None` once the
    /// turn is over.
    pub(crate) fn pop_due(&mut self) -> Option<T> {
        let (now, below) = self.turn?;
        match self.heap.peek() {
            Some(Reverse((at, number, _))) if *at <= now && *number < below => {}
            _ => {
                self.turn = None;
                return None;
            }
        }
        let Reverse((_, _, place)) = self.heap.pop()?;
        let (_, value) = self.waiting.remove(place);
        self.skip_cancelled();
        Some(value)
    }

    /// Whether the timer numbered `number` still waits in `place`.
    fn is_waiting(&self, place: usize, number: u64) -> bool {
        self.waiting.get(place).is_some_and(|(n, _)| *n == number)
    }

    /// Drops the entries of cancelled timers from the top of the heap, so
    /// that the top is always a timer still set; and, when cancelled
    /// entries are most of the heap, all of them.
    fn skip_cancelled(&mut self) {
        while let Some(Reverse((_, number, place))) = self.heap.peek() {
            if self.is_waiting(*place, *number) {
                break;
            }
            self.heap.pop();
        }
        if self.heap.len() > 2 * self.waiting.len() + 64 {
            let waiting = &self.waiting;
            self.heap.retain(|Reverse((_, number, place))| {
                waiting.get(*place).is_some_and(|(n, _)| n == number)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use threeways_test_support::ms;

    fn due_at(timers: &mut Timers<&'static str>, now: Duration) -> Vec<&'static str> {
        timers.begin_turn(now);
        std::iter::from_fn(|| timers.pop_due()).collect()
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
        assert_eq!(timers.len(), 1);
        assert_eq!(timers.next_deadline(), Some(ms(30)));
        assert_eq!(due_at(&mut timers, ms(30)), ["second"]);
        // Cancelling a timer that has run, or twice, does nothing.
        timers.cancel(first);
        assert_eq!(timers.next_deadline(), None);
    }

    #[test]
    fn cancelling_a_timer_that_ran_spares_the_one_now_in_its_place() {
        let mut timers = Timers::default();
        let ran = timers.set(ms(10), "ran");
        assert_eq!(due_at(&mut timers, ms(10)), ["ran"]);
        let later = timers.set(ms(20), "later"); // the same place in the slab
        assert_eq!(later.place, ran.place);
        timers.cancel(ran);
        assert_eq!(due_at(&mut timers, ms(20)), ["later"]);
    }

    #[test]
    fn a_turn_runs_the_timers_due_when_it_began_and_none_set_during_it() {
        let mut timers = Timers::default();
        let first = timers.set(ms(10), "first");
        let second = timers.set(ms(10), "second");
        timers.set(ms(30), "later");
        timers.begin_turn(ms(10));
        assert_eq!(timers.pop_due(), Some("first"));
        // Set during the turn, due already: it waits for the next turn.
        timers.set(ms(10), "set during the turn");
        // Due in this turn: past cancelling.
        timers.cancel(second);
        timers.cancel(first);
        assert_eq!(timers.pop_due(), Some("second"));
        assert_eq!(timers.pop_due(), None);
        assert_eq!(due_at(&mut timers, ms(10)), ["set during the turn"]);
        assert_eq!(due_at(&mut timers, ms(30)), ["later"]);
    }

    #[test]
    fn cancelled_entries_deep_in_the_heap_are_dropped_when_they_are_most_of_it() {
        let mut timers = Timers::default();
        let ids: Vec<TimerId> = (0..1000).map(|i| timers.set(ms(10 + i), "t")).collect();
        // Keep the earliest, so the others are not at the top.
        for id in &ids[1..] {
            timers.cancel(*id);
        }
        assert_eq!(timers.len(), 1);
        assert!(timers.heap.len() <= 2 + 64, "{}", timers.heap.len());
        assert_eq!(due_at(&mut timers, ms(5000)), ["t"]);
    }
}
