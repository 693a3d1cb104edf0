//! The event loop: a queue of callbacks ready to run, a heap of timers, and a
//! `mio::Poll` for sockets and for work that finishes on other threads.
//!
//! One thread runs everything. A callback runs to its end; nothing interrupts
//! it. When no callback is ready, the loop waits for the next event:
//!
//! - in the **simulated** world, nothing real is pending, so the virtual
//!   clock jumps straight to the earliest timer: a program that waits ten
//!   seconds runs in microseconds, and in one order only;
//! - in the **real** world, the loop asks `mio` to sleep until a socket is
//!   ready, a worker thread wakes it, or the earliest timer is due.
//!
//! This is the shape of libuv (Node.js), of Python's asyncio loop and of
//! Twisted's reactor, cut down to what the chapters use. In production you
//! would use one of those (or `calloop` in Rust); ours has a virtual clock
//! so that the book's outputs are exact.

use crate::worker::{JobId, Worker};
use mio::event::{Event, Source};
use mio::{Events, Interest, Poll, Registry, Token, Waker};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};
use threeways_core::world::{Disk, Net};
use threeways_core::{Error, Lane, Recorder};

/// The token of the waker that worker threads use to tell the loop that a
/// job has finished. Sockets get tokens from 1 up.
const WAKE: Token = Token(0);

/// What the loop runs: a continuation, and the chain (lane) it belongs to.
struct Callback {
    lane: Lane,
    run: Box<dyn FnOnce(&mut EventLoop)>,
}

/// A callback due at a time. Ordered so that `BinaryHeap`, a max-heap, pops
/// the earliest deadline first, and equal deadlines in the order set.
struct Timer {
    at: Duration,
    id: TimerId,
    callback: Callback,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Timer) -> bool {
        (self.at, self.id) == (other.at, other.id)
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
        (other.at, other.id).cmp(&(self.at, self.id))
    }
}

/// Names a timer, so that it can be cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId(u64);

/// What the loop calls when a watched socket is ready. It returns whether
/// to keep watching.
pub(crate) type OnReady = Box<dyn FnMut(&mut EventLoop, &Event) -> bool>;

/// Where the loop's time comes from.
enum LoopClock {
    /// Virtual: advanced by the loop itself, from timer to timer.
    Virtual(Duration),
    /// The wall clock, since the loop started.
    Real(Instant),
}

/// A single-threaded event loop. Every continuation gets `&mut EventLoop`,
/// so it can start the next step.
pub struct EventLoop {
    clock: LoopClock,
    ready: VecDeque<Callback>,
    timers: BinaryHeap<Timer>,
    cancelled: HashSet<TimerId>,
    next_id: u64,
    /// The chain of the callback running now; callbacks it schedules join it.
    lane: Lane,
    poll: Poll,
    waker: Arc<Waker>,
    sockets: HashMap<Token, OnReady>,
    next_token: usize,
    /// Started on the first file write, like libuv's thread pool.
    worker: Option<Worker>,
    job_results: Option<Receiver<(JobId, Result<(), Error>)>>,
    finished_jobs: HashMap<JobId, Result<(), Error>>,
    /// Real world: what to call when a job's result arrives.
    waiting_jobs: HashMap<JobId, crate::Done<()>>,
    pub(crate) recorder: Recorder,
    pub(crate) net: Net,
    pub(crate) disk: Disk,
    /// Simulated world: the virtual time past which the loop fires no more
    /// timers, and whether the program had ended by then (see
    /// [`EventLoop::run_on_until`]).
    stop_at: Duration,
    stop_after_end: bool,
}

impl EventLoop {
    /// A loop at time zero, with nothing to do yet. Its clock is virtual
    /// when `net` and `disk` are simulated, and the wall clock otherwise.
    pub(crate) fn new(net: Net, disk: Disk) -> std::io::Result<EventLoop> {
        let poll = Poll::new()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKE)?);
        let clock = match net {
            Net::Simulated(_) => LoopClock::Virtual(Duration::ZERO),
            Net::Real(_) => LoopClock::Real(Instant::now()),
        };
        Ok(EventLoop {
            clock,
            ready: VecDeque::new(),
            timers: BinaryHeap::new(),
            cancelled: HashSet::new(),
            next_id: 0,
            lane: "main".into(),
            poll,
            waker,
            sockets: HashMap::new(),
            next_token: 1,
            worker: None,
            job_results: None,
            finished_jobs: HashMap::new(),
            waiting_jobs: HashMap::new(),
            recorder: Recorder::new(),
            net,
            disk,
            stop_at: Duration::MAX,
            stop_after_end: false,
        })
    }

    /// A loop on the wall clock whatever `net` and `disk` are, recording
    /// into `recorder`. Benchmarks use it with `Recorder::off()`: they time
    /// real timers and sockets, and keeping a trace would be part of what
    /// they measure.
    pub fn real(net: Net, disk: Disk, recorder: Recorder) -> std::io::Result<EventLoop> {
        let mut lp = EventLoop::new(net, disk)?;
        lp.clock = LoopClock::Real(Instant::now());
        lp.recorder = recorder;
        Ok(lp)
    }

    /// The loop's time since it started.
    pub fn now(&self) -> Duration {
        match self.clock {
            LoopClock::Virtual(now) => now,
            LoopClock::Real(start) => start.elapsed(),
        }
    }

    /// Simulated world: the loop's thread is busy for `cost`, so its clock
    /// moves on while nothing else can run. Timers that fall due meanwhile
    /// run late, when the loop gets its thread back.
    pub(crate) fn spend(&mut self, cost: Duration) {
        if let LoopClock::Virtual(now) = &mut self.clock {
            *now += cost;
        }
    }

    /// Whether the loop runs on a virtual clock.
    pub fn is_simulated(&self) -> bool {
        matches!(self.clock, LoopClock::Virtual(_))
    }

    /// The chain the running callback belongs to.
    pub fn lane(&self) -> &Lane {
        &self.lane
    }

    /// Records a note at the current time on the running callback's chain.
    pub fn note(&self, text: String) {
        self.recorder.note(self.now(), &self.lane, text);
    }

    /// How many OS threads the loop has used: its own, plus the disk worker
    /// once a file has been written.
    pub fn thread_count(&self) -> usize {
        1 + usize::from(self.worker.is_some())
    }

    /// Runs `f` after `delay`, on the current chain. Returns at once.
    pub fn set_timer(
        &mut self,
        delay: Duration,
        f: impl FnOnce(&mut EventLoop) + 'static,
    ) -> TimerId {
        let id = TimerId(self.next_id);
        self.next_id += 1;
        let callback = Callback {
            lane: self.lane.clone(),
            run: Box::new(f),
        };
        self.timers.push(Timer {
            at: self.now() + delay,
            id,
            callback,
        });
        id
    }

    /// Makes sure the timer `id`, which has not run yet, will not run. (The
    /// id is only marked, in constant time; the timer is dropped when it
    /// reaches the top of the heap.)
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.cancelled.insert(id);
    }

    /// Runs `f` soon, after the callback running now, on the current chain.
    pub fn post(&mut self, f: impl FnOnce(&mut EventLoop) + 'static) {
        let lane = self.lane.clone();
        self.ready.push_back(Callback {
            lane,
            run: Box::new(f),
        });
    }

    /// Runs `f` now as the start of a new chain called `lane`: callbacks it
    /// schedules belong to that chain, as a thread's calls belong to it.
    pub fn start_chain(&mut self, lane: &str, f: impl FnOnce(&mut EventLoop)) {
        let outer = std::mem::replace(&mut self.lane, lane.into());
        f(self);
        self.lane = outer;
    }

    /// Registers `source` with the loop's poll; `on_ready` runs, on the
    /// current chain, each time it is ready, until it returns `false`.
    pub(crate) fn watch(
        &mut self,
        source: &mut impl Source,
        interest: Interest,
        on_ready: OnReady,
    ) -> std::io::Result<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.poll.registry().register(source, token, interest)?;
        self.sockets.insert(token, on_ready);
        Ok(token)
    }

    /// Stops watching the source registered as `token`.
    pub(crate) fn unwatch(&mut self, source: &mut impl Source, token: Token) {
        self.sockets.remove(&token);
        // Deregistering can only fail for a source that was never
        // registered; there is nothing to undo then.
        let _ = self.registry().deregister(source);
    }

    fn registry(&self) -> &Registry {
        self.poll.registry()
    }

    /// Runs callbacks until none is ready and nothing is pending: no timer,
    /// no socket, no job out on a worker thread. In the simulated world it
    /// also stops at the limit [`EventLoop::run_on_until`] sets, with a
    /// note in the trace.
    pub fn run(&mut self) {
        let mut events = Events::with_capacity(256);
        loop {
            while let Some(callback) = self.ready.pop_front() {
                self.lane = callback.lane;
                (callback.run)(self);
            }
            self.forget_cancelled_timers();
            let busy = !self.sockets.is_empty() || !self.waiting_jobs.is_empty();
            let next_timer = self.timers.peek().map(|timer| timer.at);
            if self.is_simulated() && next_timer.is_some_and(|at| at > self.stop_at) {
                self.stop_with_timers_set();
                break;
            }
            match (&mut self.clock, next_timer) {
                (_, None) if !busy => break,
                // Nothing is ready and nothing real is pending: jump to the
                // earliest timer.
                (LoopClock::Virtual(now), Some(at)) => *now = (*now).max(at),
                (LoopClock::Virtual(_), None) => break,
                (LoopClock::Real(_), next_timer) => {
                    let timeout = next_timer.map(|at| at.saturating_sub(self.now()));
                    self.wait_for_events(&mut events, timeout);
                }
            }
            self.make_due_timers_ready();
        }
    }

    /// Simulated world: fire no timer due after `at`; `after_end` says
    /// whether the program has ended (its last continuation was called). A
    /// program whose timers keep re-arming themselves would otherwise run
    /// for ever.
    pub(crate) fn run_on_until(&mut self, at: Duration, after_end: bool) {
        self.stop_at = at;
        self.stop_after_end = after_end;
    }

    /// Simulated world: the loop stops with timers still set; the clock
    /// moves to the limit, and a note says what was left.
    fn stop_with_timers_set(&mut self) {
        let left = self
            .timers
            .iter()
            .filter(|timer| !self.cancelled.contains(&timer.id))
            .count();
        if let LoopClock::Virtual(now) = &mut self.clock {
            *now = self.stop_at;
        }
        let what = match left {
            1 => "1 timer set".to_owned(),
            n => format!("{n} timers set"),
        };
        self.recorder.note(
            self.now(),
            &threeways_core::sim::STOPPED_LANE.into(),
            threeways_core::sim::stopped_note(self.stop_after_end, &what),
        );
    }

    fn forget_cancelled_timers(&mut self) {
        while let Some(timer) = self.timers.peek() {
            if !self.cancelled.remove(&timer.id) {
                break;
            }
            self.timers.pop();
        }
    }

    /// Moves every timer that is due into the ready queue, in order. A
    /// cancelled timer is dropped instead.
    fn make_due_timers_ready(&mut self) {
        let now = self.now();
        while self.timers.peek().is_some_and(|timer| timer.at <= now) {
            let timer = self.timers.pop().expect("peeked");
            if !self.cancelled.remove(&timer.id) {
                self.ready.push_back(timer.callback);
            }
        }
    }

    /// Sleeps in `mio` until something happens or `timeout` passes, then
    /// runs the handlers of the sockets that are ready and queues the
    /// callbacks of the jobs that have finished.
    fn wait_for_events(&mut self, events: &mut Events, timeout: Option<Duration>) {
        if let Err(error) = self.poll.poll(events, timeout) {
            // Interrupted by a signal: simply look again.
            assert_eq!(
                error.kind(),
                std::io::ErrorKind::Interrupted,
                "mio poll failed: {error}"
            );
            return;
        }
        for event in events.iter() {
            if event.token() == WAKE {
                self.collect_job_results();
            } else if let Some(mut on_ready) = self.sockets.remove(&event.token())
                && on_ready(self, event)
            {
                self.sockets.insert(event.token(), on_ready);
            }
        }
    }

    /// Hands `job` to the disk worker thread and returns its id at once.
    pub(crate) fn submit_job(
        &mut self,
        job: impl FnOnce() -> Result<(), Error> + Send + 'static,
    ) -> JobId {
        if self.worker.is_none() {
            let (tx, rx) = channel();
            self.worker = Some(Worker::start(tx, Arc::clone(&self.waker)));
            self.job_results = Some(rx);
        }
        let worker = self.worker.as_ref().expect("started above");
        worker.submit(Box::new(job))
    }

    /// Real world: calls `then` on the current chain when job `id` reports.
    pub(crate) fn when_done(
        &mut self,
        id: JobId,
        then: impl FnOnce(&mut EventLoop, Result<(), Error>) + 'static,
    ) {
        let lane = self.lane.clone();
        self.waiting_jobs.insert(
            id,
            Box::new(move |lp: &mut EventLoop, result| {
                lp.lane = lane;
                then(lp, result);
            }),
        );
        // The result may have arrived already.
        self.collect_job_results();
    }

    /// Moves the results the worker has sent into `finished_jobs`, and
    /// queues the continuations that were waiting for them.
    fn collect_job_results(&mut self) {
        let Some(results) = &self.job_results else {
            return;
        };
        // Empty or disconnected: either way, nothing more has arrived.
        let arrived: Vec<_> = std::iter::from_fn(|| results.try_recv().ok()).collect();
        for (id, result) in arrived {
            match self.waiting_jobs.remove(&id) {
                Some(then) => self.post(move |lp| then(lp, result)),
                None => {
                    self.finished_jobs.insert(id, result);
                }
            }
        }
    }

    /// Simulated world: the result of job `id`, waiting on `mio` until the
    /// worker reports it.
    ///
    /// The loop calls this when the job's virtual time is up: the real work
    /// on the worker thread has usually long finished, and if not, the loop
    /// waits for it, so the order never depends on how fast the worker
    /// happened to be.
    pub(crate) fn take_job_result(&mut self, id: JobId) -> Result<(), Error> {
        let mut events = Events::with_capacity(8);
        loop {
            self.collect_job_results();
            if let Some(result) = self.finished_jobs.remove(&id) {
                return result;
            }
            if self.worker.as_ref().is_none_or(Worker::has_stopped) {
                return Err(worker_lost("the worker thread stopped"));
            }
            // Sleep until the worker wakes us. The timeout only guards
            // against a worker that died without waking us.
            let polled = self.poll.poll(&mut events, Some(Duration::from_secs(1)));
            if let Err(error) = polled
                && error.kind() != std::io::ErrorKind::Interrupted
            {
                return Err(worker_lost(&error.to_string()));
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
