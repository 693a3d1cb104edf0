//! What the loop keeps until it runs it: a callback, its closure and the
//! chain (lane) it belongs to side by side in one box. One allocation a
//! callback, as in a bare loop of boxed closures: a waiting timer holds
//! nothing else of its own but its small entry (`timers.rs`).
//!
//! A callback takes an `L`, the loop, so that this file need not know the
//! loop (as `timers.rs` holds the loop's callbacks without knowing it).

use threeways_model::Lane;

/// A closure to run with `&mut L`, and the chain it belongs to.
pub(crate) struct Callback<L>(Box<dyn Continuation<L>>);

/// A closure that knows its chain: a [`Chained`], boxed.
trait Continuation<L> {
    fn lane(&self) -> &Lane;
    fn run(self: Box<Self>, lp: &mut L);
}

/// A closure and its chain, in one allocation.
struct Chained<F> {
    lane: Lane,
    run: F,
}

impl<L, F: FnOnce(&mut L)> Continuation<L> for Chained<F> {
    fn lane(&self) -> &Lane {
        &self.lane
    }

    fn run(self: Box<Self>, lp: &mut L) {
        (self.run)(lp);
    }
}

impl<L: 'static> Callback<L> {
    /// `run`, on the chain `lane`.
    pub(crate) fn new(lane: Lane, run: impl FnOnce(&mut L) + 'static) -> Callback<L> {
        Callback(Box::new(Chained { lane, run }))
    }

    /// The chain it belongs to.
    pub(crate) fn lane(&self) -> &Lane {
        self.0.lane()
    }

    /// Runs it, with the loop.
    pub(crate) fn run(self, lp: &mut L) {
        self.0.run(lp);
    }
}
