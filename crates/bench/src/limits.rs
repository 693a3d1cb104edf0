//! The limits that stop a process from starting more threads or opening
//! more sockets, and the sentences that name them.
//!
//! A thread needs, among other things, a process id and a few memory
//! mappings, and the system caps both:
//!
//! - `vm.max_map_count`: mappings per process. A Rust thread takes four: its
//!   stack and the guard page below it, and a small signal stack (for
//!   reporting a stack overflow) with its own guard page. This is usually
//!   the first limit a process with many threads meets.
//! - `kernel.pid_max`: the highest process id; threads use ids too, so it
//!   caps the processes and threads of the whole machine together.
//! - `kernel.threads-max`: threads on the whole machine.
//! - `ulimit -u` (`Max processes`): the processes and threads of one user.
//!
//! Sockets are file descriptors, and `ulimit -n` (`Max open files`) caps
//! how many a process may have open.

use crate::number::thousands;
use crate::procfs::{self, Bound};
use serde::{Deserialize, Serialize};

/// The mappings a Rust thread adds: stack, guard page, signal stack, guard.
pub const MAPPINGS_PER_THREAD: u64 = 4;
/// Mappings left free for what the process maps besides thread stacks
/// while its threads start: malloc's per-thread arenas, the list of handles
/// as it grows.
const SPARE_MAPPINGS: u64 = 256;
/// File descriptors a download run needs besides one socket per download:
/// standard input and output, the poll instance, the runtime's own.
const SPARE_FILES: u64 = 64;

/// A limit on the threads a process can start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadLimit {
    /// `vm.max_map_count`, mappings per process.
    MapCount,
    /// `kernel.pid_max`, ids for processes and threads.
    PidMax,
    /// `kernel.threads-max`, threads on the machine.
    ThreadsMax,
    /// `ulimit -u`, processes and threads of one user.
    MaxProcesses,
}

/// The system's limits that matter here, as read when the benchmark ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemLimits {
    /// `vm.max_map_count`: memory mappings per process.
    pub max_map_count: u64,
    /// `kernel.pid_max`: the highest process (and thread) id.
    pub pid_max: u64,
    /// `kernel.threads-max`: threads on the whole machine.
    pub threads_max: u64,
    /// `ulimit -u`, the soft `Max processes`; `None` when unlimited.
    pub max_processes: Option<u64>,
    /// `ulimit -n`, the soft `Max open files`; `None` when unlimited.
    pub open_files: Option<u64>,
}

impl SystemLimits {
    /// Reads the limits from `/proc`.
    pub fn read() -> Result<SystemLimits, String> {
        let (max_map_count, pid_max, threads_max) = procfs::thread_limits()?;
        Ok(SystemLimits {
            max_map_count,
            pid_max,
            threads_max,
            max_processes: bound_value(procfs::read_limit("Max processes")?),
            open_files: bound_value(procfs::read_limit("Max open files")?),
        })
    }

    /// How many more threads of this process each limit leaves room for,
    /// given what is in use now.
    ///
    /// Only `vm.max_map_count` counts this process alone. The others count
    /// the whole machine or user, and every thread on the machine is
    /// charged against them: at worst that blames a limit a little early.
    pub fn room(&self, usage: &Usage) -> Vec<(ThreadLimit, u64)> {
        let threads = usage.threads_on_machine;
        let mut room = vec![
            (
                ThreadLimit::MapCount,
                self.max_map_count.saturating_sub(usage.mappings) / MAPPINGS_PER_THREAD,
            ),
            (ThreadLimit::PidMax, self.pid_max.saturating_sub(threads)),
            (
                ThreadLimit::ThreadsMax,
                self.threads_max.saturating_sub(threads),
            ),
        ];
        if let Some(max_processes) = self.max_processes {
            room.push((
                ThreadLimit::MaxProcesses,
                max_processes.saturating_sub(threads),
            ));
        }
        room
    }

    /// The limit with the least room left: after a failed start, the one
    /// that stopped it.
    pub fn tightest(&self, usage: &Usage) -> ThreadLimit {
        self.room(usage)
            .into_iter()
            .min_by_key(|(_, room)| *room)
            .map_or(ThreadLimit::MapCount, |(limit, _)| limit)
    }

    /// What `limit` is here and what it allows, as a clause:
    /// `vm.max_map_count (65,530) allows about 16,382 threads of 4 mappings
    /// each`.
    pub fn describe(&self, limit: ThreadLimit) -> String {
        match limit {
            ThreadLimit::MapCount => format!(
                "vm.max_map_count ({}) allows about {} threads of {MAPPINGS_PER_THREAD} mappings each",
                thousands(self.max_map_count),
                thousands(self.max_map_count / MAPPINGS_PER_THREAD),
            ),
            ThreadLimit::PidMax => format!(
                "kernel.pid_max ({}) caps the processes and threads of the whole machine",
                thousands(self.pid_max)
            ),
            ThreadLimit::ThreadsMax => format!(
                "kernel.threads-max ({}) caps the threads of the whole machine",
                thousands(self.threads_max)
            ),
            ThreadLimit::MaxProcesses => match self.max_processes {
                Some(cap) => format!(
                    "ulimit -u ({}) caps the processes and threads of this user",
                    thousands(cap)
                ),
                None => "ulimit -u is unlimited".to_owned(),
            },
        }
    }

    /// Why thread number `number` (counted from 1) failed to start with
    /// `error`, naming the limit with the least room left in `usage`, the
    /// usage just after the failure.
    pub fn thread_not_created(&self, number: u64, error: &str, usage: &Usage) -> String {
        format!(
            "thread {} could not be created ({error}): {}",
            thousands(number),
            self.describe(self.tightest(usage))
        )
    }

    /// Why thread number `number` was not even tried: the mappings it
    /// needs are not there, and running out of them aborts the process.
    pub fn thread_not_started(&self, number: u64) -> String {
        format!(
            "thread {} was not started: {}, and a Rust thread that cannot map its signal stack aborts the process",
            thousands(number),
            self.describe(ThreadLimit::MapCount)
        )
    }

    /// Why `n` downloads at once cannot run here, if they cannot: each
    /// needs a socket, and a socket is an open file.
    pub fn downloads_beyond_open_files(&self, n: u64) -> Option<String> {
        let limit = self.open_files?;
        let needed = n + SPARE_FILES;
        (needed > limit).then(|| {
            format!(
                "needs about {} open files, a socket per download, and ulimit -n (Max open files) is {}",
                thousands(needed),
                thousands(limit)
            )
        })
    }
}

/// What counts against the thread limits at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// This process's memory mappings.
    pub mappings: u64,
    /// Threads on the whole machine, of every process.
    pub threads_on_machine: u64,
}

impl Usage {
    /// What is in use now.
    pub fn read() -> Result<Usage, String> {
        let loadavg = procfs::loadavg()?;
        Ok(Usage {
            mappings: procfs::mappings()?,
            threads_on_machine: procfs::threads_on_machine(&loadavg)
                .ok_or("cannot read the thread count in the kernel's loadavg")?,
        })
    }
}

/// How many more threads a process with `mappings` mappings can start
/// before it would run out, with some left for everything else.
///
/// The count is cautious: it charges every thread four mappings for as long
/// as it is not joined, though one that has ended holds only two.
pub fn thread_budget(max_map_count: u64, mappings: u64) -> u64 {
    max_map_count.saturating_sub(mappings + SPARE_MAPPINGS) / MAPPINGS_PER_THREAD
}

fn bound_value(bound: Bound) -> Option<u64> {
    match bound {
        Bound::Unlimited => None,
        Bound::At(value) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The limits of the machine the book's numbers come from.
    fn limits() -> SystemLimits {
        SystemLimits {
            max_map_count: 65_530,
            pid_max: 32_768,
            threads_max: 192_730,
            max_processes: Some(96_365),
            open_files: Some(20_000),
        }
    }

    #[test]
    fn a_thread_that_fails_near_16k_is_stopped_by_the_map_count() {
        let usage = Usage {
            mappings: 65_521,
            threads_on_machine: 16_500,
        };
        let sentence = limits().thread_not_created(
            16_329,
            "Resource temporarily unavailable (os error 11)",
            &usage,
        );
        assert_eq!(
            sentence,
            "thread 16,329 could not be created (Resource temporarily unavailable (os error 11)): \
             vm.max_map_count (65,530) allows about 16,382 threads of 4 mappings each"
        );
    }

    #[test]
    fn the_limit_with_the_least_room_is_named() {
        let limits = limits();
        let usage = |mappings, threads_on_machine| Usage {
            mappings,
            threads_on_machine,
        };
        assert_eq!(
            limits.tightest(&usage(65_529, 16_400)),
            ThreadLimit::MapCount
        );
        assert_eq!(limits.tightest(&usage(40_000, 32_767)), ThreadLimit::PidMax);
        let few_processes = SystemLimits {
            max_processes: Some(4_000),
            ..limits.clone()
        };
        assert_eq!(
            few_processes.tightest(&usage(20_000, 3_999)),
            ThreadLimit::MaxProcesses
        );
        assert!(
            few_processes
                .thread_not_created(3_900, "Resource temporarily unavailable", &usage(20_000, 3_999))
                .ends_with("(Resource temporarily unavailable): ulimit -u (4,000) caps the processes and threads of this user")
        );
        let few_threads = SystemLimits {
            threads_max: 10_000,
            max_processes: None,
            ..limits
        };
        assert_eq!(
            few_threads.tightest(&usage(20_000, 9_990)),
            ThreadLimit::ThreadsMax
        );
        assert!(
            few_threads
                .thread_not_created(9_000, "x", &usage(20_000, 9_990))
                .ends_with("kernel.threads-max (10,000) caps the threads of the whole machine")
        );
    }

    #[test]
    fn a_thread_not_started_says_why_it_was_not_tried() {
        assert_eq!(
            limits().thread_not_started(16_301),
            "thread 16,301 was not started: vm.max_map_count (65,530) allows about 16,382 \
             threads of 4 mappings each, and a Rust thread that cannot map its signal stack \
             aborts the process"
        );
    }

    #[test]
    fn the_budget_keeps_spare_mappings() {
        assert_eq!(thread_budget(65_530, 74), (65_530 - 74 - 256) / 4);
        assert_eq!(thread_budget(100, 90), 0);
    }

    #[test]
    fn downloads_beyond_the_open_files_limit_are_named() {
        let limits = limits();
        assert_eq!(limits.downloads_beyond_open_files(10_000), None);
        assert_eq!(
            limits.downloads_beyond_open_files(100_000).as_deref(),
            Some(
                "needs about 100,064 open files, a socket per download, \
                 and ulimit -n (Max open files) is 20,000"
            )
        );
        let unlimited = SystemLimits {
            open_files: None,
            ..limits
        };
        assert_eq!(unlimited.downloads_beyond_open_files(1_000_000), None);
    }
}
