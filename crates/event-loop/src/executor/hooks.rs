//! What the executor tells whoever watches its tasks, kept beside it rather
//! than woven through it: the [`Hooks`] it calls at each spawn, poll and
//! wake (tokio's task hooks are the same idea), and the two it is given:
//! [`Unwatched`], which does nothing, and [`InTheTrace`], which writes each
//! event into the run's trace (`--polls`, [`Polls::Shown`]).
//!
//! [`Polls::Shown`]: super::Polls::Shown

use crate::{EventLoop, Handle};
use std::time::Duration;
use threeways_model::trace::OpenSpan;
use threeways_model::{Lane, Recorder, SpanKind};

// ANCHOR: hooks
/// What the executor tells whoever watches its tasks, as tokio tells its
/// task hooks (`on_task_spawn`, `on_before_task_poll`,
/// `on_after_task_poll`). It works the same with no one watching.
pub(super) trait Hooks: Send + Sync {
    /// Something happened to the task on `lane`.
    fn task(&self, lane: &Lane, event: TaskEvent);

    /// A timer of the loop began holding a task's waker at `at`: the span
    /// to end when it lets go, if the hooks show timers.
    fn timer(&self, at: Duration, label: String) -> Option<OpenSpan>;
}

/// What happens to a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TaskEvent {
    /// It was spawned.
    Spawned,
    /// It is about to be polled.
    Polling,
    /// Its poll returned: `Ready` (`true`) or `Pending`.
    Polled(bool),
    /// It was woken, and will be polled again.
    Woken,
}
// ANCHOR_END: hooks

/// Hooks that do nothing: the trace shows what the program does, as on any
/// executor.
pub(super) struct Unwatched;

impl Hooks for Unwatched {
    fn task(&self, _: &Lane, _: TaskEvent) {}

    fn timer(&self, _: Duration, _: String) -> Option<OpenSpan> {
        None
    }
}

/// Hooks that write each event into the trace, at the loop's time: on the
/// task's lane, `spawned`, `poll`, `poll returns Pending` (or `Ready`) and
/// `woken`; on a lane of their own, `timers`, the time each timer holds a
/// task's waker.
pub(super) struct InTheTrace {
    recorder: Recorder,
    /// The loop's clock, read without borrowing the loop.
    handle: Handle,
}

/// The lane on which timers show the wakers they hold.
const TIMERS: &str = "timers";

impl InTheTrace {
    /// Hooks that write into the trace of `lp`'s run.
    pub(super) fn of(lp: &EventLoop) -> InTheTrace {
        InTheTrace {
            recorder: lp.recorder().clone(),
            handle: lp.handle(),
        }
    }
}

impl Hooks for InTheTrace {
    fn task(&self, lane: &Lane, event: TaskEvent) {
        let what = match event {
            TaskEvent::Spawned => "spawned",
            TaskEvent::Polling => "poll",
            TaskEvent::Polled(false) => "poll returns Pending",
            TaskEvent::Polled(true) => "poll returns Ready",
            TaskEvent::Woken => "woken",
        };
        self.recorder.note(self.handle.now(), lane, what);
    }

    fn timer(&self, at: Duration, label: String) -> Option<OpenSpan> {
        let span = self
            .recorder
            .begin(at, &TIMERS.into(), label, SpanKind::Wait);
        Some(span)
    }
}
