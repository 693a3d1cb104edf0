//! The event loop: a queue of callbacks ready to run, and what makes them
//! ready: timers (`timers.rs`), sockets (`sockets.rs`) and jobs done on the
//! worker thread (`worker.rs`).
//!
//! One thread runs everything. A callback runs to its end; nothing interrupts
//! it. When no callback is ready, the loop waits for the next event. In the
//! **simulated** world nothing real is pending, so the virtual clock jumps
//! straight to the earliest timer: ten seconds of waits take microseconds,
//! in one order only. In the **real** world the loop asks `mio` to sleep
//! until a socket is ready, the worker wakes it, or a timer is due.
//!
//! This is the shape of libuv (Node.js), Python's asyncio loop and Twisted's
//! reactor, cut down to what the chapters use (in production: one of those,
//! or `calloop` in Rust), with a virtual clock so that the book's outputs are
//! exact, and an inbox for what cannot borrow it (`inbox.rs`, `handle.rs`).
//! The files in `event_loop/` are the rest of its public surface; only they
//! see its fields.

mod handle;
mod offload;
mod trace;
mod watch;
mod world;

use crate::clock::LoopClock;
use crate::inbox::Inbox;
use crate::sockets::{Sockets, WAKE};
use crate::timers::{TimerId, Timers};
use crate::worker::Jobs;
use mio::event::{Event, Source};
use mio::{Events, Interest, Token};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use threeways_model::{Lane, Recorder};
use threeways_world::{Disk, Net};

pub use handle::Handle;

/// What the loop runs: a continuation, and the chain it belongs to: its
/// lane, and the `tracing` span it runs in (`event_loop/trace.rs`).
type Callback = crate::callback::Callback<EventLoop>;

/// A callback posted from outside one, and the chain it names, if any.
type Posted = (Option<Lane>, Box<dyn FnOnce(&mut EventLoop) + Send>);

/// What the loop calls when a watched socket is ready. It returns whether
/// to keep watching.
pub type OnReady = Box<dyn FnMut(&mut EventLoop, &Event) -> bool>;

/// A single-threaded event loop. Every continuation gets `&mut EventLoop`,
/// so it can start the next step.
pub struct EventLoop {
    /// Virtual or real; CPU work in a callback moves a virtual one on.
    clock: LoopClock,
    ready: VecDeque<Callback>,
    /// Callbacks posted from outside one, waiting to join `ready`.
    inbox: Arc<Inbox<Posted>>,
    /// Set by [`EventLoop::stop`]: `run` returns after this callback.
    stopped: bool,
    timers: Timers<Callback>,
    sockets: Sockets<OnReady>,
    /// Real world: jobs on the worker thread, and what runs when each is done.
    jobs: Jobs<Callback>,
    /// The lane of the callback running now (see `event_loop/trace.rs`).
    lane: Lane,
    recorder: Recorder,
    net: Net,
    disk: Disk,
    /// No timer due after this runs: the simulated world's limit (`world.rs`).
    until: Duration,
}

impl EventLoop {
    /// A loop at time zero, with nothing to do yet, that fetches from
    /// `net`, writes to `disk` and records into `recorder`. Its clock is
    /// virtual when `net` is simulated, and the wall clock otherwise.
    pub fn new(net: Net, disk: Disk, recorder: Recorder) -> std::io::Result<EventLoop> {
        let clock = LoopClock::start(matches!(net, Net::Simulated(_)));
        let sockets = Sockets::new()?;
        let poke = Arc::new(sockets.waker()?);
        Ok(EventLoop {
            inbox: Arc::new(Inbox::new(clock.clone(), Arc::clone(&poke))),
            clock,
            ready: VecDeque::new(),
            stopped: false,
            timers: Timers::default(),
            jobs: Jobs::new(poke),
            sockets,
            lane: "main".into(),
            recorder,
            net,
            disk,
            until: Duration::MAX,
        })
    }

    /// The loop's time since it started.
    pub fn now(&self) -> Duration {
        self.clock.now()
    }

    /// Runs `f` soon, after the callback running now, on the current chain.
    pub fn post(&mut self, f: impl FnOnce(&mut EventLoop) + 'static) {
        self.ready.push_back(self.callback(f));
    }

    /// Runs `f` after `delay`, on the current chain. Returns at once.
    pub fn set_timer(&mut self, delay: Duration, f: impl FnOnce(&mut Self) + 'static) -> TimerId {
        self.timers.set(self.now() + delay, self.callback(f))
    }

    /// Makes sure the timer `id` will not run, if it has not run yet.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.timers.cancel(id);
    }

    /// Watches `source`: the loop calls `on_ready`, on the current chain,
    /// each time it is ready, until it returns `false`.
    pub fn watch(
        &mut self,
        source: &mut impl Source,
        interest: Interest,
        on_ready: OnReady,
    ) -> std::io::Result<Token> {
        self.sockets.watch(source, interest, on_ready)
    }

    /// Stops watching the source registered as `token`.
    pub fn unwatch(&mut self, source: &mut impl Source, token: Token) {
        self.sockets.unwatch(source, token);
    }

    /// Makes `run` return after the running callback (asyncio's `loop.stop`).
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Runs callbacks until none is ready and nothing is pending (no timer,
    /// socket or job out on the worker thread, or none due before the
    /// limit, [`EventLoop::set_limit`]), or until a callback calls `stop`.
    pub fn run(&mut self) {
        let mut events = Events::with_capacity(256);
        loop {
            self.take_posted();
            // The timers of this turn first, straight from the heap, then
            // the callbacks queued meanwhile.
            while let Some(callback) = self.timers.pop_due().or_else(|| self.ready.pop_front()) {
                self.run_in_chain(callback); // watched for a thread that blocks
                self.take_posted();
                if std::mem::take(&mut self.stopped) {
                    return;
                }
            }
            let next_timer = self.timers.next_deadline().filter(|at| *at <= self.until);
            let idle = self.sockets.is_empty() && self.jobs.is_empty();
            match (&self.clock, next_timer) {
                // Nothing is ready and nothing real is pending: jump to the
                // earliest timer.
                (LoopClock::Virtual(_), Some(at)) => self.clock.move_to(at),
                (LoopClock::Virtual(_), None) => break,
                (LoopClock::Real(_), None) if idle => break,
                (LoopClock::Real(_), _) => {
                    let timeout = next_timer.map(|at| at.saturating_sub(self.now()));
                    self.sockets.wait(&mut events, timeout);
                    self.dispatch(&events);
                }
            }
            self.timers.begin_turn(self.now());
        }
    }

    /// Runs the handlers of the sockets that are ready, and queues the
    /// continuations of the jobs that are done.
    fn dispatch(&mut self, events: &Events) {
        for event in events {
            if event.token() == WAKE {
                self.ready.extend(self.jobs.done());
            } else if let Some(mut on_ready) = self.sockets.take(event.token())
                && on_ready(self, event)
            {
                self.sockets.keep(event.token(), on_ready);
            }
        }
    }
}
