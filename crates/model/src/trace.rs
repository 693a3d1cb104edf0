//! The trace: what a run did, when, and on which lane.
//!
//! Chapter code records *notes* (something happened at `t`) and the plumbing
//! of each style records *spans* (a wait or a computation from `t0` to `t1`).
//! A *lane* is whatever runs the code: a thread in the blocking style, a
//! callback chain on the event loop, a task in the async style.
//!
//! The text rendering is deterministic: events are ordered by time, and
//! events at the same time by the order they were recorded in. Under the
//! simulated world the styles record in a deterministic order, so the same
//! run gives the same bytes on every machine.

use crate::lock::lock;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The name of a thread, callback chain or task, as the trace shows it.
pub type Lane = Arc<str>;

/// What a span spent its time on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// Waiting for something other than this CPU: the network, the disk, a timer.
    Wait,
    /// Computing.
    Cpu,
}

/// Which clock the times come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Simulated time: waits advance a counter, not the wall clock.
    Virtual,
    /// Real time, as measured by the machine.
    Wall,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A line of text that chapter code wrote at a moment.
    Note {
        /// When, since the start of the run.
        at: Duration,
        /// Who wrote it.
        lane: Lane,
        /// What it says.
        text: String,
    },
    /// A stretch of time spent waiting or computing.
    Span {
        /// When it began, since the start of the run.
        start: Duration,
        /// When it ended.
        end: Duration,
        /// Who waited or computed.
        lane: Lane,
        /// What for, such as `fetch http://...`.
        label: String,
        /// Waiting or computing.
        kind: SpanKind,
    },
}

impl Event {
    /// The moment the event is listed at: a note's time, a span's start.
    pub fn at(&self) -> Duration {
        match self {
            Event::Note { at, .. } => *at,
            Event::Span { start, .. } => *start,
        }
    }

    /// What the event says, without time and lane: a note's text, or
    /// `[wait 120 ms] fetch http://...` for a span.
    pub fn describe(&self, clock: Clock) -> String {
        match self {
            Event::Note { text, .. } => text.clone(),
            Event::Span {
                start,
                end,
                label,
                kind,
                ..
            } => {
                let kind = match kind {
                    SpanKind::Wait => "wait",
                    SpanKind::Cpu => "cpu",
                };
                let took = format_ms(end.saturating_sub(*start), clock);
                format!("[{kind} {took} ms] {label}")
            }
        }
    }

    /// The lane the event happened on.
    pub fn lane(&self) -> &Lane {
        match self {
            Event::Note { lane, .. } | Event::Span { lane, .. } => lane,
        }
    }
}

/// A finished run's events, in time order, with its totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// Every note and span, ordered by time, then by recording order.
    pub events: Vec<Event>,
    /// How long the whole run took.
    pub total: Duration,
    /// Whether the times are virtual or wall-clock.
    pub clock: Clock,
    /// How many OS threads the run used.
    pub threads: usize,
}

/// A span of a trace, borrowed: what the judges, the tests and the
/// timeline read of a wait or a computation, without matching on [`Event`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanRef<'a> {
    /// When it began, since the start of the run.
    pub start: Duration,
    /// When it ended.
    pub end: Duration,
    /// Who waited or computed.
    pub lane: &'a Lane,
    /// What for, such as `fetch http://...`.
    pub label: &'a str,
    /// Waiting or computing.
    pub kind: SpanKind,
}

impl SpanRef<'_> {
    /// How long it lasted.
    pub fn took(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

impl Trace {
    /// The spans, in the trace's order; notes are left out.
    pub fn spans(&self) -> impl Iterator<Item = SpanRef<'_>> {
        self.events.iter().filter_map(|event| match event {
            Event::Span {
                start,
                end,
                lane,
                label,
                kind,
            } => Some(SpanRef {
                start: *start,
                end: *end,
                lane,
                label,
                kind: *kind,
            }),
            Event::Note { .. } => None,
        })
    }

    /// The waits (spans of [`SpanKind::Wait`]) whose label begins with
    /// `prefix`.
    pub fn waits<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = SpanRef<'a>> {
        self.spans()
            .filter(move |span| span.kind == SpanKind::Wait && span.label.starts_with(prefix))
    }

    /// One line per event, then a summary line that begins with `total:`.
    pub fn render_text(&self) -> String {
        let mut out = self.render_events();
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One line per event: time, lane, and what happened.
    pub fn render_events(&self) -> String {
        let times: Vec<String> = self
            .events
            .iter()
            .map(|e| format_ms(e.at(), self.clock))
            .collect();
        let time_width = times.iter().map(String::len).max().unwrap_or(0);
        let lane_width = self
            .events
            .iter()
            .map(|e| e.lane().chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (event, time) in self.events.iter().zip(&times) {
            let what = event.describe(self.clock);
            let lane = event.lane();
            writeln!(out, "{time:>time_width$} ms  {lane:<lane_width$}  {what}")
                .expect("writing to a String cannot fail");
        }
        out
    }

    /// The last line of the text: `total: 125 ms (virtual), 1 thread`.
    pub fn summary(&self) -> String {
        let clock = match self.clock {
            Clock::Virtual => "virtual",
            Clock::Wall => "wall",
        };
        let threads = match self.threads {
            1 => "1 thread".to_owned(),
            n => format!("{n} threads"),
        };
        let total = format_ms(self.total, self.clock);
        format!("total: {total} ms ({clock}), {threads}")
    }
}

/// Milliseconds as the trace shows them: whole numbers for virtual time when
/// they are whole, three decimals otherwise; one decimal for wall time.
pub fn format_ms(d: Duration, clock: Clock) -> String {
    let whole = d.as_nanos().is_multiple_of(1_000_000);
    match clock {
        Clock::Virtual if whole => d.as_millis().to_string(),
        Clock::Virtual => format!("{:.3}", d.as_secs_f64() * 1000.0),
        Clock::Wall => format!("{:.1}", d.as_secs_f64() * 1000.0),
    }
}

/// Collects events from every lane of a run. Cloning shares the recorder, so
/// threads and callbacks can all record into one trace.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// `None` for a recorder that is off: benchmarks measure the waiting,
    /// not the bookkeeping of a trace.
    inner: Option<Arc<Mutex<Recorded>>>,
    /// Who hears of each event as it is recorded, if anyone
    /// ([`Recorder::telling`]).
    live: Option<Live>,
    /// Whether the run's seams watch for a thread that blocks and note
    /// each block here ([`Recorder::watching_blocks`]).
    watches_blocks: bool,
}

/// Hears of each event the moment it is recorded: a note when written, a
/// span when it ends.
pub type Listener = Arc<dyn Fn(&Event) + Send + Sync>;

/// A recorder's [`Listener`].
#[derive(Clone)]
struct Live(Listener);

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Live")
    }
}

impl Default for Recorder {
    fn default() -> Recorder {
        Recorder {
            inner: Some(Arc::default()),
            live: None,
            watches_blocks: false,
        }
    }
}

#[derive(Debug, Default)]
struct Recorded {
    /// Events with the sequence number they were begun at.
    events: Vec<(u64, Event)>,
    next_seq: u64,
    /// The waits under way, by the sequence number they began at: the
    /// spans begun and not yet ended, and the waits the trace does not
    /// show ([`Recorder::unseen_wait`]). What a hang report names
    /// ([`Recorder::seal`]).
    waiting: std::collections::BTreeMap<u64, Waiting>,
    /// Set when the recording was sealed ([`Recorder::seal`], when the run
    /// was found hung): nothing is recorded after that, so that what the
    /// stopped lanes do as they are taken down cannot change the trace.
    sealed: bool,
}

/// A wait under way: who waits, and on what.
#[derive(Clone, Debug)]
struct Waiting {
    lane: Lane,
    what: WaitsOn,
    /// For a span, when it began and what kind it is: a hang ends it.
    span: Option<(Duration, SpanKind)>,
}

/// What a wait is on, as a hang report names it: words known when the
/// wait begins, or words learnt later, read when the report is written (a
/// join names its task, which a task learns from its span only when it is
/// first polled, perhaps after the join began).
#[derive(Clone)]
pub enum WaitsOn {
    /// Words known now.
    Now(String),
    /// Words to read when a hang report is written.
    Later(Arc<dyn Fn() -> String + Send + Sync>),
}

impl WaitsOn {
    /// The words, now.
    fn words(&self) -> String {
        match self {
            WaitsOn::Now(words) => words.clone(),
            WaitsOn::Later(words) => words(),
        }
    }
}

impl std::fmt::Debug for WaitsOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.words())
    }
}

impl From<String> for WaitsOn {
    fn from(words: String) -> WaitsOn {
        WaitsOn::Now(words)
    }
}

impl From<&str> for WaitsOn {
    fn from(words: &str) -> WaitsOn {
        WaitsOn::Now(words.to_owned())
    }
}

/// A wait the trace does not show, named in a hang report while it lasts:
/// what [`Recorder::unseen_wait`] returns. Dropping it ends the wait.
#[must_use = "the wait ends when this is dropped"]
#[derive(Debug)]
pub struct UnseenWait {
    recorder: Recorder,
    seq: Option<u64>,
}

impl Drop for UnseenWait {
    fn drop(&mut self) {
        if let (Some(seq), Some(mut recorded)) = (self.seq, self.recorder.lock()) {
            recorded.waiting.remove(&seq);
        }
    }
}

/// A place kept in a recorder's order for a note written later: what
/// [`Recorder::slot`] returns.
#[derive(Debug)]
pub struct Slot(u64);

/// A span that has begun and not yet ended. It keeps its place in the
/// recording order from the moment it began, so a wait is listed before what
/// other lanes did while it lasted.
#[must_use = "a span is only recorded when it is ended"]
#[derive(Debug)]
pub struct OpenSpan {
    seq: u64,
    start: Duration,
    lane: Lane,
    label: String,
    kind: SpanKind,
}

impl Recorder {
    /// A recorder with nothing in it.
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// A recorder with nothing in it that also tells `listener` of each
    /// event as it is recorded: the CLI gives one to a real run, so that a
    /// slow download shows its lines as they happen.
    pub fn telling(listener: Listener) -> Recorder {
        Recorder {
            live: Some(Live(listener)),
            ..Recorder::default()
        }
    }

    /// A recorder that records nothing, for benchmarks.
    pub fn off() -> Recorder {
        Recorder {
            inner: None,
            live: None,
            watches_blocks: false,
        }
    }

    /// A recorder with nothing in it, for a run whose seams watch for a
    /// thread that blocks (a poll, a callback, a `wake`) and note each
    /// block in it: how the exercises' checker runs a student's code
    /// (`threeways_sim::blocked`). The setting goes where the run goes,
    /// with the recorder every seam is handed already.
    pub fn watching_blocks() -> Recorder {
        Recorder {
            watches_blocks: true,
            ..Recorder::default()
        }
    }

    /// Whether the run's seams watch for a thread that blocks.
    pub fn watches_blocks(&self) -> bool {
        self.watches_blocks
    }

    /// Tells the live listener, if there is one.
    fn tell(&self, event: &Event) {
        if let Some(Live(listener)) = &self.live {
            listener(event);
        }
    }

    fn lock(&self) -> Option<std::sync::MutexGuard<'_, Recorded>> {
        let inner = self.inner.as_ref()?;
        Some(lock(inner))
    }

    /// Records a note at `at` on `lane`.
    pub fn note(&self, at: Duration, lane: &Lane, text: impl Into<String>) {
        let slot = self.slot();
        self.note_in(slot, at, lane, text);
    }

    /// Keeps a place in the recording order, now, for a note that may be
    /// written later ([`Recorder::note_in`]): the watch on a blocked thread
    /// (`crate::blocked`) knows only after a poll that it blocked, and its
    /// note belongs before what the poll recorded. A slot never written
    /// leaves no trace.
    pub fn slot(&self) -> Slot {
        Slot(self.lock().map_or(0, |mut recorded| {
            let seq = recorded.next_seq;
            recorded.next_seq += 1;
            seq
        }))
    }

    /// Records a note at `at` on `lane`, in the recording order at `slot`.
    pub fn note_in(&self, slot: Slot, at: Duration, lane: &Lane, text: impl Into<String>) {
        let Some(recorded) = self.lock() else {
            return;
        };
        if recorded.sealed {
            return;
        }
        let seq = slot.0;
        let event = Event::Note {
            at,
            lane: lane.clone(),
            text: text.into(),
        };
        drop(recorded);
        self.tell(&event);
        if let Some(mut recorded) = self.lock()
            && !recorded.sealed
        {
            recorded.events.push((seq, event));
        }
    }

    /// Begins a span at `start` on `lane`.
    pub fn begin(
        &self,
        start: Duration,
        lane: &Lane,
        label: impl Into<String>,
        kind: SpanKind,
    ) -> OpenSpan {
        let label = label.into();
        let seq = self.lock().map_or(0, |mut recorded| {
            let seq = recorded.next_seq;
            recorded.next_seq += 1;
            let waiting = Waiting {
                lane: lane.clone(),
                what: WaitsOn::Now(label.clone()),
                span: Some((start, kind)),
            };
            recorded.waiting.insert(seq, waiting);
            seq
        });
        OpenSpan {
            seq,
            start,
            lane: lane.clone(),
            label,
            kind,
        }
    }

    /// Ends a span at `end` and records it; a span that a hang has ended
    /// already is left as the hang ended it.
    pub fn end(&self, span: OpenSpan, end: Duration) {
        let event = Event::Span {
            start: span.start,
            end,
            lane: span.lane,
            label: span.label,
            kind: span.kind,
        };
        if let Some(mut recorded) = self.lock() {
            if recorded.sealed {
                return;
            }
            recorded.waiting.remove(&span.seq);
            recorded.events.push((span.seq, event.clone()));
        }
        self.tell(&event);
    }

    /// A wait of `lane` on `what` that the trace does not show as a span
    /// (a join, which would add a line to every program that joins), kept
    /// until the guard is dropped so that a hang report can name it.
    pub fn unseen_wait(&self, lane: &Lane, what: impl Into<WaitsOn>) -> UnseenWait {
        let seq = self.lock().map(|mut recorded| {
            let seq = recorded.next_seq;
            recorded.next_seq += 1;
            let waiting = Waiting {
                lane: lane.clone(),
                what: what.into(),
                span: None,
            };
            recorded.waiting.insert(seq, waiting);
            seq
        });
        UnseenWait {
            recorder: self.clone(),
            seq,
        }
    }

    /// Ends the recording at `at`, for good: each span under way ends
    /// there, `mark` added to its label; `report` is given every wait
    /// under way (its lane, and what it waits on, in the order they began)
    /// and the notes it returns are written on `lane`; nothing recorded
    /// after this counts, so that what the stopped lanes do as they are
    /// taken down cannot change the trace. A simulated world's hang report
    /// is written this way (`threeways_sim::hang::report`).
    pub fn seal(
        &self,
        at: Duration,
        lane: &Lane,
        mark: &str,
        report: impl FnOnce(&[(Lane, String)]) -> Vec<String>,
    ) {
        let Some(mut recorded) = self.lock() else {
            return;
        };
        if recorded.sealed {
            return;
        }
        let waiting = std::mem::take(&mut recorded.waiting);
        let waits: Vec<(Lane, String)> = waiting
            .values()
            .map(|wait| (wait.lane.clone(), wait.what.words()))
            .collect();
        for (seq, wait) in waiting {
            if let Some((start, kind)) = wait.span {
                let event = Event::Span {
                    start,
                    end: at,
                    lane: wait.lane,
                    label: format!("{} {mark}", wait.what.words()),
                    kind,
                };
                recorded.events.push((seq, event));
            }
        }
        for text in report(&waits) {
            let seq = recorded.next_seq;
            recorded.next_seq += 1;
            let event = Event::Note {
                at,
                lane: lane.clone(),
                text,
            };
            recorded.events.push((seq, event));
        }
        recorded.sealed = true;
    }

    /// The time of the last thing recorded: the latest note, span end or
    /// start of a wait under way. A world that finds its run hung only
    /// after its clock has jumped on (tokio's, to the next timer) dates the
    /// hang by this: nothing happened after it.
    pub fn latest(&self) -> Duration {
        let Some(recorded) = self.lock() else {
            return Duration::ZERO;
        };
        let events = recorded.events.iter().map(|(_, event)| match event {
            Event::Note { at, .. } => *at,
            Event::Span { end, .. } => *end,
        });
        let waits = recorded
            .waiting
            .values()
            .filter_map(|wait| wait.span.map(|(start, _)| start));
        events.chain(waits).max().unwrap_or_default()
    }

    /// Whether the recording was sealed ([`Recorder::seal`]).
    pub fn is_sealed(&self) -> bool {
        self.lock().is_some_and(|recorded| recorded.sealed)
    }

    /// Ends a span whose wait was abandoned at `end`: its future was
    /// dropped, or its thread stopped waiting. The label says so.
    pub fn end_cancelled(&self, mut span: OpenSpan, end: Duration) {
        span.label.push_str(" (cancelled)");
        self.end(span, end);
    }

    /// The trace of everything recorded so far.
    pub fn finish(&self, total: Duration, clock: Clock, threads: usize) -> Trace {
        let mut events = self.lock().map(|r| r.events.clone()).unwrap_or_default();
        events.sort_by_key(|(seq, event)| (event.at(), *seq));
        Trace {
            events: events.into_iter().map(|(_, event)| event).collect(),
            total,
            clock,
            threads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use threeways_test_support::ms;

    #[test]
    fn orders_by_time_then_by_when_recorded() {
        let rec = Recorder::new();
        let a: Lane = "a".into();
        let b: Lane = "b".into();
        let wait = rec.begin(ms(0), &a, "fetch x", SpanKind::Wait);
        rec.note(ms(0), &b, "b starts");
        rec.note(ms(120), &a, "a got x");
        rec.end(wait, ms(120));
        let text = rec.finish(ms(120), Clock::Virtual, 2).render_text();
        assert_eq!(
            text,
            "  0 ms  a  [wait 120 ms] fetch x\n  0 ms  b  b starts\n120 ms  a  a got x\n\
             total: 120 ms (virtual), 2 threads\n"
        );
    }

    #[test]
    fn spans_leave_notes_out_and_waits_pick_by_label() {
        let rec = Recorder::new();
        let a: Lane = "a".into();
        let fetch = rec.begin(ms(0), &a, "fetch x", SpanKind::Wait);
        let work = rec.begin(ms(0), &a, "fetch-like work", SpanKind::Cpu);
        rec.note(ms(10), &a, "fetch noted");
        rec.end(work, ms(10));
        rec.end(fetch, ms(30));
        let trace = rec.finish(ms(30), Clock::Virtual, 1);
        assert_eq!(trace.spans().count(), 2);
        let waits: Vec<_> = trace.waits("fetch").map(|span| span.label).collect();
        assert_eq!(waits, ["fetch x"]);
        assert_eq!(trace.waits("fetch").next().map(|s| s.took()), Some(ms(30)));
    }

    #[test]
    fn formats_times_by_clock() {
        assert_eq!(format_ms(ms(5), Clock::Virtual), "5");
        assert_eq!(
            format_ms(Duration::from_micros(1500), Clock::Virtual),
            "1.500"
        );
        assert_eq!(format_ms(Duration::from_micros(1540), Clock::Wall), "1.5");
    }
}
