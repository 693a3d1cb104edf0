//! A handle on the loop, for code that cannot borrow it: a future being
//! polled, a `Waker`, another thread.
//!
//! Callbacks get `&mut EventLoop`. A future does not: whoever polls it
//! holds the loop. So a future talks to the loop the way any outsider
//! does, by *posting* a callback for the loop to run next, and it reads the
//! loop's clock through a shared copy. That is all an executor's wakers
//! and timer futures need (`executor.rs`, `time.rs`). Python's asyncio has
//! the same door, `loop.call_soon_threadsafe`; tokio's is its `Handle`.
//!
//! A posted callback runs on the loop's thread, after the callback running
//! now (or, if the loop is asleep in the real world, as soon as the
//! `mio::Waker` wakes it). Its chain is the one it names, or, if it names
//! none, the chain of the callback that was running when it was posted.

use crate::EventLoop;
use crate::clock::LoopClock;
use crate::event_loop::Callback;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;
use threeways_core::Lane;
use threeways_core::lock::lock;

/// A callback posted through a handle: it may come from any thread.
pub(crate) struct Posted {
    /// The chain to run it on; `None` for the chain that posted it.
    pub(crate) lane: Option<Lane>,
    pub(crate) run: Box<dyn FnOnce(&mut EventLoop) + Send>,
}

/// What the loop shares with its handles.
struct Shared {
    posted: Mutex<VecDeque<Posted>>,
    clock: LoopClock,
    /// Ends the loop's sleep in `mio::Poll`, in the real world.
    poke: Arc<mio::Waker>,
    /// The loop's own thread, which need not be poked: it looks at the
    /// posted callbacks after each callback it runs.
    loop_thread: ThreadId,
}

/// A cheap, cloneable, `Send + Sync` way to reach a loop without borrowing
/// it. [`EventLoop::handle`] gives one.
#[derive(Clone)]
pub struct Handle {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").finish_non_exhaustive()
    }
}

impl Handle {
    /// A handle on a loop with `clock`, woken by `poke`, run by this thread.
    pub(crate) fn new(clock: LoopClock, poke: Arc<mio::Waker>) -> Handle {
        let shared = Shared {
            posted: Mutex::default(),
            clock,
            poke,
            loop_thread: thread::current().id(),
        };
        Handle {
            shared: Arc::new(shared),
        }
    }

    /// Runs `f` on the loop soon, on the chain of the callback running now.
    pub fn post(&self, f: impl FnOnce(&mut EventLoop) + Send + 'static) {
        self.push(None, Box::new(f));
    }

    /// Runs `f` on the loop soon, on the chain `lane`.
    pub fn post_on(&self, lane: Lane, f: impl FnOnce(&mut EventLoop) + Send + 'static) {
        self.push(Some(lane), Box::new(f));
    }

    fn push(&self, lane: Option<Lane>, run: Box<dyn FnOnce(&mut EventLoop) + Send>) {
        lock(&self.shared.posted).push_back(Posted { lane, run });
        let elsewhere = thread::current().id() != self.shared.loop_thread;
        if elsewhere && !self.shared.clock.is_virtual() {
            // If waking fails, the callback waits until the loop looks.
            let _ = self.shared.poke.wake();
        }
    }

    /// The loop's time since it started.
    pub fn now(&self) -> Duration {
        self.shared.clock.now()
    }

    /// Whether the loop's clock is virtual: the simulated world.
    pub fn is_simulated(&self) -> bool {
        self.shared.clock.is_virtual()
    }

    /// CPU work done outside a callback (in a future being polled): a
    /// virtual clock moves on by `cost` at once, as `cpu::compute` moves it
    /// in a callback. Timers due meanwhile run late, after this poll.
    pub fn charge_cpu(&self, cost: Duration) {
        self.shared.clock.advance(cost);
    }

    /// The callbacks posted so far, taken out, in the order they came.
    pub(crate) fn take_posted(&self) -> VecDeque<Posted> {
        std::mem::take(&mut *lock(&self.shared.posted))
    }
}

impl EventLoop {
    /// A handle on this loop, for code that cannot borrow it.
    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }

    /// Moves what was posted through the handle to the ready queue, on the
    /// chain each names or else the running callback's. The loop calls it
    /// after each callback, and before it looks for timers.
    pub(crate) fn take_posted(&mut self) {
        for posted in self.handle.take_posted() {
            let lane = posted.lane.unwrap_or_else(|| self.lane.clone());
            self.ready.push_back(Callback {
                lane,
                run: posted.run,
            });
        }
    }
}
