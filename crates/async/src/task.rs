//! Tasks with names, so the trace can say which task did what.
//!
//! `tokio::spawn` gives a task no name on stable tokio. These wrappers put a
//! name (the trace's *lane*) into a task-local around the future; otherwise
//! they are exactly `tokio::spawn` and a plain future.

use crate::world::{LANE, current, try_current};
use std::future::Future;
use std::sync::atomic::Ordering;
use threeways_core::Lane;
use tokio::task::{JoinError, JoinHandle};

/// `future`, running under the lane `name` in the trace. Use it to name
/// tasks that are spawned some other way, such as into a `JoinSet`.
pub fn in_lane<F: Future>(name: &str, future: F) -> impl Future<Output = F::Output> + use<F> {
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
