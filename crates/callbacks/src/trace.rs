//! How the callback style writes into the trace: `note!` for chapter code,
//! the spans that fetches, writes, sleeps and CPU work record, and the
//! count of threads the trace ends with.

use crate::EventLoop;
use threeways_core::SpanKind;
use threeways_core::trace::OpenSpan;

impl EventLoop {
    /// Records a note at the current time on the running callback's chain.
    pub fn note(&self, text: String) {
        self.recorder.note(self.now(), self.lane(), text);
    }

    /// Begins a span of `kind` now, on the running callback's chain.
    pub(crate) fn begin_span(&self, label: String, kind: SpanKind) -> OpenSpan {
        self.recorder.begin(self.now(), self.lane(), label, kind)
    }

    /// Ends `span` now.
    pub(crate) fn end_span(&self, span: OpenSpan) {
        self.recorder.end(span, self.now());
    }

    /// How many OS threads the loop has used: its own, and the worker's.
    pub fn thread_count(&self) -> usize {
        1 + usize::from(self.jobs.started())
    }
}

/// Writes a line into the trace on the loop's current chain, with `format!`
/// arguments: `note!(lp, "saving {url} as {filename}")`.
#[macro_export]
macro_rules! note {
    ($lp:expr, $($arg:tt)*) => {
        $crate::EventLoop::note($lp, ::std::format!($($arg)*))
    };
}
