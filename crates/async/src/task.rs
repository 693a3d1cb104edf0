//! Tasks, as tokio has them: [`spawn`] returns a [`JoinHandle`], whose
//! `.await` gives `Result<T, JoinError>`; [`JoinSet`], [`spawn_blocking`],
//! [`spawn_local`] and [`yield_now`]; each with tokio's signature, so that
//! a lesson written against them compiles against tokio unchanged
//! (`crates/lift` does that).
//!
//! What they add is the world's: a task's lane in the trace is the
//! `tracing` span it runs in (`future.instrument(info_span!("ticker"))`,
//! what tokio-console reads), or `task-N` if it runs in none; awaiting a
//! task lets go of the CPU time used so far (`cpu_time.rs`), and a hang
//! report names the task awaited. On our executor (`world.rs`), [`spawn`]
//! and [`JoinSet`] put their tasks on it, and `abort` is
//! `futures::future::Abortable`'s; [`spawn_local`] is tokio's only, as it
//! needs tokio's `LocalSet`.

use crate::clock::RunClock;
use crate::world::{Task, World, current, in_world, lane, try_current};
use futures::channel::oneshot;
use futures::future::{AbortHandle as Abort, Abortable, Aborted, BoxFuture};
use futures::stream::{FuturesUnordered, StreamExt};
use futures::{FutureExt, ready};
use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use threeways_model::trace::{UnseenWait, WaitsOn};

/// `future`, run as `task` of `world`'s run: in its world whichever thread
/// polls it, letting go of its CPU time when it ends.
fn run_task<F: Future>(
    world: &Arc<World>,
    task: &Arc<Task>,
    future: F,
) -> impl Future<Output = F::Output> + use<F> {
    let done = Arc::clone(task);
    let body = async move {
        let output = future.await;
        // A task that ends lets go of the thread: its CPU time is done.
        if let Some(world) = try_current() {
            world.settle().await;
        }
        done.finish();
        output
    };
    in_world(Some(Arc::clone(world)), Arc::clone(task), body)
}

/// `tokio::spawn`: starts `future` as a task and returns at once; the
/// handle's `.await` waits for it. The task's lane is the span it runs
/// in, or `task-N`.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let world = current();
    let task = world.new_task();
    let running = run_task(&world, &task, future);
    let inner = if matches!(world.clock, RunClock::Loop(_)) {
        let (abort, registration) = Abort::new_pair();
        let running = Abortable::new(running, registration);
        let output = threeways_event_loop::executor::spawn(&task.name(), running);
        Inner::Ours { output, abort }
    } else {
        Inner::Tokio(tokio::spawn(running))
    };
    JoinHandle::new(inner, task, world)
}

/// `tokio::task::spawn_local`: a task that stays on this thread, so its
/// future need not be `Send`. It must run inside a `tokio::task::LocalSet`,
/// which keeps such tasks and polls them on the thread that runs it.
pub fn spawn_local<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let world = current();
    let task = world.new_task();
    let running = tokio::task::spawn_local(run_task(&world, &task, future));
    JoinHandle::new(Inner::Tokio(running), task, world)
}

/// `tokio::task::spawn_blocking`: runs `f` on tokio's pool of threads for
/// blocking work, so that this task's thread stays free for the others;
/// the handle's `.await` gives what `f` returns.
pub fn spawn_blocking<F, R>(f: F) -> JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let world = current();
    world.used_blocking_pool.store(true, Ordering::Relaxed);
    let waiting = Arc::clone(&world);
    let inner = if world.is_simulated() {
        // Simulated: `f` runs here and now, its CPU time charged to a lane
        // of its own; the handle is ready once that time is up.
        let (value, cost) = world.cpu.apart(f);
        let done_at = world.now() + cost;
        let output = async move {
            let left = done_at.saturating_sub(waiting.now());
            waiting
                .wait_for_time("spawn_blocking".to_owned(), left)
                .await;
            Ok(value)
        };
        let clock = Arc::clone(&world);
        Inner::Blocking {
            output: output.boxed(),
            finished: Box::new(move || clock.now() >= done_at),
        }
    } else if world.on_ours() {
        // Ours: the loop's worker thread, as the callback style's.
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&done);
        let job =
            threeways_event_loop::on_worker::on_worker(std::time::Duration::ZERO, move || {
                let value = f();
                flag.store(true, Ordering::Release);
                value
            });
        let output = async move {
            let value = waiting.wait_for_future("spawn_blocking".to_owned(), || job);
            Ok(value.await)
        };
        Inner::Blocking {
            output: output.boxed(),
            finished: Box::new(move || done.load(Ordering::Acquire)),
        }
    } else {
        let running = tokio::task::spawn_blocking(f);
        let finished = running.abort_handle();
        let output = async move {
            let joined = waiting.wait_for_future("spawn_blocking".to_owned(), || running);
            joined.await.map_err(JoinError::tokio)
        };
        Inner::Blocking {
            output: output.boxed(),
            finished: Box::new(move || finished.is_finished()),
        }
    };
    let mut handle = JoinHandle::new(inner, Task::named("blocking pool"), world);
    handle.named = false; // its wait is a span of its own
    handle
}

/// `tokio::task::yield_now`: lets the runtime run other tasks before this
/// one goes on.
pub async fn yield_now() {
    if let Some(world) = try_current() {
        world.settle().await;
    }
    tokio::task::yield_now().await;
}

/// A task, as `tokio::task::JoinHandle`: `.await` it for what the task
/// returned; dropping it leaves the task running.
pub struct JoinHandle<T> {
    inner: Inner<T>,
    task: Arc<Task>,
    world: Arc<World>,
    /// How far awaiting it has got.
    joining: Joining,
    /// Whether a hang report names a wait for it (a task of a set is
    /// awaited through the set, and a blocking job's wait is a span).
    named: bool,
}

/// Where a task runs, and how its output comes back.
enum Inner<T> {
    /// On tokio.
    Tokio(tokio::task::JoinHandle<T>),
    /// On our executor: its output on a channel, and its abort switch.
    Ours {
        output: oneshot::Receiver<Result<T, Aborted>>,
        abort: Abort,
    },
    /// Work on the blocking pool: its output when ready, and whether it is.
    Blocking {
        output: BoxFuture<'static, Result<T, JoinError>>,
        finished: Box<dyn Fn() -> bool + Send + Sync>,
    },
}

/// How far awaiting a task has got.
enum Joining {
    /// Not awaited yet.
    Start,
    /// Letting go of the CPU time used so far.
    Settling(BoxFuture<'static, ()>),
    /// Waiting, named in a hang report while the guard lasts.
    Waiting { _named: Option<UnseenWait> },
}

impl<T> JoinHandle<T> {
    fn new(inner: Inner<T>, task: Arc<Task>, world: Arc<World>) -> JoinHandle<T> {
        JoinHandle {
            inner,
            task,
            world,
            joining: Joining::Start,
            named: true,
        }
    }

    /// Asks the task to stop: it is dropped at its next `.await`, and its
    /// handle gives a cancelled [`JoinError`].
    pub fn abort(&self) {
        match &self.inner {
            Inner::Tokio(handle) => handle.abort(),
            Inner::Ours { abort, .. } => abort.abort(),
            Inner::Blocking { .. } => {} // as tokio's: blocking work runs on
        }
    }

    /// Whether the task has finished.
    pub fn is_finished(&self) -> bool {
        match &self.inner {
            Inner::Tokio(handle) => handle.is_finished(),
            Inner::Ours { .. } => self.task.is_finished(),
            Inner::Blocking { finished, .. } => finished(),
        }
    }
}

impl<T> Inner<T> {
    fn poll_output(&mut self, cx: &mut Context<'_>) -> Poll<Result<T, JoinError>> {
        match self {
            Inner::Tokio(handle) => handle.poll_unpin(cx).map_err(JoinError::tokio),
            Inner::Ours { output, .. } => match ready!(output.poll_unpin(cx)) {
                Ok(Ok(value)) => Poll::Ready(Ok(value)),
                // Aborted, or dropped with the executor when the run ended,
                // as tokio's runtime cancels the tasks left at shutdown.
                Ok(Err(Aborted)) | Err(oneshot::Canceled) => {
                    Poll::Ready(Err(JoinError(Repr::Cancelled)))
                }
            },
            Inner::Blocking { output, .. } => output.as_mut().poll(cx),
        }
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match &mut this.joining {
                Joining::Start => {
                    // Awaiting a task lets go of the thread: the CPU time
                    // used so far must be on the clock before another runs.
                    let world = Arc::clone(&this.world);
                    let settle = async move { world.settle().await };
                    this.joining = Joining::Settling(settle.boxed());
                }
                Joining::Settling(settle) => {
                    ready!(settle.as_mut().poll(cx));
                    let waiting = this.named.then(|| {
                        let task = Arc::clone(&this.task);
                        let what = move || format!("join {}", task.name());
                        let what = WaitsOn::Later(Arc::new(what));
                        this.world.recorder.unseen_wait(&lane(), what)
                    });
                    this.joining = Joining::Waiting { _named: waiting };
                }
                Joining::Waiting { .. } => break,
            }
        }
        let output = ready!(this.inner.poll_output(cx));
        this.joining = Joining::Waiting { _named: None }; // the wait is over
        Poll::Ready(output)
    }
}

impl<T> std::fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinHandle")
            .field("task", &self.task.name())
            .finish_non_exhaustive()
    }
}

/// Why a task gave back no value, as `tokio::task::JoinError`.
#[derive(Debug)]
pub struct JoinError(Repr);

#[derive(Debug)]
enum Repr {
    /// On tokio: it panicked, or was cancelled.
    Tokio(tokio::task::JoinError),
    /// On our executor: it was aborted, or the run ended first.
    Cancelled,
}

impl JoinError {
    fn tokio(error: tokio::task::JoinError) -> JoinError {
        JoinError(Repr::Tokio(error))
    }

    /// Whether the task was cancelled: aborted, or dropped with its
    /// runtime.
    pub fn is_cancelled(&self) -> bool {
        match &self.0 {
            Repr::Tokio(error) => error.is_cancelled(),
            Repr::Cancelled => true,
        }
    }

    /// Whether the task panicked.
    pub fn is_panic(&self) -> bool {
        matches!(&self.0, Repr::Tokio(error) if error.is_panic())
    }

    /// The task's panic, to go on with `std::panic::resume_unwind`.
    ///
    /// # Panics
    /// If the task did not panic, as tokio's does.
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        self.try_into_panic()
            .unwrap_or_else(|error| panic!("`JoinError` reason is not a panic: {error}"))
    }

    /// The task's panic, or this error if it did not panic.
    ///
    /// # Errors
    /// If the task did not panic: this error, given back.
    pub fn try_into_panic(self) -> Result<Box<dyn Any + Send + 'static>, JoinError> {
        match self.0 {
            Repr::Tokio(error) => error.try_into_panic().map_err(JoinError::tokio),
            Repr::Cancelled => Err(self),
        }
    }
}

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Tokio(error) => error.fmt(f),
            Repr::Cancelled => f.write_str("task was cancelled"),
        }
    }
}

impl std::error::Error for JoinError {}

/// `tokio::task::JoinSet`: a set of tasks, handed back as they finish.
/// Dropping the set aborts the tasks still in it.
pub struct JoinSet<T> {
    tasks: Tasks<T>,
}

/// A set's tasks, on tokio or on our executor.
enum Tasks<T> {
    Tokio(tokio::task::JoinSet<T>),
    Ours(FuturesUnordered<JoinHandle<T>>),
}

/// Aborts one task of a [`JoinSet`], as `tokio::task::AbortHandle`.
#[derive(Debug)]
pub struct AbortHandle(AbortOn);

#[derive(Debug)]
enum AbortOn {
    Tokio(tokio::task::AbortHandle),
    Ours(Abort),
}

impl AbortHandle {
    /// Asks the task to stop, as [`JoinHandle::abort`].
    pub fn abort(&self) {
        match &self.0 {
            AbortOn::Tokio(handle) => handle.abort(),
            AbortOn::Ours(abort) => abort.abort(),
        }
    }
}

impl<T: Send + 'static> JoinSet<T> {
    /// An empty set, for tasks of the run this is called in.
    pub fn new() -> JoinSet<T> {
        let on_ours = try_current().is_some_and(|world| matches!(world.clock, RunClock::Loop(_)));
        let tasks = if on_ours {
            Tasks::Ours(FuturesUnordered::new())
        } else {
            Tasks::Tokio(tokio::task::JoinSet::new())
        };
        JoinSet { tasks }
    }

    /// Spawns `future` as a task of the set, as [`spawn`] does. It starts
    /// at once.
    pub fn spawn<F>(&mut self, future: F) -> AbortHandle
    where
        F: Future<Output = T> + Send + 'static,
    {
        match &mut self.tasks {
            Tasks::Tokio(set) => {
                let world = current();
                let task = world.new_task();
                AbortHandle(AbortOn::Tokio(set.spawn(run_task(&world, &task, future))))
            }
            Tasks::Ours(set) => {
                let mut handle = spawn(future);
                handle.named = false; // awaited through the set
                let Inner::Ours { abort, .. } = &handle.inner else {
                    unreachable!("a set on our executor spawns on it");
                };
                let abort = AbortHandle(AbortOn::Ours(abort.clone()));
                set.push(handle);
                abort
            }
        }
    }

    /// Waits for the next task to finish and returns what it returned, or
    /// `None` if the set is empty.
    pub async fn join_next(&mut self) -> Option<Result<T, JoinError>> {
        // Awaiting lets go of the thread, as awaiting a task does.
        if let Some(world) = try_current() {
            world.settle().await;
        }
        match &mut self.tasks {
            Tasks::Tokio(set) => Some(set.join_next().await?.map_err(JoinError::tokio)),
            Tasks::Ours(set) => set.next().await,
        }
    }

    /// How many tasks are in the set.
    pub fn len(&self) -> usize {
        match &self.tasks {
            Tasks::Tokio(set) => set.len(),
            Tasks::Ours(set) => set.len(),
        }
    }

    /// Whether the set has no task.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Asks every task of the set to stop.
    pub fn abort_all(&mut self) {
        match &mut self.tasks {
            Tasks::Tokio(set) => set.abort_all(),
            Tasks::Ours(set) => set.iter().for_each(JoinHandle::abort),
        }
    }
}

impl<T: Send + 'static> Default for JoinSet<T> {
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}

impl<T> Drop for JoinSet<T> {
    /// The tasks still in the set are aborted, as tokio's set does.
    fn drop(&mut self) {
        if let Tasks::Ours(set) = &self.tasks {
            set.iter().for_each(JoinHandle::abort);
        }
    }
}

impl<T> std::fmt::Debug for JoinSet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinSet").finish_non_exhaustive()
    }
}
