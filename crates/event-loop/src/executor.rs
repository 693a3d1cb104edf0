//! The event loop becomes an executor: it runs futures, not only callbacks.
//!
//! A future cannot wait by itself. Asked "are you done?" (`poll`), it says
//! `Ready(value)`, or `Pending` after handing its `Waker` to whatever it
//! waits for: a timer of the loop (`time.rs`), a socket, another task. An
//! executor keeps the futures (as *tasks*) and polls each one when it is
//! woken, never in between. On our loop that takes very little:
//!
//! - a **task** is its future, two flags (a poll is queued; it is being
//!   polled), its name, and the executor that owns it;
//! - its **waker** is a callback that requeues it: `wake` posts "poll this
//!   task" to the loop's ready queue, through the loop's [`Handle`];
//! - **`spawn`** makes a task, hands it to the executor, and queues its
//!   first poll;
//! - **`block_on`** polls one future in place and runs the loop until that
//!   future's waker stops it, again and again until it is ready;
//! - the **executor owns its tasks**: when it ends, it drops those that
//!   never finished, as tokio's runtime does when it shuts down.
//!
//! The loop's timers and sockets already call callbacks when they are due
//! or ready; here those callbacks are wakers. So async/await on our
//! executor is the callback style, with the continuations written by the
//! compiler. Tokio's `current_thread` runtime is this design with a great
//! deal more care (a budget per task, a timer wheel, a driver for sockets,
//! `JoinHandle`s that abort): compare `bench scale`.
//!
//! The anchored parts are the lesson (`book/src/under-the-hood.md` shows
//! them, and `tests/it/executors.rs` holds their size to what the page
//! says). What the lesson does not need stays below them, or in
//! `executor/hooks.rs`: what the executor tells whoever watches its tasks,
//! and the hooks that write each poll and wake into the trace, with
//! [`Polls::Shown`].

mod hooks;

use crate::{EventLoop, Handle};
use futures::channel::oneshot;
use futures::future::BoxFuture;
use hooks::{Holder, Hooks, TaskEvent};
use slab::Slab;
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;
use threeways_model::Lane;
use threeways_model::lock::lock;
use threeways_model::trace::OpenSpan;
use threeways_sim::{RUN_ON, STOPPED_LANE, stopped_note};

// ANCHOR: task
/// A future that the executor polls when it is woken, until it is done.
struct Task {
    /// The future; `None` once it has returned `Ready`, or once the
    /// executor has ended and dropped it.
    future: Mutex<Option<BoxFuture<'static, ()>>>,
    /// Whether a poll of it is on the loop's queue already.
    queued: AtomicBool,
    /// Whether it is being polled right now: a wake then is a yield.
    polling: AtomicBool,
    /// Its name: the lane it runs on in the trace.
    name: Lane,
    /// Its place among the executor's tasks.
    id: usize,
    /// The executor that owns it.
    executor: Arc<Executor>,
}
// ANCHOR_END: task

// ANCHOR: executor
/// What the tasks of one executor share: the loop, and the tasks.
struct Executor {
    /// The loop they run on, reached without borrowing it.
    handle: Handle,
    /// Every task that has not finished, each in a place of its own. The
    /// executor owns them: a task that waits for ever is otherwise owned
    /// only by the wakers it holds itself, and would never be dropped.
    tasks: Mutex<Slab<Arc<Task>>>,
    /// Told of each spawn, poll and wake (see [`Hooks`]).
    hooks: Box<dyn Hooks>,
    /// The last task's name: tasks spawned in a loop share one copy.
    last_name: Mutex<Option<Lane>>,
}

thread_local! {
    /// The executor running on this thread, where `spawn` puts tasks: the
    /// context every runtime keeps (tokio's `Handle::current`).
    static CURRENT: RefCell<Option<Arc<Executor>>> = const { RefCell::new(None) };
}

impl Executor {
    fn current() -> Arc<Executor> {
        let current = CURRENT.with(|current| current.borrow().clone());
        current.expect("no executor is set up on this thread: see executor::enter")
    }
}
// ANCHOR_END: executor

// ANCHOR: wake
/// A task's `Waker`: waking it posts a callback, "poll this task", to the
/// loop. A waker is a callback that requeues a task, nothing more.
impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Woken twice before its next poll: one poll will see both.
        if !self.queued.swap(true, Ordering::AcqRel) {
            self.executor.hooks.task(&self.name, TaskEvent::Woken);
            let yielding = self.polling.load(Ordering::Acquire);
            let executor = Arc::clone(&self.executor);
            executor.requeue(yielding, move || self.queue());
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
            return; // done, or dropped: a late wake
        };
        let poll = self.executor.poll(&self.name, &self.polling, || {
            future.as_mut().poll(&mut Context::from_waker(&waker))
        });
        if poll.is_ready() {
            *slot = None; // the future is dropped here
            lock(&self.executor.tasks).remove(self.id);
        }
    }
}

impl Executor {
    /// Runs `poll`, one poll of the future on `lane`, with `polling` set
    /// meanwhile, and tells the hooks before and after.
    fn poll<T>(
        &self,
        lane: &Lane,
        polling: &AtomicBool,
        poll: impl FnOnce() -> Poll<T>,
    ) -> Poll<T> {
        self.hooks.task(lane, TaskEvent::Polling);
        polling.store(true, Ordering::Release);
        let answer = poll();
        polling.store(false, Ordering::Release);
        self.hooks.task(lane, TaskEvent::Polled(answer.is_ready()));
        answer
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
    let executor = Executor::current();
    let mut tasks = lock(&executor.tasks);
    let place = tasks.vacant_entry(); // the executor owns every task
    let task = Arc::new(Task {
        future: Mutex::new(Some(Box::pin(async move {
            let _ = sender.send(future.await); // nobody may be listening
        }))),
        queued: AtomicBool::new(true),
        polling: AtomicBool::new(false),
        name: executor.name(name),
        id: place.key(),
        executor: Arc::clone(&executor),
    });
    place.insert(Arc::clone(&task));
    drop(tasks);
    executor.hooks.task(&task.name, TaskEvent::Spawned);
    task.queue(); // new, so ready to be polled
    receiver
}
// ANCHOR_END: spawn

// ANCHOR: block_on
/// Runs `main` to its end on the loop, with every task it spawns, on the
/// executor set up on this thread ([`enter`]), and returns its output;
/// `None` if the loop ran out of things to do first, so that nothing could
/// ever wake `main` again.
///
/// # Panics
/// With no executor set up on this thread.
pub fn block_on<F: Future>(lp: &mut EventLoop, main: F) -> Option<F::Output> {
    let executor = Executor::current();
    let mut main = pin!(main); // it stays here, on this stack frame
    let woken = Arc::new(MainWaker {
        woken: AtomicBool::new(false),
        polling: AtomicBool::new(false),
        executor: Arc::clone(&executor),
    });
    let waker = Waker::from(Arc::clone(&woken));
    loop {
        let poll = executor.poll(&"main".into(), &woken.polling, || {
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
    polling: AtomicBool,
    executor: Arc<Executor>,
}

impl Wake for MainWaker {
    fn wake(self: Arc<Self>) {
        if !self.woken.swap(true, Ordering::AcqRel) {
            self.executor.hooks.task(&"main".into(), TaskEvent::Woken);
            let handle = self.executor.handle.clone();
            let yielding = self.polling.load(Ordering::Acquire);
            let stop = move || handle.post_on("main".into(), |lp| lp.stop());
            self.executor.requeue(yielding, stop);
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: yield
impl Executor {
    /// Requeues a future that was woken, with `queue`: now, or, if it woke
    /// itself while it was being polled (it yields, as `yield_now` does),
    /// once the timers due by now have had their turn. Otherwise a future
    /// that yields in a loop would keep every timer from firing. Tokio's
    /// `yield_now` waits the same way.
    fn requeue(&self, yielding: bool, queue: impl FnOnce() + Send + 'static) {
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

// ANCHOR: shut_down
impl Executor {
    /// Ends the executor: drops every task that has not finished, and so
    /// what its future holds, as tokio's runtime does when it shuts down.
    /// A task that waits for something it holds itself (a channel's
    /// sender, say) would otherwise keep itself alive for ever.
    fn shut_down(&self) {
        let unfinished = std::mem::take(&mut *lock(&self.tasks));
        for (_, task) in unfinished {
            let future = lock(&task.future).take();
            // Dropped here, with no lock held: dropping may wake others.
            drop(future);
        }
    }
}
// ANCHOR_END: shut_down

impl Executor {
    /// `name` as a lane: the last task's, if it had the same name.
    fn name(&self, name: &str) -> Lane {
        let mut last = lock(&self.last_name);
        match &*last {
            Some(lane) if **lane == *name => Arc::clone(lane),
            _ => Arc::clone(last.insert(name.into())),
        }
    }
}

/// Whether the executor writes its polls and wakes into the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polls {
    /// The trace shows what the program does, as on any executor.
    Hidden,
    /// The trace also shows each poll of a task, its answer, each wake,
    /// and each waker a timer keeps.
    Shown,
}

/// Sets up an executor on `lp` for this thread, until the guard is
/// dropped: [`block_on`] inside it, and the loop run after it (the tasks
/// `main` left behind), share its tasks. Dropping the guard ends the
/// executor, and drops the tasks that have not finished.
pub fn enter(lp: &EventLoop, polls: Polls) -> Entered {
    let hooks: Box<dyn Hooks> = match polls {
        Polls::Hidden => Box::new(hooks::Unwatched),
        Polls::Shown => Box::new(hooks::InTheTrace::of(lp)),
    };
    // In the simulated world, a poll that blocks the thread is noted.
    let hooks = hooks::watched_for_blocks(lp, hooks);
    let executor = Arc::new(Executor {
        handle: lp.handle(),
        tasks: Mutex::default(),
        hooks,
        last_name: Mutex::default(),
    });
    let previous = CURRENT.with(|current| current.replace(Some(Arc::clone(&executor))));
    Entered { executor, previous }
}

/// An executor set up by [`enter`]. Dropping it ends the executor, and
/// puts back the one that ran on this thread before.
pub struct Entered {
    executor: Arc<Executor>,
    previous: Option<Arc<Executor>>,
}

impl Entered {
    /// How many tasks have not finished.
    pub fn tasks_alive(&self) -> usize {
        lock(&self.executor.tasks).len()
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|current| *current.borrow_mut() = previous);
        self.executor.shut_down();
    }
}

/// With polls shown, begins the span of a timer that holds a waker from
/// `at`, called `label`: how a timer shows the waker it holds.
pub(crate) fn timer_holds_waker(at: Duration, label: String) -> Option<OpenSpan> {
    let executor = CURRENT.with(|current| current.borrow().clone())?;
    executor.hooks.holds_waker(Holder::Timer, at, label)
}

/// With polls shown, begins the span of a socket that holds a waker from
/// `at`, called `label` (`net.rs`).
pub(crate) fn socket_holds_waker(at: Duration, label: String) -> Option<OpenSpan> {
    let executor = CURRENT.with(|current| current.borrow().clone())?;
    executor.hooks.holds_waker(Holder::Socket, at, label)
}

/// With polls shown, notes what the loop's poller did at `at`: a socket
/// registered, or ready (`net.rs`).
pub(crate) fn poller_note(at: Duration, what: String) {
    if let Some(executor) = CURRENT.with(|current| current.borrow().clone()) {
        executor.hooks.poller(at, what);
    }
}

/// After `main` has returned: runs the loop on for the tasks it left
/// behind, until none is left or for at most [`RUN_ON`] (in the simulated
/// world), and says in the trace how many it stops then, as every
/// simulated world does (`threeways_sim`).
pub fn run_on(lp: &mut EventLoop, entered: &Entered) {
    lp.set_limit(lp.now() + RUN_ON);
    lp.run();
    let alive = entered.tasks_alive();
    if alive > 0 && lp.is_simulated() {
        lp.jump_to_limit();
        let what = match alive {
            1 => "1 task".to_owned(),
            n => format!("{n} tasks"),
        };
        let note = stopped_note(true, &what);
        lp.recorder().note(lp.now(), &STOPPED_LANE.into(), note);
    }
}

/// `waker`, its wakes watched for a thread that blocks, as wakes of
/// `lane`, in the simulated world (`threeways_sim::blocked`): for the
/// tasks of an executor a student writes on our loop, whose `wake` is
/// theirs. Elsewhere, `waker` itself.
///
/// # Panics
/// Outside [`block_on`] or [`enter`].
pub fn watched(waker: &Waker, lane: &str) -> Waker {
    Executor::current().hooks.waker(waker, &lane.into())
}

/// The handle of the loop the executor on this thread runs on.
///
/// # Panics
/// With no executor set up on this thread ([`enter`]): the loop's futures
/// are made by code it runs.
pub fn handle() -> Handle {
    Executor::current().handle.clone()
}

#[cfg(test)]
mod tests;
