//! Tasks with names, so the trace can say which task did what.
//!
//! `tokio::spawn` gives a task no name on stable tokio. [`spawn`] and
//! [`JoinSet::spawn`] take one, as `std::thread::spawn` does in the
//! blocking style, and put it (the trace's *lane*) into a task-local around
//! the future; otherwise they are exactly tokio's.

use crate::world::{LANE, current, try_current};
use std::future::Future;
use std::sync::atomic::Ordering;
use threeways_core::Lane;
use tokio::task::{JoinError, JoinHandle};

/// `future`, running under the lane `name` in the trace, and letting go of
/// its CPU time when it ends.
fn in_lane<F: Future>(name: &str, future: F) -> impl Future<Output = F::Output> + use<F> {
    LANE.scope(Lane::from(name), async {
        let output = future.await;
        // A task that ends lets go of the thread: its CPU time is done.
        if let Some(world) = try_current() {
            world.settle().await;
        }
        output
    })
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
    let handle: JoinHandle<F::Output> = tokio::spawn(in_lane(name, future));
    async move {
        // Awaiting the task lets go of the thread: CPU time used so far
        // must be on the clock before any other task runs.
        if let Some(world) = try_current() {
            world.settle().await;
        }
        handle.await
    }
}

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
        self.tasks.join_next().await
    }
}

impl<T: Send + 'static> Default for JoinSet<T> {
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}
