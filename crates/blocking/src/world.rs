//! The world as the blocking style sees it: who is running, what time it is
//! for them, and where their fetches, files and notes go.
//!
//! Each thread keeps a [`Current`] in a thread-local, so chapter code calls
//! plain functions (`fetch(url)`, `note!(...)`) the way ordinary blocking
//! code calls `std::fs::read`, with no context argument.
//!
//! In the simulated world the threads are simulated threads (`sched.rs`) on
//! a virtual clock. In the real world they are plain OS threads, waits take
//! real time, and the clock is the wall clock.

use crate::sched::{Hung, MAIN, Sched, Tid};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use threeways_model::{Clock, CpuJob, Error, Lane, Recorder, Run, Scenario, SpanKind};
use threeways_world::{Disk, Mode, Net};

/// Everything one run's threads share.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) clock: WorldClock,
    pub(crate) recorder: Recorder,
    pub(crate) net: Net,
    pub(crate) disk: Disk,
}

/// How time passes, and who takes turns.
#[derive(Debug)]
pub(crate) enum WorldClock {
    /// Simulated threads on a virtual clock.
    Simulated(Sched),
    /// OS threads on the wall clock.
    Real {
        start: Instant,
        /// Threads started so far, the first included.
        threads: AtomicUsize,
    },
}

/// The thread running on this OS thread.
#[derive(Clone, Debug)]
pub(crate) struct Current {
    pub(crate) world: Arc<World>,
    /// The simulated thread's number (unused in the real world).
    pub(crate) tid: Tid,
    pub(crate) lane: Lane,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// The thread calling this.
///
/// # Panics
/// Outside a run: chapter code is only called through [`crate::run`].
pub(crate) fn current() -> Current {
    CURRENT.with(|current| current.borrow().clone()).expect(
        "blocking chapter code runs inside threeways_blocking::run, which sets up its world",
    )
}

/// The thread calling this, if it runs inside a world.
pub(crate) fn try_current() -> Option<Current> {
    CURRENT.with(|current| current.borrow().clone())
}

impl World {
    /// The time since the run began.
    pub(crate) fn now(&self) -> Duration {
        match &self.clock {
            WorldClock::Simulated(sched) => sched.now(),
            WorldClock::Real { start, .. } => start.elapsed(),
        }
    }

    /// How many threads the run has had.
    fn thread_count(&self) -> usize {
        match &self.clock {
            WorldClock::Simulated(sched) => sched.thread_count(),
            WorldClock::Real { threads, .. } => threads.load(Ordering::Relaxed),
        }
    }

    /// A number for a new thread, which will start with [`Current::enter`].
    pub(crate) fn add_thread(&self) -> Tid {
        match &self.clock {
            WorldClock::Simulated(sched) => sched.add_thread(),
            WorldClock::Real { threads, .. } => threads.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Current {
    /// The time since the run began.
    pub(crate) fn now(&self) -> Duration {
        self.world.now()
    }

    /// Records a note on this thread's lane.
    pub(crate) fn note(&self, text: String) {
        self.world.recorder.note(self.now(), &self.lane, text);
    }

    // ANCHOR: wait_for_time
    /// Blocks this thread for `duration`, and records the wait as a span
    /// called `label`.
    pub(crate) fn wait_for_time(&self, label: String, duration: Duration) {
        self.wait_for_call(label, || match &self.world.clock {
            WorldClock::Simulated(sched) => sched.sleep(self.tid, duration),
            WorldClock::Real { .. } => std::thread::sleep(duration),
        });
    }
    // ANCHOR_END: wait_for_time

    /// Runs `job` on this thread, and records it as CPU time. A simulated
    /// thread is charged the job's cost: it is busy that long, while the
    /// other threads go on, as they would on other cores.
    pub(crate) fn compute(&self, job: &CpuJob) -> u64 {
        let span = self
            .world
            .recorder
            .begin(self.now(), &self.lane, job.label(), SpanKind::Cpu);
        let primes = match &self.world.clock {
            WorldClock::Simulated(sched) => {
                sched.sleep(self.tid, job.cost);
                job.count()
            }
            WorldClock::Real { .. } => job.run(),
        };
        self.world.recorder.end(span, self.now());
        primes
    }

    /// Runs `f`, a call that blocks, and records the time it took as a wait
    /// called `label`.
    pub(crate) fn wait_for_call<T>(&self, label: String, f: impl FnOnce() -> T) -> T {
        let span = self
            .world
            .recorder
            .begin(self.now(), &self.lane, label, SpanKind::Wait);
        let value = f();
        self.world.recorder.end(span, self.now());
        value
    }

    /// Blocks until thread `child`, whose lane is `name`, has finished. In
    /// the real world the OS join does that; the simulated thread must also
    /// give up its turn. A hang report names the join.
    pub(crate) fn join(&self, child: Tid, name: &str) {
        if let WorldClock::Simulated(sched) = &self.world.clock
            && !sched.is_finished(child)
        {
            let _waiting = self
                .world
                .recorder
                .unseen_wait(&self.lane, format!("join {name}"));
            sched.join(self.tid, child);
        }
    }

    /// Blocks until another thread wakes this one with [`Current::wake`],
    /// recording the wait as a span called `label`: how `crate::sync`
    /// waits for a lock, a message or room in a queue, simulated.
    ///
    /// # Panics
    /// In the real world, where `crate::sync` waits with std's own types.
    pub(crate) fn block(&self, label: String) {
        let WorldClock::Simulated(sched) = &self.world.clock else {
            unreachable!("only simulated threads block in the scheduler");
        };
        self.wait_for_call(label, || sched.block(self.tid));
    }

    /// Makes the simulated thread `tid`, blocked in [`Current::block`],
    /// ready to run now; this thread goes on.
    pub(crate) fn wake(&self, tid: Tid) {
        if let WorldClock::Simulated(sched) = &self.world.clock {
            sched.wake(tid);
        }
    }

    /// Whether the simulated run has hung (see `sched.rs`).
    pub(crate) fn is_hung(&self) -> bool {
        matches!(&self.world.clock, WorldClock::Simulated(sched) if sched.is_hung())
    }

    /// Whether this thread is simulated, and so must wait through the
    /// scheduler.
    pub(crate) fn is_simulated(&self) -> bool {
        matches!(self.world.clock, WorldClock::Simulated(_))
    }

    /// Runs `f` as this thread on the calling OS thread. A simulated thread
    /// first waits for its turn, and gives it up for good when `f` returns
    /// or panics.
    pub(crate) fn enter<T>(self, f: impl FnOnce() -> T) -> T {
        /// Ends the thread even if `f` panics, so the others go on and the
        /// panic reaches whoever joins this thread.
        struct Finish(Current);
        impl Drop for Finish {
            fn drop(&mut self) {
                if let WorldClock::Simulated(sched) = &self.0.world.clock {
                    sched.finish(self.0.tid);
                }
                CURRENT.with(|current| current.borrow_mut().take());
            }
        }
        if let WorldClock::Simulated(sched) = &self.world.clock {
            sched.wait_turn(self.tid);
        }
        CURRENT.with(|current| *current.borrow_mut() = Some(self.clone()));
        let _finish = Finish(self);
        f()
    }
}

/// Runs `main` as the main thread of a fresh world, waits for every thread
/// it started, and returns the trace and outcome.
pub(crate) fn run(
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce() -> Result<Vec<String>, Error>,
) -> Run {
    let (net, disk) = mode.net_and_disk(scenario);
    let recorder = mode.recorder();
    let clock = if mode.is_simulated() {
        WorldClock::Simulated(Sched::new(recorder.clone()))
    } else {
        WorldClock::Real {
            start: Instant::now(),
            threads: AtomicUsize::new(1),
        }
    };
    let world = Arc::new(World {
        clock,
        recorder,
        net,
        disk,
    });
    let main_thread = Current {
        world: Arc::clone(&world),
        tid: MAIN,
        lane: "main".into(),
    };
    let entered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        main_thread.enter(|| {
            let result = main();
            // Like a process that waits for its threads before it exits. Real
            // threads are joined by the chapter code that started them.
            if let WorldClock::Simulated(sched) = &world.clock {
                let _waiting = world
                    .recorder
                    .unseen_wait(&"main".into(), "the end of every thread it started");
                sched.join_all(MAIN);
            }
            result
        })
    }));
    let result = match entered {
        Ok(result) => result,
        // The run hung, and every thread was taken down: `sched.rs` has
        // written the report. Once they are all gone, the run is over.
        Err(payload) if payload.is::<Hung>() => {
            if let WorldClock::Simulated(sched) = &world.clock {
                sched.wait_for_the_others(MAIN);
            }
            Err(Error::Hung)
        }
        Err(payload) => std::panic::resume_unwind(payload),
    };
    let clock = if mode.is_simulated() {
        Clock::Virtual
    } else {
        Clock::Wall
    };
    let trace = world
        .recorder
        .finish(world.now(), clock, world.thread_count());
    Run {
        trace,
        outcome: world.disk.outcome(result),
    }
}

#[cfg(test)]
mod tests {
    //! The scheduler's promise: whatever the OS does, the same program gives
    //! the same trace, and virtual time adds up as the chapters claim.

    use crate::cpu::{compute, now};
    use crate::io::fetch;
    use crate::thread::{named as spawn, sleep};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use threeways_model::{CpuJob, Page, Run, Scenario};
    use threeways_world::Mode;

    const LATENCIES: [u64; 4] = [30, 10, 20, 10];

    fn scenario() -> Scenario {
        let pages = LATENCIES
            .iter()
            .enumerate()
            .map(|(i, ms)| Page::new(format!("http://example.com/{i}"), vec![b'x'; i + 1], *ms))
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
        super::run(&scenario(), &Mode::Simulated, || {
            urls()
                .iter()
                .map(|url| fetch(url).map(|b| b.len().to_string()))
                .collect()
        })
    }

    fn thread_per_request() -> Run {
        super::run(&scenario(), &Mode::Simulated, || {
            let handles: Vec<_> = urls()
                .into_iter()
                .enumerate()
                .map(|(i, url)| spawn(&format!("t{i}"), move || fetch(&url)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap().map(|b| b.len().to_string()))
                .collect()
        })
    }

    fn pool(workers: usize) -> Run {
        super::run(&scenario(), &Mode::Simulated, move || {
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
            handles.into_iter().for_each(|h| h.join().unwrap());
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
    fn a_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: Duration::from_millis(50),
        };
        let run = super::run(&Scenario::default(), &Mode::Simulated, move || {
            compute(&job);
            sleep(Duration::from_millis(50));
            Ok(vec![format!("{} ms", now().as_millis())])
        });
        assert_eq!(run.outcome.result, Ok(vec!["100 ms".to_owned()]));
        let sleep_span = (run.trace.spans())
            .find(|span| span.label == "sleep 50 ms")
            .map(|span| (span.start.as_millis(), span.end.as_millis()));
        assert_eq!(sleep_span, Some((50, 100)));
    }

    /// A thread that starts threads after `main` has begun waiting for
    /// every thread: `main` waits for those too, every time. (Counting the
    /// threads once, when `main` began to wait, left the grandchildren
    /// running while the trace was read, so their notes came and went.)
    fn late_grandchildren() -> Run {
        super::run(&Scenario::default(), &Mode::Simulated, || {
            // Not joined: the run waits for it, as a process waits for its
            // threads before it exits.
            drop(spawn("parent", || {
                sleep(Duration::from_millis(10));
                for i in 1..=3u64 {
                    drop(spawn(&format!("grandchild-{i}"), move || {
                        sleep(Duration::from_millis(5 * i));
                        crate::note!("grandchild {i} is done");
                    }));
                }
            }));
            Ok(vec![])
        })
    }

    #[test]
    fn threads_started_late_are_waited_for_every_time() {
        let first = late_grandchildren();
        let text = first.render_text();
        for i in 1..=3 {
            assert!(text.contains(&format!("grandchild {i} is done")), "{text}");
        }
        assert_eq!(first.trace.total, Duration::from_millis(25), "{text}");
        assert_eq!(first.trace.threads, 5, "{text}");
        for _ in 1..50 {
            assert_eq!(late_grandchildren().render_text(), text);
        }
    }

    #[test]
    fn two_threads_may_join_the_same_thread() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, || {
            let shared = spawn("shared", || sleep(Duration::from_millis(30)));
            // `waiter` joins `shared`, and so does the run's final wait.
            let waiter = spawn("waiter", move || shared.join().unwrap());
            drop(waiter);
            Ok(vec![])
        });
        assert_eq!(run.trace.total, Duration::from_millis(30));
    }

    #[test]
    fn a_panic_in_a_thread_reaches_its_joiner() {
        let run = super::run(&scenario(), &Mode::Simulated, || {
            let joined = spawn("doomed", || panic!("boom")).join();
            let said = joined.expect_err("the thread panicked");
            Ok(vec![said.downcast_ref::<&str>().unwrap().to_string()])
        });
        assert_eq!(run.outcome.result, Ok(vec!["boom".to_owned()]));
    }

    #[test]
    fn an_unnamed_thread_is_named_as_the_run_counts_threads() {
        let run = super::run(&scenario(), &Mode::Simulated, || {
            let first = crate::thread::spawn(|| crate::note!("first"));
            let named = spawn("named", || crate::note!("named"));
            let third = crate::thread::spawn(|| crate::note!("third"));
            for handle in [first, named, third] {
                handle.join().unwrap();
            }
            Ok(vec![])
        });
        assert_eq!(
            run.trace.render_text(),
            "0 ms  thread-2  first\n0 ms  named     named\n0 ms  thread-4  third\n\
             total: 0 ms (virtual), 4 threads\n"
        );
    }
}
