//! A thread per wait, started while the system has room for it.
//!
//! Running out of threads is part of what the benchmark shows, so it must
//! not crash the run. Most limits make `spawn` return an error, which is
//! reported. The memory-mappings limit is different: a new Rust thread maps
//! its signal stack after it has started, and if that fails it aborts the
//! whole process. So the mappings are counted before any thread starts, and
//! threads stop one step short of the limit, with a sentence saying so.

use crate::job::THREAD_STACK;
use crate::limits::{SystemLimits, Usage, thread_budget};
use crate::meter::Waited;
use crate::number::thousands;
use crate::procfs;
use std::thread::{self, JoinHandle};

/// Starts threads, knowing the limits and how many threads fit under them.
#[derive(Debug)]
pub struct ThreadStarter {
    limits: SystemLimits,
    /// How many threads fit in the mappings this process has left.
    budget: u64,
}

impl ThreadStarter {
    /// Reads the limits, and counts the mappings this process has now.
    pub fn new() -> Result<ThreadStarter, String> {
        let limits = SystemLimits::read()?;
        let budget = thread_budget(limits.max_map_count, procfs::mappings()?);
        Ok(ThreadStarter { limits, budget })
    }

    /// Starts `n` threads, each running what `make` returns (which says
    /// whether its wait succeeded), on a stack of [`THREAD_STACK`] bytes.
    /// Stops early, saying why, when a limit is reached.
    pub fn spawn_each<F>(&self, n: u64, mut make: impl FnMut() -> F) -> Spawned
    where
        F: FnOnce() -> bool + Send + 'static,
    {
        // Reserved at once: a list that grows may move to a new mapping,
        // and mappings are what is being counted.
        let capacity = usize::try_from(n.min(self.budget)).unwrap_or(usize::MAX);
        let mut handles = Vec::with_capacity(capacity);
        let mut stopped = None;
        for number in 1..=n {
            if number > self.budget {
                stopped = Some(self.limits.thread_not_started(number));
                break;
            }
            match thread::Builder::new()
                .stack_size(THREAD_STACK)
                .spawn(make())
            {
                Ok(handle) => handles.push(handle),
                Err(error) => {
                    stopped = Some(self.why_not_created(number, &error));
                    break;
                }
            }
        }
        Spawned { handles, stopped }
    }

    /// Why thread `number` failed to start with `error`: the limit with the
    /// least room left, read at once, before threads that end free theirs.
    fn why_not_created(&self, number: u64, error: &std::io::Error) -> String {
        match Usage::read() {
            Ok(usage) => self
                .limits
                .thread_not_created(number, &error.to_string(), &usage),
            Err(_) => format!(
                "thread {} could not be created ({error})",
                thousands(number)
            ),
        }
    }
}

/// The threads that were started.
#[derive(Debug)]
pub struct Spawned {
    handles: Vec<JoinHandle<bool>>,
    /// Why fewer threads were started than asked for, if they were.
    stopped: Option<String>,
}

impl Spawned {
    /// Waits for every thread to end. A thread that returned `false` or
    /// panicked counts as an error.
    pub fn join(self) -> Waited {
        let started = self.handles.len() as u64;
        let errors = self
            .handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or(false))
            .filter(|succeeded| !succeeded)
            .count() as u64;
        Waited {
            started,
            errors,
            stopped: self.stopped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_is_joined_and_failures_are_counted() {
        let mut made = 0;
        let spawned = ThreadStarter::new().unwrap().spawn_each(10, || {
            made += 1;
            let succeeds = made % 3 != 0;
            move || succeeds
        });
        assert_eq!(spawned.join(), Waited::all(10, 3));
    }

    #[test]
    fn threads_stop_short_of_the_budget_with_a_reason() {
        let starter = ThreadStarter {
            budget: 2,
            ..ThreadStarter::new().unwrap()
        };
        let waited = starter.spawn_each(5, || || true).join();
        assert_eq!(waited.started, 2);
        assert_eq!(waited.errors, 0);
        let reason = waited.stopped.unwrap();
        assert!(
            reason.starts_with("thread 3 was not started: vm.max_map_count"),
            "{reason}"
        );
    }
}
