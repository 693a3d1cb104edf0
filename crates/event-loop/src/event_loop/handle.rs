//! A handle on the loop, for code that cannot borrow it: a future being
//! polled, a `Waker`, another thread.
//!
//! Callbacks get `&mut EventLoop`. A future does not: whoever polls it
//! holds the loop. So a future talks to the loop the way any outsider
//! does, by *posting* a callback for the loop to run next, and it reads the
//! loop's clock through a shared copy (`inbox.rs`). That is all an
//! executor's wakers and timer futures need (`executor.rs`, `time.rs`).
//! Python's asyncio has the same door, `loop.call_soon_threadsafe`;
//! tokio's is its `Handle`.
//!
//! A posted callback runs on the loop's thread, after the callback running
//! now (or, if the loop is asleep in the real world, as soon as the
//! `mio::Waker` wakes it). Its chain is the one it names, or, if it names
//! none, the chain of the callback that was running when it was posted.

use super::{Callback, Posted};
use crate::EventLoop;
use crate::inbox::Inbox;
use std::sync::Arc;
use std::time::Duration;
use threeways_model::Lane;

/// A cheap, cloneable, `Send + Sync` way to reach a loop without borrowing
/// it. [`EventLoop::handle`] gives one.
#[derive(Clone)]
pub struct Handle {
    inbox: Arc<Inbox<Posted>>,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").finish_non_exhaustive()
    }
}

impl Handle {
    /// Runs `f` on the loop soon, on the chain of the callback running now.
    pub fn post(&self, f: impl FnOnce(&mut EventLoop) + Send + 'static) {
        self.inbox.push((None, Box::new(f)));
    }

    /// Runs `f` on the loop soon, on the chain `lane`.
    pub fn post_on(&self, lane: Lane, f: impl FnOnce(&mut EventLoop) + Send + 'static) {
        self.inbox.push((Some(lane), Box::new(f)));
    }

    /// The loop's time since it started.
    pub fn now(&self) -> Duration {
        self.inbox.now()
    }

    /// CPU work done outside a callback (in a future being polled): a
    /// virtual clock moves on by `cost` at once, as `cpu::compute` moves it
    /// in a callback. Timers due meanwhile run late, after this poll.
    pub fn charge_cpu(&self, cost: Duration) {
        self.inbox.clock().advance(cost);
    }
}

impl EventLoop {
    /// A handle on this loop, for code that cannot borrow it.
    pub fn handle(&self) -> Handle {
        Handle {
            inbox: Arc::clone(&self.inbox),
        }
    }

    /// Moves what was posted through a handle to the ready queue, on the
    /// chain each names or else the running callback's. The loop calls it
    /// after each callback, and before it looks for timers.
    pub(super) fn take_posted(&mut self) {
        for (lane, run) in self.inbox.take() {
            let lane = lane.unwrap_or_else(|| self.lane.clone());
            let span = tracing::Span::none();
            self.ready.push_back(Callback::new(lane, span, run));
        }
    }
}
