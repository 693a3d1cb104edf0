//! The loop's chains, and what it writes into the trace: a chain is a
//! trace's lane, the callbacks that one started and those they scheduled;
//! notes and spans go on the chain of the callback running now; and the
//! count of threads the trace ends with.
//!
//! A chain is named where real callback code names one: after the
//! `tracing` span current when its first callback was scheduled
//! (`info_span!("producer").in_scope(|| sleep(lp, ..))`). The loop carries
//! that span to every callback the chain schedules and enters it while
//! each runs, as context propagation does in real callback systems
//! (Node's `AsyncLocalStorage`, OpenTelemetry's context): a callback
//! scheduled inside it joins the chain, and one scheduled inside another
//! span starts a chain of that span. The run's subscriber
//! (`threeways_model::lanes`) says which lane a span names; with no span,
//! the chain is the one that scheduled it, `main` at first.

use crate::EventLoop;
use crate::event_loop::Callback;
use threeways_model::lanes::Lanes;
use threeways_model::trace::OpenSpan;
use threeways_model::{Lane, SpanKind};

impl EventLoop {
    /// The chain of the code running now: the innermost span it runs in,
    /// else the chain of the callback running.
    pub fn lane(&self) -> Lane {
        Lanes::current().unwrap_or_else(|| self.lane.clone())
    }

    /// `f` as a callback of the chain running now.
    pub(super) fn callback(&self, f: impl FnOnce(&mut EventLoop) + 'static) -> Callback {
        Callback::new(self.lane(), tracing::Span::current(), f)
    }

    /// Runs `callback` in its chain: on its lane, in its span.
    pub(super) fn run_in_chain(&mut self, callback: Callback) {
        self.lane = callback.lane().clone();
        match callback.span().cloned() {
            Some(span) => span.in_scope(|| self.run_watched(callback)),
            None => self.run_watched(callback),
        }
    }

    /// Records a note at the current time on the running callback's chain.
    pub fn note(&self, text: String) {
        self.recorder.note(self.now(), &self.lane(), text);
    }

    /// Begins a span of `kind` now, on the running callback's chain.
    pub fn begin_span(&self, label: String, kind: SpanKind) -> OpenSpan {
        self.recorder.begin(self.now(), &self.lane(), label, kind)
    }

    /// Ends `span` now.
    pub fn end_span(&self, span: OpenSpan) {
        self.recorder.end(span, self.now());
    }

    /// How many OS threads the loop has used: its own, and the worker's.
    pub fn thread_count(&self) -> usize {
        1 + usize::from(self.jobs.started())
    }
}
