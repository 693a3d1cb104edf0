//! What the executor tells whoever watches its tasks, kept beside it rather
//! than woven through it: the [`Hooks`] it calls at each spawn, poll and
//! wake (tokio's task hooks are the same idea), and the two it is given:
//! [`Unwatched`], which does nothing, and [`InTheTrace`], which writes each
//! event into the run's trace (`--polls`, [`Polls::Shown`]).
//!
//! [`Polls::Shown`]: super::Polls::Shown

use crate::{EventLoop, Handle};
use std::sync::Mutex;
use std::task::Waker;
use std::time::Duration;
use threeways_model::lock::lock;
use threeways_model::trace::OpenSpan;
use threeways_model::{Lane, Recorder, SpanKind};
use threeways_sim::blocked::{self, Place};

// ANCHOR: hooks
/// What the executor tells whoever watches its tasks, as tokio tells its
/// task hooks (`on_task_spawn`, `on_before_task_poll`,
/// `on_after_task_poll`). It works the same with no one watching.
pub(super) trait Hooks: Send + Sync {
    /// Something happened to the task on `lane`.
    fn task(&self, lane: &Lane, event: TaskEvent);

    /// A timer or a socket of the loop began holding a task's waker at
    /// `at`: the span to end when it lets go, if the hooks show them.
    fn holds_waker(&self, holder: Holder, at: Duration, label: String) -> Option<OpenSpan>;

    /// The loop's poller did something for a task at `at`: a socket was
    /// registered with it, or it said a socket is ready.
    fn poller(&self, _at: Duration, _what: String) {}

    /// The waker to hand to a task on `lane` that the executor does not
    /// poll itself (an executor a student writes on the loop): `waker`,
    /// or one whose wakes the hooks see.
    fn waker(&self, waker: &Waker, _lane: &Lane) -> Waker {
        waker.clone()
    }
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

/// What holds a task's waker, on the loop's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holder {
    /// A timer (`time.rs`).
    Timer,
    /// A socket registered with the poller (`net.rs`).
    Socket,
}
// ANCHOR_END: hooks

/// Hooks that do nothing: the trace shows what the program does, as on any
/// executor.
pub(super) struct Unwatched;

impl Hooks for Unwatched {
    fn task(&self, _: &Lane, _: TaskEvent) {}

    fn holds_waker(&self, _: Holder, _: Duration, _: String) -> Option<OpenSpan> {
        None
    }
}

/// Hooks that write each event into the trace, at the loop's time: on the
/// task's lane, `spawned`, `poll`, `poll returns Pending` (or `Ready`) and
/// `woken`; on lanes of their own, `timers` and `sockets`, the time each
/// timer or socket holds a task's waker, and what the poller says.
pub(super) struct InTheTrace {
    recorder: Recorder,
    /// The loop's clock, read without borrowing the loop.
    handle: Handle,
}

/// The lane on which timers show the wakers they hold.
const TIMERS: &str = "timers";

/// The lane on which sockets show the wakers they hold, and the poller
/// what it does.
const SOCKETS: &str = "sockets";

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

    fn holds_waker(&self, holder: Holder, at: Duration, label: String) -> Option<OpenSpan> {
        let lane = match holder {
            Holder::Timer => TIMERS,
            Holder::Socket => SOCKETS,
        };
        Some(self.recorder.begin(at, &lane.into(), label, SpanKind::Wait))
    }

    fn poller(&self, at: Duration, what: String) {
        self.recorder.note(at, &SOCKETS.into(), what);
    }
}

/// `inner`, and in the simulated world a watch on each poll for a thread
/// that blocks (`threeways_sim::blocked`): a poll never needs the
/// operating system to wait there, so a poll that does is noted in the
/// trace, before whatever it recorded.
pub(super) fn watched_for_blocks(lp: &EventLoop, inner: Box<dyn Hooks>) -> Box<dyn Hooks> {
    if !lp.is_simulated() {
        return inner;
    }
    Box::new(WatchedForBlocks {
        inner,
        recorder: lp.recorder().clone(),
        handle: lp.handle(),
        polls: Mutex::default(),
    })
}

/// Hooks that watch each poll for a thread that blocks, and tell `inner`
/// everything.
struct WatchedForBlocks {
    inner: Box<dyn Hooks>,
    recorder: Recorder,
    handle: Handle,
    /// The watches of the polls under way, the innermost last.
    polls: Mutex<Vec<Option<blocked::Watch>>>,
}

impl Hooks for WatchedForBlocks {
    fn task(&self, lane: &Lane, event: TaskEvent) {
        match event {
            TaskEvent::Polling => {
                self.inner.task(lane, event);
                let watch = blocked::begin(&self.recorder, Place::Poll, lane);
                lock(&self.polls).push(watch);
            }
            TaskEvent::Polled(_) => {
                if let Some(Some(watch)) = lock(&self.polls).pop() {
                    watch.end(self.handle.now());
                }
                self.inner.task(lane, event);
            }
            TaskEvent::Spawned | TaskEvent::Woken => self.inner.task(lane, event),
        }
    }

    fn holds_waker(&self, holder: Holder, at: Duration, label: String) -> Option<OpenSpan> {
        self.inner.holds_waker(holder, at, label)
    }

    fn poller(&self, at: Duration, what: String) {
        self.inner.poller(at, what);
    }

    fn waker(&self, waker: &Waker, lane: &Lane) -> Waker {
        let handle = self.handle.clone();
        blocked::watched_waker(waker, &self.recorder, lane, move || handle.now())
    }
}
