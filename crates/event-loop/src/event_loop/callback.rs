//! What the loop keeps until it runs it: a callback, a closure and the
//! chain it belongs to in one box. One allocation a callback, as in a bare
//! loop of boxed closures: a waiting timer holds nothing else of its own
//! but its entry (`timers.rs`).

use crate::EventLoop;
use threeways_model::Lane;

/// What the loop runs: a continuation, and the chain (lane) it belongs to,
/// in one box, so that a waiting callback costs one allocation, as in a
/// bare loop of boxed closures.
pub(super) struct Callback(pub(super) Box<dyn Continuation>);

/// A continuation that knows its chain: [`Chained`], boxed.
pub(super) trait Continuation {
    fn lane(&self) -> &Lane;
    fn run(self: Box<Self>, lp: &mut EventLoop);
}

/// A closure and its chain, side by side in one allocation.
struct Chained<F> {
    lane: Lane,
    run: F,
}

impl<F: FnOnce(&mut EventLoop)> Continuation for Chained<F> {
    fn lane(&self) -> &Lane {
        &self.lane
    }

    fn run(self: Box<Self>, lp: &mut EventLoop) {
        (self.run)(lp);
    }
}

impl Callback {
    /// `run`, on the chain `lane`.
    pub(super) fn new(lane: Lane, run: impl FnOnce(&mut EventLoop) + 'static) -> Callback {
        Callback(Box::new(Chained { lane, run }))
    }
}
