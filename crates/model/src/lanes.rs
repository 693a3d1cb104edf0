//! Lanes named where real code names what runs: after a `tracing` span.
//!
//! A lesson never passes a trace name as an extra argument. A task gets
//! its name the way tokio-console reads one, from the span it runs in
//! (`future.instrument(info_span!("page", name = %page))`), and a chain of
//! callbacks from the span that was current when its first callback was
//! scheduled (`info_span!("producer").in_scope(|| ...)`). [`Lanes`] is the
//! small `tracing` subscriber that keeps those spans for a run: each
//! span's lane is the value of its first field if it has one (`news`),
//! else its name (`producer`). It records nothing else: a run's trace is
//! the recorder's, and the spans only name its lanes.
//!
//! A world installs one per run, as the default subscriber of whatever
//! thread runs the run's code (`tracing::dispatcher::with_default`, around
//! each poll of a task, around the event loop), and asks it which lane the
//! code running now is on ([`Lanes::current`]). This is plumbing: a
//! lesson only ever sees `tracing`'s own API.

use crate::lock::lock;
use crate::trace::Lane;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::thread::ThreadId;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::{Interest, Subscriber};
use tracing::{Dispatch, Event, Metadata};
use tracing_core::span::Current;

/// A run's spans, and which are entered on each thread: see the module's
/// doc.
#[derive(Debug, Default)]
pub struct Lanes {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Every span not yet closed, by its id.
    spans: HashMap<u64, Kept>,
    /// The last id given out.
    last_id: u64,
    /// What is entered on each thread, innermost last.
    entered: HashMap<ThreadId, Vec<Entered>>,
}

/// A span, as the run keeps it.
#[derive(Debug)]
struct Kept {
    lane: Lane,
    metadata: &'static Metadata<'static>,
    /// How many handles to it are alive.
    handles: usize,
}

/// Something entered on a thread.
#[derive(Debug)]
enum Entered {
    /// A span.
    Span(u64),
    /// A task being polled ([`Lanes::in_task`]): spans entered outside it
    /// name none of its lanes. `first` is the first span entered right
    /// inside it, the task's own.
    Task { first: Option<Lane> },
}

impl Lanes {
    /// A fresh subscriber for one run, ready to install.
    pub fn dispatch() -> Dispatch {
        Dispatch::new(Lanes::default())
    }

    /// The lane of the innermost span entered on this thread (inside the
    /// task being polled, if one is), if the default subscriber is a run's
    /// [`Lanes`] and a span is entered.
    pub fn current() -> Option<Lane> {
        tracing::dispatcher::get_default(|dispatch| {
            dispatch.downcast_ref::<Lanes>()?.current_lane()
        })
    }

    /// Runs `poll`, one poll of a task, under the default subscriber: the
    /// spans entered around it do not name the task's lanes. Returns what
    /// `poll` returned, and the lane of the first span entered right inside
    /// it: the task's own span, which names it.
    pub fn in_task<T>(poll: impl FnOnce() -> T) -> (T, Option<Lane>) {
        let dispatch = tracing::dispatcher::get_default(Dispatch::clone);
        let Some(lanes) = dispatch.downcast_ref::<Lanes>() else {
            return (poll(), None);
        };
        lanes.push(Entered::Task { first: None });
        /// Takes the task off the thread's stack, even if the poll panics.
        struct Leave<'a> {
            lanes: &'a Lanes,
            left: bool,
        }
        impl Leave<'_> {
            fn finish(mut self) -> Option<Lane> {
                self.left = true;
                self.lanes.pop_task()
            }
        }
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                if !self.left {
                    self.lanes.pop_task();
                }
            }
        }
        let leave = Leave { lanes, left: false };
        let value = poll();
        (value, leave.finish())
    }

    fn current_lane(&self) -> Option<Lane> {
        let state = lock(&self.state);
        let stack = state.entered.get(&std::thread::current().id())?;
        match stack.last()? {
            Entered::Span(id) => state.spans.get(id).map(|kept| kept.lane.clone()),
            Entered::Task { .. } => None,
        }
    }

    fn push(&self, entered: Entered) {
        let mut state = lock(&self.state);
        // The first span entered right inside a task names the task.
        let lane = match &entered {
            Entered::Span(id) => state.spans.get(id).map(|kept| kept.lane.clone()),
            Entered::Task { .. } => None,
        };
        let stack = state
            .entered
            .entry(std::thread::current().id())
            .or_default();
        if let (
            Some(Entered::Task {
                first: first @ None,
            }),
            Some(lane),
        ) = (stack.last_mut(), lane)
        {
            *first = Some(lane);
        }
        stack.push(entered);
    }

    /// Pops the innermost task off this thread's stack, and the spans
    /// entered in it that were never left (a poll that panicked); returns
    /// the task's first span's lane.
    fn pop_task(&self) -> Option<Lane> {
        let mut state = lock(&self.state);
        let thread = std::thread::current().id();
        let stack = state.entered.get_mut(&thread)?;
        let mut first = None;
        while let Some(entered) = stack.pop() {
            if let Entered::Task { first: lane } = entered {
                first = lane;
                break;
            }
        }
        if stack.is_empty() {
            state.entered.remove(&thread);
        }
        first
    }
}

/// Reads a span's lane: its first field's value.
#[derive(Default)]
struct FirstValue(Option<String>);

impl Visit for FirstValue {
    fn record_str(&mut self, _: &Field, value: &str) {
        self.0.get_or_insert_with(|| value.to_owned());
    }

    fn record_debug(&mut self, _: &Field, value: &dyn fmt::Debug) {
        if self.0.is_none() {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl Subscriber for Lanes {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if metadata.is_span() {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_span()
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut first = FirstValue::default();
        span.record(&mut first);
        let metadata = span.metadata();
        let lane: Lane = first.0.as_deref().unwrap_or(metadata.name()).into();
        let mut state = lock(&self.state);
        state.last_id += 1;
        let id = state.last_id;
        let kept = Kept {
            lane,
            metadata,
            handles: 1,
        };
        state.spans.insert(id, kept);
        Id::from_u64(id)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, span: &Id) {
        self.push(Entered::Span(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        let mut state = lock(&self.state);
        let thread = std::thread::current().id();
        let Some(stack) = state.entered.get_mut(&thread) else {
            return;
        };
        let id = span.into_u64();
        if let Some(at) = stack
            .iter()
            .rposition(|entered| matches!(entered, Entered::Span(s) if *s == id))
        {
            stack.remove(at);
        }
        if stack.is_empty() {
            state.entered.remove(&thread);
        }
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Some(kept) = lock(&self.state).spans.get_mut(&span.into_u64()) {
            kept.handles += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let mut state = lock(&self.state);
        let id = span.into_u64();
        let Some(kept) = state.spans.get_mut(&id) else {
            return false;
        };
        kept.handles -= 1;
        if kept.handles > 0 {
            return false;
        }
        state.spans.remove(&id);
        true
    }

    fn current_span(&self) -> Current {
        let state = lock(&self.state);
        let innermost = state
            .entered
            .get(&std::thread::current().id())
            .and_then(|stack| stack.last());
        match innermost {
            Some(Entered::Span(id)) => match state.spans.get(id) {
                Some(kept) => Current::new(Id::from_u64(*id), kept.metadata),
                None => Current::none(),
            },
            _ => Current::none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lanes;
    use tracing::info_span;

    fn lane() -> Option<String> {
        Lanes::current().map(|lane| lane.to_string())
    }

    #[test]
    fn a_span_names_its_lane_by_its_first_field_else_by_its_name() {
        tracing::dispatcher::with_default(&Lanes::dispatch(), || {
            assert_eq!(lane(), None);
            info_span!("ticker").in_scope(|| assert_eq!(lane().as_deref(), Some("ticker")));
            let page = "news";
            info_span!("page", name = %page, size = 3).in_scope(|| {
                assert_eq!(lane().as_deref(), Some("news"));
                // The innermost span entered names the lane.
                info_span!("inner").in_scope(|| assert_eq!(lane().as_deref(), Some("inner")));
                assert_eq!(lane().as_deref(), Some("news"));
            });
            assert_eq!(lane(), None);
        });
        // With no subscriber of a run's, no span names anything.
        info_span!("ticker").in_scope(|| assert_eq!(lane(), None));
    }

    #[test]
    fn a_task_is_named_by_the_first_span_it_enters_and_not_by_those_around_it() {
        tracing::dispatcher::with_default(&Lanes::dispatch(), || {
            info_span!("outside").in_scope(|| {
                let (seen, first) = Lanes::in_task(|| {
                    let before = lane();
                    info_span!("worker", name = "worker-1").in_scope(|| {
                        info_span!("nested").in_scope(|| {});
                    });
                    before
                });
                assert_eq!(seen, None, "the span around a task's poll is not its lane");
                assert_eq!(first.as_deref(), Some("worker-1"));
                assert_eq!(lane().as_deref(), Some("outside"));
            });
        });
    }

    #[test]
    fn a_span_handed_to_another_thread_keeps_its_lane_there() {
        let dispatch = Lanes::dispatch();
        let span = tracing::dispatcher::with_default(&dispatch, || info_span!("writer"));
        std::thread::scope(|threads| {
            threads.spawn(|| {
                tracing::dispatcher::with_default(&dispatch, || {
                    span.in_scope(|| assert_eq!(lane().as_deref(), Some("writer")));
                });
            });
        });
    }
}
