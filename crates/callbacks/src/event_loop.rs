//! The event loop: a queue of callbacks ready to run, a heap of timers, and a
//! `mio::Poll` for I/O that finishes on other threads.
//!
//! One thread runs everything. A callback runs to its end; nothing interrupts
//! it. When no callback is ready, the loop looks at its timers: in the
//! simulated world the virtual clock jumps straight to the earliest one, so a
//! program that waits ten seconds runs in microseconds and in one order only.
//!
//! This is the shape of libuv (Node.js), of Python's asyncio loop and of
//! Twisted's reactor, cut down to what the chapters use. In production you
//! would use one of those (or `calloop` in Rust), and real timers would read
//! the OS clock; ours reads a virtual one so the book's outputs are exact.

use crate::disk::{DiskWorker, JobId};
use mio::{Events, Poll, Token, Waker};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;
use threeways_core::sim::{SimDisk, SimNet};
use threeways_core::{Error, Lane, Recorder};

/// The token of the waker that worker threads use to tell the loop that a
/// job has finished.
const WAKE: Token = Token(0);

/// What the loop runs: a continuation, and the chain (lane) it belongs to.
struct Callback {
    lane: Lane,
    run: Box<dyn FnOnce(&mut EventLoop)>,
}

/// A callback due at a virtual time. Ordered so that `BinaryHeap`, a max-heap,
/// pops the earliest deadline first, and equal deadlines in the order set.
struct Timer {
    at: Duration,
    seq: u64,
    callback: Callback,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Timer) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Timer) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    fn cmp(&self, other: &Timer) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// A single-threaded event loop with a virtual clock. Every continuation gets
/// `&mut EventLoop`, so it can start the next step.
pub struct EventLoop {
    now: Duration,
    ready: VecDeque<Callback>,
    timers: BinaryHeap<Timer>,
    next_seq: u64,
    /// The chain of the callback running now; callbacks it schedules join it.
    lane: Lane,
    poll: Poll,
    waker: Arc<Waker>,
    /// Started on the first file write, like libuv's thread pool.
    disk_worker: Option<DiskWorker>,
    job_results: Option<Receiver<(JobId, Result<(), Error>)>>,
    finished_jobs: HashMap<JobId, Result<(), Error>>,
    pub(crate) recorder: Recorder,
    pub(crate) net: SimNet,
    pub(crate) disk: SimDisk,
}

impl EventLoop {
    /// A loop at virtual time zero, with nothing to do yet.
    pub(crate) fn new(net: SimNet, disk: SimDisk) -> std::io::Result<EventLoop> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKE)?);
        Ok(EventLoop {
            now: Duration::ZERO,
            ready: VecDeque::new(),
            timers: BinaryHeap::new(),
            next_seq: 0,
            lane: "main".into(),
            poll,
            waker,
            disk_worker: None,
            job_results: None,
            finished_jobs: HashMap::new(),
            recorder: Recorder::new(),
            net,
            disk,
        })
    }

    /// The loop's virtual time.
    pub fn now(&self) -> Duration {
        self.now
    }

    /// The chain the running callback belongs to.
    pub fn lane(&self) -> &Lane {
        &self.lane
    }

    /// Records a note at the current time on the running callback's chain.
    pub fn note(&self, text: String) {
        self.recorder.note(self.now, &self.lane, text);
    }

    /// How many OS threads the loop has used: its own, plus the disk worker
    /// once a file has been written.
    pub fn thread_count(&self) -> usize {
        1 + usize::from(self.disk_worker.is_some())
    }

    /// Runs `f` after `delay`, on the current chain. Returns at once.
    pub fn set_timer(&mut self, delay: Duration, f: impl FnOnce(&mut EventLoop) + 'static) {
        let callback = Callback {
            lane: self.lane.clone(),
            run: Box::new(f),
        };
        let timer = Timer {
            at: self.now + delay,
            seq: self.next_seq,
            callback,
        };
        self.next_seq += 1;
        self.timers.push(timer);
    }

    /// Runs `f` now as the start of a new chain called `lane`: callbacks it
    /// schedules belong to that chain, as a thread's calls belong to it.
    pub fn start_chain(&mut self, lane: &str, f: impl FnOnce(&mut EventLoop)) {
        let outer = std::mem::replace(&mut self.lane, lane.into());
        f(self);
        self.lane = outer;
    }

    /// Runs callbacks until none is ready, no timer is set and no job is
    /// out on a worker thread.
    pub fn run(&mut self) {
        loop {
            while let Some(callback) = self.ready.pop_front() {
                self.lane = callback.lane;
                (callback.run)(self);
            }
            let Some(next) = self.timers.peek().map(|timer| timer.at) else {
                break;
            };
            // Nothing is ready: jump to the earliest timer, and make every
            // timer due at that moment ready, in the order they were set.
            self.now = self.now.max(next);
            while self.timers.peek().is_some_and(|timer| timer.at <= self.now) {
                let timer = self.timers.pop().expect("peeked");
                self.ready.push_back(timer.callback);
            }
        }
    }

    /// Hands `job` to the disk worker thread and returns its id at once.
    pub(crate) fn submit_disk_job(
        &mut self,
        job: impl FnOnce() -> Result<(), Error> + Send + 'static,
    ) -> JobId {
        if self.disk_worker.is_none() {
            let (tx, rx) = channel();
            self.disk_worker = Some(DiskWorker::start(tx, Arc::clone(&self.waker)));
            self.job_results = Some(rx);
        }
        let worker = self.disk_worker.as_ref().expect("started above");
        worker.submit(Box::new(job))
    }

    /// The result of job `id`, waiting on `mio` until the worker reports it.
    ///
    /// In the simulated world the loop calls this when the job's virtual time
    /// is up: the real work on the worker thread has usually long finished,
    /// and if not, the loop waits for it, so the order never depends on how
    /// fast the worker happened to be.
    pub(crate) fn take_job_result(&mut self, id: JobId) -> Result<(), Error> {
        let mut events = Events::with_capacity(8);
        loop {
            if let Some(result) = self.finished_jobs.remove(&id) {
                return result;
            }
            let results = self.job_results.as_ref().expect("a job was submitted");
            match results.try_recv() {
                Ok((done, result)) => {
                    self.finished_jobs.insert(done, result);
                }
                Err(TryRecvError::Empty) => {
                    // Sleep until the worker wakes us. The timeout only
                    // guards against a worker that died without waking us.
                    let polled = self.poll.poll(&mut events, Some(Duration::from_secs(1)));
                    if let Err(error) = polled
                        && error.kind() != std::io::ErrorKind::Interrupted
                    {
                        return Err(worker_lost(&error.to_string()));
                    }
                }
                Err(TryRecvError::Disconnected) => {
                    return Err(worker_lost("the disk worker stopped"));
                }
            }
        }
    }
}

fn worker_lost(reason: &str) -> Error {
    Error::Disk {
        name: String::new(),
        reason: reason.to_owned(),
    }
}
