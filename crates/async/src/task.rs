//! Tasks with names, so the trace can say which task did what.
//!
//! `tokio::spawn` gives a task no name on stable tokio. [`spawn`] and
//! [`JoinSet::spawn`] take one, as `std::thread::spawn` does in the
//! blocking style, and put it (the trace's *lane*) into a task-local around
//! the future; otherwise they are exactly tokio's. On our executor
//! (`world.rs`), [`spawn`] is its `spawn`; `JoinSet` is tokio's only.

use crate::clock::RunClock;
use crate::world::{LANE, current, in_world, lane, try_current};
use futures::future::Either;
use std::any::Any;
use std::future::Future;
use std::sync::atomic::Ordering;
use threeways_model::Lane;

/// `future`, running under the lane `name` in the trace, in this run's
/// world whichever thread polls it, and letting go of its CPU time when it
/// ends.
fn in_lane<F: Future>(name: &str, future: F) -> impl Future<Output = F::Output> + use<F> {
    in_world(
        name,
        LANE.scope(Lane::from(name), async {
            let output = future.await;
            // A task that ends lets go of the thread: its CPU time is done.
            if let Some(world) = try_current() {
                world.settle().await;
            }
            output
        }),
    )
}

/// Awaits `handle`, the task called `name`, as the running task: first
/// letting go of the CPU time it used, and named in a hang report while it
/// waits.
async fn join<T>(name: String, handle: impl Future<Output = T>) -> T {
    let world = try_current();
    // Awaiting the task lets go of the thread: CPU time used so far
    // must be on the clock before any other task runs.
    if let Some(world) = &world {
        world.settle().await;
    }
    let _waiting = world.map(|world| world.recorder.unseen_wait(&lane(), format!("join {name}")));
    handle.await
}

/// `tokio::task::yield_now`: lets the runtime run other tasks before this
/// one goes on.
pub async fn yield_now() {
    if let Some(world) = try_current() {
        world.settle().await;
    }
    tokio::task::yield_now().await;
}

/// `tokio::task::spawn_blocking`, awaited: runs `f` on tokio's pool of
/// threads for blocking work, so this task's thread stays free for the
/// others, and returns what `f` returns.
pub async fn spawn_blocking<T, F>(f: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let world = current();
    world.settle().await;
    world.used_blocking_pool.store(true, Ordering::Relaxed);
    if world.is_simulated() {
        // Simulated: run `f` here, charge its CPU time to a lane of its own,
        // and let this task wait that long.
        let (value, cost) = world.cpu.apart(f);
        world.wait_for_time("spawn_blocking".to_owned(), cost).await;
        return value;
    }
    let running = tokio::task::spawn_blocking(f);
    let joined = world
        .wait_for_future("spawn_blocking".to_owned(), || running)
        .await;
    joined.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
}

/// `tokio::spawn`, with the task called `name` in the trace. The task
/// starts at once; the returned future waits for it, like tokio's
/// `JoinHandle`.
pub fn spawn<F>(
    name: &str,
    future: F,
) -> impl Future<Output = Result<F::Output, JoinError>> + use<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let on_ours = try_current().is_some_and(|world| matches!(world.clock, RunClock::Loop(_)));
    let handle = if on_ours {
        let handle = threeways_event_loop::executor::spawn(name, in_lane(name, future));
        Either::Left(async { handle.await.map_err(|_| JoinError::Stopped) })
    } else {
        let handle = tokio::spawn(in_lane(name, future));
        Either::Right(async { handle.await.map_err(JoinError::Tokio) })
    };
    join(name.to_owned(), handle)
}

/// `tokio::task::spawn_local`, with the task called `name` in the trace:
/// a task that stays on this thread, so its future need not be `Send`.
/// It must run inside a `tokio::task::LocalSet`, which keeps such tasks
/// and polls them on the thread that runs it; tokio only, not our
/// executor.
pub fn spawn_local<F>(
    name: &str,
    future: F,
) -> impl Future<Output = Result<F::Output, JoinError>> + use<F>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let handle = tokio::task::spawn_local(in_lane(name, future));
    join(name.to_owned(), async {
        handle.await.map_err(JoinError::Tokio)
    })
}

/// Why a task gave back no value.
#[derive(Debug)]
pub enum JoinError {
    /// On tokio: the task panicked, or was aborted.
    Tokio(tokio::task::JoinError),
    /// On our executor: the run ended before the task did.
    Stopped,
}

impl JoinError {
    /// Whether the task panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self, JoinError::Tokio(error) if error.is_panic())
    }

    /// The task's panic, to go on with `std::panic::resume_unwind`.
    ///
    /// # Panics
    /// If the task did not panic.
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        match self {
            JoinError::Tokio(error) => error.into_panic(),
            JoinError::Stopped => panic!("the task did not panic: the run ended first"),
        }
    }
}

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JoinError::Tokio(error) => error.fmt(f),
            JoinError::Stopped => f.write_str("the run ended before the task did"),
        }
    }
}

impl std::error::Error for JoinError {}

/// `tokio::task::JoinSet`, whose tasks have names in the trace: a set of
/// tasks, handed back as they finish.
#[derive(Debug)]
pub struct JoinSet<T> {
    tasks: tokio::task::JoinSet<T>,
}

impl<T: Send + 'static> JoinSet<T> {
    /// An empty set.
    pub fn new() -> JoinSet<T> {
        JoinSet {
            tasks: tokio::task::JoinSet::new(),
        }
    }

    /// Spawns `future` as a task of the set, called `name` in the trace,
    /// like [`spawn`]. It starts at once.
    pub fn spawn<F>(&mut self, name: &str, future: F)
    where
        F: Future<Output = T> + Send + 'static,
    {
        self.tasks.spawn(in_lane(name, future));
    }

    /// Waits for the next task to finish and returns what it returned, or
    /// `None` if the set is empty. Dropping the set aborts the tasks still
    /// in it.
    pub async fn join_next(&mut self) -> Option<Result<T, JoinError>> {
        // Awaiting lets go of the thread, as in `spawn`.
        if let Some(world) = try_current() {
            world.settle().await;
        }
        let joined = self.tasks.join_next().await?;
        Some(joined.map_err(JoinError::Tokio))
    }
}

impl<T: Send + 'static> Default for JoinSet<T> {
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}
