//! The loop's chains, and what it writes into the trace: a chain is a
//! trace's lane, the callbacks that one started and those they scheduled;
//! notes and spans go on the chain of the callback running now; and the
//! count of threads the trace ends with.

use crate::EventLoop;
use threeways_model::trace::OpenSpan;
use threeways_model::{Lane, SpanKind};

impl EventLoop {
    /// The chain the running callback belongs to.
    pub fn lane(&self) -> &Lane {
        &self.lane
    }

    /// Runs `f` now as the start of a new chain called `lane`: callbacks it
    /// schedules belong to that chain, as a thread's calls belong to it.
    pub fn start_chain(&mut self, lane: &str, f: impl FnOnce(&mut EventLoop)) {
        let outer = std::mem::replace(&mut self.lane, lane.into());
        f(self);
        self.lane = outer;
    }

    /// Records a note at the current time on the running callback's chain.
    pub fn note(&self, text: String) {
        self.recorder.note(self.now(), self.lane(), text);
    }

    /// Begins a span of `kind` now, on the running callback's chain.
    pub fn begin_span(&self, label: String, kind: SpanKind) -> OpenSpan {
        self.recorder.begin(self.now(), self.lane(), label, kind)
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
