//! Tasks with names, so the trace can say which task did what.
//!
//! `tokio::spawn` gives a task no name on stable tokio. These wrappers put a
//! name (the trace's *lane*) into a task-local around the future; otherwise
//! they are exactly `tokio::spawn` and a plain future.

use crate::world::LANE;
use std::future::Future;
use threeways_core::Lane;
use tokio::task::JoinHandle;

/// `future`, running under the lane `name` in the trace. Use it to name
/// tasks that are spawned some other way, such as into a `JoinSet`.
pub fn in_lane<F: Future>(name: &str, future: F) -> impl Future<Output = F::Output> + use<F> {
    LANE.scope(Lane::from(name), future)
}

/// `tokio::spawn`, with the task called `name` in the trace.
pub fn spawn<F>(name: &str, future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(in_lane(name, future))
}
