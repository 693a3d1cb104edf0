//! A thread per wait, started while the system has room for it.
//!
//! Running out of threads is part of what the benchmark shows, so it must
//! not crash the run. Most limits make `spawn` return an error, which is
//! reported. The memory-mappings limit is different: a new Rust thread maps
//! its signal stack after it has started, and if that fails it aborts the
//! whole process. So the mappings are counted before any thread starts, and
//! threads stop one step short of the limit, with a sentence saying so.

use crate::job::THREAD_STACK;
use crate::limits::{SystemLimits, thread_budget};
use crate::procfs;
use std::thread::{self, JoinHandle};

/// The threads that were started; each returns whether its wait succeeded.
#[derive(Debug)]
pub struct Spawned {
    handles: Vec<JoinHandle<bool>>,
    /// Why fewer threads were started than asked for, if they were.
    pub stopped: Option<String>,
}

impl Spawned {
    /// How many threads were started.
    pub fn started(&self) -> u64 {
        self.handles.len() as u64
    }

    /// Waits for every thread, and returns how many failed: returned
    /// `false` or panicked.
    pub fn join(self) -> u64 {
        let failed = self
            .handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or(false))
            .filter(|succeeded| !succeeded)
            .count();
        failed as u64
    }
}

/// Starts `n` threads, each running what `make` returns, on a stack of
/// [`THREAD_STACK`] bytes. Stops early, saying why, when a limit is reached.
///
/// # Errors
///
/// A sentence, if `/proc` cannot be read to know the limits.
pub fn spawn_each<F>(n: u64, mut make: impl FnMut() -> F) -> Result<Spawned, String>
where
    F: FnOnce() -> bool + Send + 'static,
{
    let limits = SystemLimits::read()?;
    let budget = thread_budget(limits.max_map_count, procfs::mappings()?);
    // Reserved at once: a list that grows may be moved to a new mapping,
    // and mappings are what is being counted.
    let capacity = usize::try_from(n.min(budget)).unwrap_or(usize::MAX);
    let mut handles = Vec::with_capacity(capacity);
    let mut stopped = None;
    for number in 1..=n {
        if number > budget {
            stopped = Some(limits.thread_not_started(number));
            break;
        }
        match thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn(make())
        {
            Ok(handle) => handles.push(handle),
            Err(error) => {
                stopped = Some(limits.thread_not_created(number, &error.to_string()));
                break;
            }
        }
    }
    Ok(Spawned { handles, stopped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_is_joined_and_failures_are_counted() {
        let mut next = 0;
        let spawned = spawn_each(10, || {
            next += 1;
            let succeeds = next % 3 != 0;
            move || succeeds
        })
        .unwrap();
        assert_eq!(spawned.started(), 10);
        assert_eq!(spawned.stopped, None);
        assert_eq!(spawned.join(), 3);
    }
}
