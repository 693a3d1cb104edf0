//! CPU work for the `cpu-bound` chapter: counting primes, a job that only
//! needs the processor.
//!
//! In the simulated world a job is charged its `cost` in virtual time, so
//! a busy thread, a frozen event loop and a starved task show up in the
//! trace exactly, on any machine. In the real world it simply takes as long
//! as it takes. Either way the count is really computed, so the result can
//! be checked.

use crate::lock::lock;
use crate::trace::MISSED;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Count the primes in `from..to`; costs `cost` of virtual time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpuJob {
    /// The first number to test.
    pub from: u64,
    /// One past the last number to test.
    pub to: u64,
    /// What the job costs in the simulated world.
    pub cost: Duration,
}

/// Counts already made, by range: see [`CpuJob::count`].
static COUNTED: Mutex<BTreeMap<(u64, u64), u64>> = Mutex::new(BTreeMap::new());

impl CpuJob {
    /// How many primes there are in the range, computed now: the real
    /// world's CPU work.
    pub fn run(&self) -> u64 {
        threeways_primes::count_primes(self.from, self.to)
    }

    /// The same count, computed once per process and then remembered. The
    /// simulated world uses this: its CPU time is virtual anyway, and the
    /// tests run the same job many times.
    pub fn count(&self) -> u64 {
        let key = (self.from, self.to);
        if let Some(count) = lock(&COUNTED).get(&key) {
            return *count;
        }
        let count = self.run();
        lock(&COUNTED).insert(key, count);
        count
    }

    /// The same work cut into `parts` jobs over consecutive ranges, each
    /// costing its share; their counts add up to this job's count.
    pub fn split(&self, parts: u32) -> Vec<CpuJob> {
        let parts = u64::from(parts.max(1));
        let width = (self.to - self.from).div_ceil(parts);
        (0..parts)
            .map(|i| CpuJob {
                from: (self.from + i * width).min(self.to),
                to: (self.from + (i + 1) * width).min(self.to),
                cost: self.cost / parts as u32,
            })
            .collect()
    }

    /// How the trace names the job.
    pub fn label(&self) -> String {
        format!("count primes in {}..{}", self.from, self.to)
    }
}

/// The note a ticker writes for tick `number`, due at `due` and arriving at
/// `at`: `tick 3`, or `tick 3: 170 ms late (missed)` when it is more than
/// half a `period` late, which means the thread was busy through its time.
pub fn tick_note(number: u32, due: Duration, at: Duration, period: Duration) -> String {
    let late = at.saturating_sub(due);
    if late > period / 2 {
        format!("tick {number}: {} ms late {MISSED}", late.as_millis())
    } else if late >= Duration::from_millis(1) {
        format!("tick {number}: {} ms late", late.as_millis())
    } else {
        format!("tick {number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tick_more_than_half_a_period_late_is_missed() {
        let ms = Duration::from_millis;
        assert_eq!(tick_note(1, ms(100), ms(100), ms(100)), "tick 1");
        assert_eq!(
            tick_note(2, ms(200), ms(230), ms(100)),
            "tick 2: 30 ms late"
        );
        assert_eq!(
            tick_note(3, ms(300), ms(570), ms(100)),
            "tick 3: 270 ms late (missed)"
        );
    }

    #[test]
    fn counts_primes_and_splits_without_losing_any() {
        let job = CpuJob {
            from: 0,
            to: 100,
            cost: Duration::from_millis(100),
        };
        assert_eq!(job.run(), 25);
        assert_eq!(job.count(), 25);
        let parts = job.split(7);
        assert_eq!(parts.iter().map(CpuJob::run).sum::<u64>(), 25);
        assert_eq!(parts.last().map(|p| p.to), Some(100));
        assert!(
            parts
                .iter()
                .all(|p| p.cost == Duration::from_millis(100) / 7)
        );
    }
}
