//! The simulated world as the blocking style sees it: who is running, what
//! time it is for them, and where their notes and files go.
//!
//! Each simulated thread keeps a [`Current`] in a thread-local, so chapter
//! code calls plain functions (`fetch(url)`, `note!(...)`) the way ordinary
//! blocking code calls `std::fs::read`, with no context argument.

use crate::sched::{MAIN, Sched, Tid};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;
use threeways_core::sim::{SimDisk, SimNet};
use threeways_core::{Clock, Error, Lane, Recorder, Run, Scenario, SpanKind};

/// Everything one run's threads share.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) sched: Sched,
    pub(crate) recorder: Recorder,
    pub(crate) net: SimNet,
    pub(crate) disk: SimDisk,
}

/// The simulated thread running on this OS thread.
#[derive(Clone, Debug)]
pub(crate) struct Current {
    pub(crate) world: Arc<World>,
    pub(crate) tid: Tid,
    pub(crate) lane: Lane,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// The simulated thread calling this.
///
/// # Panics
/// Outside a run: chapter code is only called through [`crate::run`].
pub(crate) fn current() -> Current {
    CURRENT.with(|current| current.borrow().clone()).expect(
        "blocking chapter code runs inside threeways_blocking::run, which sets up its world",
    )
}

impl Current {
    /// The virtual time.
    pub(crate) fn now(&self) -> Duration {
        self.world.sched.now()
    }

    /// Records a note on this thread's lane.
    pub(crate) fn note(&self, text: String) {
        self.world.recorder.note(self.now(), &self.lane, text);
    }

    /// Blocks this thread for `duration` and records the wait as a span.
    pub(crate) fn wait(&self, duration: Duration, label: String) {
        let span = self
            .world
            .recorder
            .begin(self.now(), &self.lane, label, SpanKind::Wait);
        self.world.sched.sleep(self.tid, duration);
        self.world.recorder.end(span, self.now());
    }

    /// Runs `f` as this simulated thread on the calling OS thread: takes the
    /// turn, and gives it up for good when `f` returns or panics.
    pub(crate) fn enter<T>(self, f: impl FnOnce() -> T) -> T {
        /// Ends the simulated thread even if `f` panics, so the others go on
        /// and the panic reaches whoever joins this thread.
        struct Finish(Current);
        impl Drop for Finish {
            fn drop(&mut self) {
                self.0.world.sched.finish(self.0.tid);
                CURRENT.with(|current| current.borrow_mut().take());
            }
        }
        self.world.sched.wait_turn(self.tid);
        CURRENT.with(|current| *current.borrow_mut() = Some(self.clone()));
        let _finish = Finish(self);
        f()
    }
}

/// Runs `main` as the main thread of a fresh simulated world, waits for every
/// thread it started, and returns the trace and outcome.
pub(crate) fn run(scenario: &Scenario, main: impl FnOnce() -> Result<Vec<String>, Error>) -> Run {
    let world = Arc::new(World {
        sched: Sched::new(),
        recorder: Recorder::new(),
        net: SimNet::new(scenario),
        disk: SimDisk::new(scenario),
    });
    let main_thread = Current {
        world: Arc::clone(&world),
        tid: MAIN,
        lane: "main".into(),
    };
    let result = main_thread.enter(|| {
        let result = main();
        // Like a process that waits for its threads before it exits.
        world.sched.join_all(MAIN);
        result
    });
    let trace = world.recorder.finish(
        world.sched.now(),
        Clock::Virtual,
        world.sched.thread_count(),
    );
    Run {
        trace,
        outcome: world.disk.outcome(result),
    }
}

#[cfg(test)]
mod tests {
    //! The scheduler's promise: whatever the OS does, the same program gives
    //! the same trace, and virtual time adds up as the chapters claim.

    use crate::io::fetch;
    use crate::thread::spawn;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use threeways_core::{Page, Run, Scenario};

    const LATENCIES: [u64; 4] = [30, 10, 20, 10];

    fn scenario() -> Scenario {
        let pages = LATENCIES
            .iter()
            .enumerate()
            .map(|(i, ms)| Page {
                url: format!("http://example.com/{i}"),
                body: vec![b'x'; i + 1],
                latency: Duration::from_millis(*ms),
            })
            .collect();
        Scenario {
            pages,
            ..Scenario::default()
        }
    }

    fn urls() -> Vec<String> {
        (0..LATENCIES.len())
            .map(|i| format!("http://example.com/{i}"))
            .collect()
    }

    fn sequential() -> Run {
        super::run(&scenario(), || {
            urls()
                .iter()
                .map(|url| fetch(url).map(|b| b.len().to_string()))
                .collect()
        })
    }

    fn thread_per_request() -> Run {
        super::run(&scenario(), || {
            let handles: Vec<_> = urls()
                .into_iter()
                .enumerate()
                .map(|(i, url)| spawn(&format!("t{i}"), move || fetch(&url)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map(|b| b.len().to_string()))
                .collect()
        })
    }

    fn pool(workers: usize) -> Run {
        super::run(&scenario(), move || {
            let queue = Arc::new(Mutex::new(urls()));
            let done = Arc::new(Mutex::new(Vec::new()));
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let (queue, done) = (Arc::clone(&queue), Arc::clone(&done));
                    spawn(&format!("w{w}"), move || {
                        // Take a job; the lock is released before the wait.
                        while let Some(url) = { queue.lock().unwrap().pop() } {
                            let body = fetch(&url).unwrap();
                            done.lock().unwrap().push(body.len().to_string());
                        }
                    })
                })
                .collect();
            handles.into_iter().for_each(|h| h.join());
            let mut done = done.lock().unwrap().clone();
            done.sort();
            Ok(done)
        })
    }

    fn total_ms(run: &Run) -> u128 {
        run.trace.total.as_millis()
    }

    #[test]
    fn virtual_time_adds_up() {
        assert_eq!(
            total_ms(&sequential()),
            LATENCIES.iter().sum::<u64>() as u128
        );
        assert_eq!(total_ms(&thread_per_request()), 30);
        // The queue is popped from the back: 10 and 20 start at once, then 10
        // (at 10 ms) and 30 (at 20 ms), so the last one ends at 50 ms.
        assert_eq!(total_ms(&pool(2)), 50);
        assert_eq!(thread_per_request().trace.threads, 5);
    }

    #[test]
    fn same_trace_every_run() {
        for program in [sequential, thread_per_request, || pool(2), || pool(3)] {
            let first = program().trace.render_text();
            for _ in 0..20 {
                assert_eq!(program().trace.render_text(), first);
            }
        }
    }

    #[test]
    fn a_panic_in_a_thread_reaches_its_joiner() {
        let caught = std::panic::catch_unwind(|| {
            super::run(&scenario(), || {
                spawn("doomed", || panic!("boom")).join();
                Ok(vec![])
            })
        });
        assert!(caught.is_err());
    }
}
