//! What the loop keeps until it runs it: a callback, its closure and its
//! chain (the lane, and the `tracing` span it runs in, if any) side by side
//! in one box. One allocation a callback, as in a bare loop of boxed
//! closures: a waiting timer holds nothing else of its own but its small
//! entry (`timers.rs`).
//!
//! A callback takes an `L`, the loop, so that this file need not know the
//! loop (as `timers.rs` holds the loop's callbacks without knowing it).

use threeways_model::Lane;
use tracing::Span;

/// A closure to run with `&mut L`, and the chain it belongs to.
pub(crate) struct Callback<L>(Box<dyn Continuation<L>>);

/// A closure that knows its chain: a [`Chained`], boxed.
trait Continuation<L> {
    fn chain(&self) -> &Chain;
    fn run(self: Box<Self>, lp: &mut L);
}

/// A closure and its chain, in one allocation.
struct Chained<F> {
    chain: Chain,
    run: F,
}

/// A chain: its lane, and the span its callbacks run in. Most callbacks
/// have no span (a run without a `tracing` subscriber has none at all),
/// and a span is 40 bytes, so it is boxed with its lane when there is one,
/// and a chain is the size of a lane either way.
enum Chain {
    Lane(Lane),
    InSpan(Box<(Lane, Span)>),
}

impl<L, F: FnOnce(&mut L)> Continuation<L> for Chained<F> {
    fn chain(&self) -> &Chain {
        &self.chain
    }

    fn run(self: Box<Self>, lp: &mut L) {
        (self.run)(lp);
    }
}

impl<L: 'static> Callback<L> {
    /// `run`, on the chain `lane`, in `span` (which may be none).
    pub(crate) fn new(lane: Lane, span: Span, run: impl FnOnce(&mut L) + 'static) -> Callback<L> {
        let chain = if span.is_none() {
            Chain::Lane(lane)
        } else {
            Chain::InSpan(Box::new((lane, span)))
        };
        Callback(Box::new(Chained { chain, run }))
    }

    /// The lane of its chain.
    pub(crate) fn lane(&self) -> &Lane {
        match self.0.chain() {
            Chain::Lane(lane) => lane,
            Chain::InSpan(both) => &both.0,
        }
    }

    /// The span it runs in, if it has one.
    pub(crate) fn span(&self) -> Option<&Span> {
        match self.0.chain() {
            Chain::Lane(_) => None,
            Chain::InSpan(both) => Some(&both.1),
        }
    }

    /// Runs it, with the loop.
    pub(crate) fn run(self, lp: &mut L) {
        self.0.run(lp);
    }
}
