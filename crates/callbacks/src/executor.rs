//! The event loop becomes an executor: it runs futures, not only callbacks.
//!
//! A future cannot wait by itself. Asked "are you done?" (`poll`), it says
//! `Ready(value)`, or `Pending` after handing its `Waker` to whatever it
//! waits for: a timer of the loop (`time.rs`), a socket, another task. An
//! executor keeps the futures (as *tasks*) and polls each one when it is
//! woken, never in between. On our loop that takes very little:
//!
//! - a **task** is a future, a name, and a flag saying a poll is queued;
//! - its **waker** is a callback that requeues it: `wake` posts "poll this
//!   task" to the loop's ready queue, through the loop's [`Handle`];
//! - **`spawn`** makes a task and queues its first poll;
//! - **`block_on`** polls one future in place and runs the loop until that
//!   future's waker stops it, again and again until it is ready.
//!
//! The loop's timers and sockets already call callbacks when they are due
//! or ready; here those callbacks are wakers. So async/await on our
//! executor is the callback style, with the continuations written by the
//! compiler. Tokio's `current_thread` runtime is this design with a great
//! deal more care (a budget per task, a timer wheel, a driver for sockets,
//! `JoinHandle`s that abort): compare `bench scale`.
//!
//! With [`Polls::Shown`], the executor also writes each poll, its answer and
//! each wake into the trace: a future's life, seen.

use crate::{EventLoop, Handle};
use futures::channel::oneshot;
use futures::future::BoxFuture;
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;
use threeways_core::blocked;
use threeways_core::lock::lock;
use threeways_core::sim::{RUN_ON, STOPPED_LANE, stopped_note};
use threeways_core::trace::OpenSpan;
use threeways_core::{Lane, Recorder, SpanKind};

// ANCHOR: task
/// A future that the executor polls when it is woken, until it is done.
struct Task {
    /// The task's lane in the trace.
    name: Lane,
    /// The future; `None` once it has returned `Ready`.
    future: Mutex<Option<BoxFuture<'static, ()>>>,
    /// Whether a poll of it is on the loop's queue already.
    queued: AtomicBool,
    /// Whether it is being polled right now.
    running: AtomicBool,
    executor: Arc<Executor>,
}
// ANCHOR_END: task

// ANCHOR: wake
/// A task's `Waker`: waking it posts a callback, "poll this task", to the
/// loop. A waker is a callback that requeues a task, nothing more.
impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Woken twice before its next poll: one poll will see both.
        if !self.queued.swap(true, Ordering::AcqRel) {
            let (executor, name) = (Arc::clone(&self.executor), self.name.clone());
            let yielding = self.running.load(Ordering::Acquire);
            executor.requeue(&name, yielding, move || self.queue());
        }
    }
}

impl Task {
    /// Posts "poll this task" to the loop, on the task's lane.
    fn queue(self: Arc<Self>) {
        let handle = self.executor.handle.clone();
        handle.post_on(self.name.clone(), move |_| self.poll());
    }
}
// ANCHOR_END: wake

// ANCHOR: poll
impl Task {
    /// Polls the task once, with a waker that requeues it. The loop calls
    /// this, as a callback.
    fn poll(self: Arc<Self>) {
        self.queued.store(false, Ordering::Release);
        let waker = Waker::from(Arc::clone(&self));
        let mut slot = lock(&self.future);
        let Some(future) = slot.as_mut() else {
            return; // done already: a late wake
        };
        let poll = self.executor.poll(&self.name, &self.running, || {
            future.as_mut().poll(&mut Context::from_waker(&waker))
        });
        if poll.is_ready() {
            *slot = None; // the future is dropped here
            self.executor.alive.fetch_sub(1, Ordering::Relaxed);
        }
    }
}
// ANCHOR_END: poll

// ANCHOR: spawn
/// Starts `future` as a task called `name` and returns at once; the task's
/// first poll waits on the loop's queue. The handle is a one-shot channel
/// that the task sends its output on.
pub fn spawn<F>(name: &str, future: F) -> oneshot::Receiver<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    let task = Arc::new(Task {
        name: name.into(),
        future: Mutex::new(Some(Box::pin(async move {
            let _ = sender.send(future.await); // nobody may be listening
        }))),
        queued: AtomicBool::new(true),
        running: AtomicBool::new(false),
        executor: Executor::current(),
    });
    task.executor.spawned(&task.name);
    task.queue(); // new, so ready to be polled
    receiver
}
// ANCHOR_END: spawn

// ANCHOR: block_on
/// Runs `main` to its end on the loop, with every task it spawns, and
/// returns its output; `None` if the loop ran out of things to do first,
/// so that nothing could ever wake `main` again.
pub fn block_on<F: Future>(lp: &mut EventLoop, main: F) -> Option<F::Output> {
    let (executor, _entered) = Executor::current_or_enter(lp);
    let mut main = pin!(main); // it stays here, on this stack frame
    let woken = Arc::new(MainWaker {
        woken: AtomicBool::new(false),
        running: AtomicBool::new(false),
        executor: Arc::clone(&executor),
    });
    let waker = Waker::from(Arc::clone(&woken));
    loop {
        let poll = executor.poll(&"main".into(), &woken.running, || {
            main.as_mut().poll(&mut Context::from_waker(&waker))
        });
        if let Poll::Ready(output) = poll {
            return Some(output);
        }
        lp.run(); // until `main`'s waker stops it, or nothing is left to do
        if !woken.woken.swap(false, Ordering::AcqRel) {
            return None;
        }
    }
}

/// The waker of the future `block_on` polls: it stops the loop, so that
/// `block_on` polls the future again.
struct MainWaker {
    woken: AtomicBool,
    /// Whether `block_on` is polling the future right now.
    running: AtomicBool,
    executor: Arc<Executor>,
}

impl Wake for MainWaker {
    fn wake(self: Arc<Self>) {
        if !self.woken.swap(true, Ordering::AcqRel) {
            let handle = self.executor.handle.clone();
            let yielding = self.running.load(Ordering::Acquire);
            let stop = move || handle.post_on("main".into(), |lp| lp.stop());
            self.executor.requeue(&"main".into(), yielding, stop);
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: yield
impl Executor {
    /// Requeues a future that was woken with `queue`: now, or, if it woke
    /// itself while it was being polled (it yields, as `yield_now` does),
    /// once the timers due by now have had their turn. Otherwise a future
    /// that yields in a loop would keep every timer from firing. Tokio's
    /// `yield_now` waits the same way.
    fn requeue(&self, lane: &Lane, yielding: bool, queue: impl FnOnce() + Send + 'static) {
        self.see(lane, "woken");
        if yielding {
            self.handle.post(move |lp| {
                lp.set_timer(Duration::ZERO, move |_| queue());
            });
        } else {
            queue();
        }
    }
}
// ANCHOR_END: yield

/// Whether the executor writes its polls and wakes into the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polls {
    /// The trace shows what the program does, as on any executor.
    Hidden,
    /// The trace also shows each poll of a task, its answer, each wake,
    /// and each waker a timer keeps.
    Shown,
}

/// What the tasks of one executor share.
struct Executor {
    handle: Handle,
    /// Where polls and wakes are written, with [`Polls::Shown`].
    shown: Option<Recorder>,
    /// In the simulated world, where a poll that blocks the thread is
    /// noted (`threeways_core::blocked`).
    watched: Option<Recorder>,
    /// How many tasks have not finished.
    alive: AtomicUsize,
}

thread_local! {
    /// The executor running on this thread: where `spawn` puts tasks.
    static CURRENT: RefCell<Option<Arc<Executor>>> = const { RefCell::new(None) };
}

impl Executor {
    fn try_current() -> Option<Arc<Executor>> {
        CURRENT.with(|current| current.borrow().clone())
    }

    fn current() -> Arc<Executor> {
        Executor::try_current().expect("tasks are spawned inside executor::block_on")
    }

    /// The executor on this thread, or a new one on `lp`, set up until the
    /// guard (if any) is dropped.
    fn current_or_enter(lp: &EventLoop) -> (Arc<Executor>, Option<Entered>) {
        let entered = Executor::try_current()
            .is_none()
            .then(|| enter(lp, Polls::Hidden));
        (Executor::current(), entered)
    }

    /// Runs `poll` (one poll of the future of `lane`), with `running` set
    /// meanwhile, watched for a thread that blocks in the simulated world;
    /// with polls shown, writes it and its answer in the trace.
    fn poll<T>(
        &self,
        lane: &Lane,
        running: &AtomicBool,
        poll: impl FnOnce() -> Poll<T>,
    ) -> Poll<T> {
        self.see(lane, "poll");
        running.store(true, Ordering::Release);
        let answer = match &self.watched {
            Some(recorder) => {
                let at = self.handle.now();
                blocked::watch(recorder, || at, blocked::Place::Poll, lane, poll)
            }
            None => poll(),
        };
        running.store(false, Ordering::Release);
        self.see(
            lane,
            match answer {
                Poll::Pending => "poll returns Pending",
                Poll::Ready(_) => "poll returns Ready",
            },
        );
        answer
    }

    /// Counts a new task, and with polls shown, says so.
    fn spawned(&self, lane: &Lane) {
        self.alive.fetch_add(1, Ordering::Relaxed);
        self.see(lane, "spawned");
    }

    /// Writes `what` on `lane` at the loop's time, if polls are shown.
    fn see(&self, lane: &Lane, what: &str) {
        if let Some(recorder) = &self.shown {
            recorder.note(self.handle.now(), lane, what.to_owned());
        }
    }
}

/// Sets up an executor on `lp` for this thread, until the guard is
/// dropped: `block_on` inside it, and the loop run after it (the tasks
/// `main` left behind), share its tasks. `block_on` sets one up itself
/// when there is none.
pub fn enter(lp: &EventLoop, polls: Polls) -> Entered {
    let executor = Executor {
        handle: lp.handle(),
        shown: (polls == Polls::Shown).then(|| lp.recorder.clone()),
        watched: lp.clock.is_virtual().then(|| lp.recorder.clone()),
        alive: AtomicUsize::new(0),
    };
    let previous = CURRENT.with(|current| current.replace(Some(Arc::new(executor))));
    Entered { previous }
}

/// An executor set up by [`enter`]; dropping it puts back the one before.
pub struct Entered {
    previous: Option<Arc<Executor>>,
}

impl Entered {
    /// How many tasks have not finished.
    pub fn tasks_alive(&self) -> usize {
        Executor::current().alive.load(Ordering::Relaxed)
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|current| *current.borrow_mut() = previous);
    }
}

/// Begins a wait called `label` on `lane`, if the executor running on this
/// thread shows its polls: how a timer shows the waker it holds.
pub(crate) fn see_wait(lp: &EventLoop, lane: &str, label: String) -> Option<OpenSpan> {
    let executor = Executor::try_current()?;
    let recorder = executor.shown.as_ref()?;
    Some(recorder.begin(lp.now(), &lane.into(), label, SpanKind::Wait))
}

/// After `main` has returned: runs the loop on for the tasks it left
/// behind, until none is left or for at most [`RUN_ON`] (in the simulated
/// world), and says in the trace how many it stops then, as every
/// simulated world does (`threeways_core::sim`).
pub fn run_on(lp: &mut EventLoop, entered: &Entered) {
    lp.until = lp.now() + RUN_ON;
    lp.run();
    let alive = entered.tasks_alive();
    if alive > 0 && lp.clock.is_virtual() {
        lp.clock.advance(lp.until.saturating_sub(lp.now()));
        let what = match alive {
            1 => "1 task".to_owned(),
            n => format!("{n} tasks"),
        };
        let note = stopped_note(true, &what);
        lp.recorder.note(lp.now(), &STOPPED_LANE.into(), note);
    }
}

/// `waker`, its wakes watched for a thread that blocks, as wakes of
/// `lane`, in the simulated world (`threeways_core::blocked`): for the
/// tasks of an executor a student writes on our loop, whose `wake` is
/// theirs. Elsewhere, `waker` itself.
///
/// # Panics
/// Outside [`block_on`] or [`enter`].
pub fn watched(waker: &Waker, lane: &str) -> Waker {
    fn now() -> Duration {
        handle().now()
    }
    match &Executor::current().watched {
        Some(recorder) => blocked::watched_waker(waker, recorder, &lane.into(), now),
        None => waker.clone(),
    }
}

/// The handle of the loop the executor on this thread runs on.
///
/// # Panics
/// Outside [`block_on`]: the loop's futures are made by code it runs.
pub fn handle() -> Handle {
    Executor::current().handle.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Sleep;
    use std::time::Duration;
    use threeways_core::world::Mode;
    use threeways_core::{Clock, Scenario};

    const MS: fn(u64) -> Duration = Duration::from_millis;

    /// A fresh simulated loop, and what `main` made of it, as trace text.
    fn run_shown<T>(main: impl FnOnce() -> BoxFuture<'static, T>) -> (Option<T>, String) {
        let (net, disk) = Mode::Simulated.net_and_disk(&Scenario::default());
        let mut lp = EventLoop::new(net, disk, Recorder::new()).expect("a loop");
        let entered = enter(&lp, Polls::Shown);
        let output = block_on(&mut lp, main());
        lp.run();
        assert_eq!(entered.tasks_alive(), 0);
        let trace = lp.recorder.finish(lp.now(), Clock::Virtual, 1);
        (output, trace.render_text())
    }

    #[test]
    fn a_task_is_polled_when_it_starts_and_when_its_timer_wakes_it() {
        let (output, trace) = run_shown(|| {
            Box::pin(async {
                let other = spawn("other", async {
                    Sleep::new(MS(30)).await;
                    7
                });
                Sleep::new(MS(10)).await;
                other.await.expect("the task finished")
            })
        });
        assert_eq!(output, Some(7));
        let expected = [
            " 0 ms  main    poll",
            " 0 ms  other   spawned",
            " 0 ms  main    poll returns Pending",
            " 0 ms  other   poll",
            " 0 ms  other   poll returns Pending",
            " 0 ms  timers  [wait 10 ms] a timer holds main's waker",
            " 0 ms  timers  [wait 30 ms] a timer holds other's waker",
            "10 ms  main    woken",
            "10 ms  main    poll",
            "10 ms  main    poll returns Pending",
            "30 ms  other   woken",
            "30 ms  other   poll",
            "30 ms  main    woken",
            "30 ms  other   poll returns Ready",
            "30 ms  main    poll",
            "30 ms  main    poll returns Ready",
            "total: 30 ms (virtual), 1 thread",
        ];
        assert_eq!(trace.lines().collect::<Vec<_>>(), expected, "{trace}");
    }
}
