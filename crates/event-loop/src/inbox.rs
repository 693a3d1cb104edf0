//! The loop's inbox: callbacks posted from outside a callback (from a
//! future being polled, a `Waker`, another thread), waiting for the loop
//! to move them to its ready queue; and a shared copy of the loop's clock,
//! so that those outside can tell the time. `handle.rs` is the public door
//! to it, [`Handle`](crate::Handle).
//!
//! It holds a `P`, the loop's posted callback, so that it need not know
//! the loop (as `timers.rs` holds the loop's callbacks without knowing it).

use crate::clock::LoopClock;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;
use threeways_model::lock::lock;

/// Posted callbacks, and the clock, shared by the loop and its handles.
pub(crate) struct Inbox<P> {
    posted: Mutex<VecDeque<P>>,
    clock: LoopClock,
    /// Ends the loop's sleep in `mio::Poll`, in the real world.
    poke: Arc<mio::Waker>,
    /// The loop's own thread, which need not be poked: it looks in the
    /// inbox after each callback it runs.
    loop_thread: ThreadId,
}

impl<P> Inbox<P> {
    /// An empty inbox for a loop with `clock`, woken by `poke`, run by
    /// this thread.
    pub(crate) fn new(clock: LoopClock, poke: Arc<mio::Waker>) -> Inbox<P> {
        Inbox {
            posted: Mutex::default(),
            clock,
            poke,
            loop_thread: thread::current().id(),
        }
    }

    /// Queues `posted`, and wakes the loop if it may be asleep.
    pub(crate) fn push(&self, posted: P) {
        lock(&self.posted).push_back(posted);
        let elsewhere = thread::current().id() != self.loop_thread;
        if elsewhere && !self.clock.is_virtual() {
            // If waking fails, the callback waits until the loop looks.
            let _ = self.poke.wake();
        }
    }

    /// What was posted so far, taken out, in the order it came.
    pub(crate) fn take(&self) -> VecDeque<P> {
        std::mem::take(&mut *lock(&self.posted))
    }

    /// The loop's time since it started.
    pub(crate) fn now(&self) -> Duration {
        self.clock.now()
    }

    /// The loop's clock.
    pub(crate) fn clock(&self) -> &LoopClock {
        &self.clock
    }
}
