//! Threads, as chapter code uses them: `spawn`, `join`, `sleep`.
//!
//! These mirror `std::thread` so the chapters read like ordinary blocking
//! code. Under the hood each is a simulated thread (see `sched.rs`): a real OS
//! thread that runs only when the virtual clock says it is its turn.

use crate::world::{Current, current};
use std::panic;
use std::time::Duration;

/// A thread started with [`spawn`]; [`JoinHandle::join`] waits for it.
#[derive(Debug)]
pub struct JoinHandle<T> {
    tid: crate::sched::Tid,
    name: String,
    thread: std::thread::JoinHandle<T>,
}

/// Starts `f` on a new thread called `name` and returns at once. The new
/// thread starts at the caller's time and runs when the caller next waits.
pub fn spawn<T, F>(name: &str, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (tid, child) = new_thread(name);
    let thread = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || child.enter(f))
        .unwrap_or_else(|error| panic!("could not start thread {name:?}: {error}"));
    JoinHandle {
        tid,
        name: name.to_owned(),
        thread,
    }
}

/// A new thread of the caller's world called `name`, ready to run: its
/// number, and what it will be once it has entered.
fn new_thread(name: &str) -> (crate::sched::Tid, Current) {
    let parent = current();
    let tid = parent.world.add_thread();
    let child = Current {
        world: parent.world,
        tid,
        lane: name.into(),
    };
    (tid, child)
}

impl<T> JoinHandle<T> {
    /// Blocks until the thread has finished and returns what it returned.
    /// A panic in the thread goes on in the caller.
    pub fn join(self) -> T {
        current().join(self.tid, &self.name);
        // The thread has given up its turn; all that is left of it is the
        // OS thread returning, so this join does not wait for long.
        self.thread
            .join()
            .unwrap_or_else(|payload| panic::resume_unwind(payload))
    }
}

/// Blocks the calling thread for `duration`.
pub fn sleep(duration: Duration) {
    let me = current();
    me.wait_for_time(format!("sleep {} ms", duration.as_millis()), duration);
}

/// Runs `f` with a scope in which it may start threads that borrow from
/// the caller's stack, as `std::thread::scope`: every thread started in
/// the scope is joined before `scope` returns, so what they borrow outlives
/// them, and they need neither `'static` nor an `Arc`.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> T,
{
    std::thread::scope(|std_scope| {
        let scope = Scope {
            std_scope,
            started: std::sync::Mutex::new(Vec::new()),
        };
        /// Joins what is left of the scope's simulated threads, even when
        /// `f` panics: std's scope then joins their OS threads, which must
        /// not be waiting for a turn that the caller holds.
        struct JoinTheRest<'a, 'scope, 'env>(&'a Scope<'scope, 'env>);
        impl Drop for JoinTheRest<'_, '_, '_> {
            fn drop(&mut self) {
                let started = std::mem::take(&mut *threeways_model::lock::lock(&self.0.started));
                let me = current();
                if me.is_hung() {
                    return; // every thread is being taken down already
                }
                for (tid, name) in started {
                    me.join(tid, &name);
                }
            }
        }
        let join_the_rest = JoinTheRest(&scope);
        let value = f(join_the_rest.0);
        drop(join_the_rest);
        value
    })
}

/// A scope to start threads in: see [`scope`].
#[derive(Debug)]
pub struct Scope<'scope, 'env: 'scope> {
    std_scope: &'scope std::thread::Scope<'scope, 'env>,
    /// The simulated threads started in it: number and lane.
    started: std::sync::Mutex<Vec<(crate::sched::Tid, String)>>,
}

impl<'scope> Scope<'scope, '_> {
    /// Starts `f` on a new thread called `name`, which may borrow anything
    /// that outlives the scope, and returns at once.
    pub fn spawn<F, T>(&self, name: &str, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let (tid, child) = new_thread(name);
        let thread = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn_scoped(self.std_scope, move || child.enter(f))
            .unwrap_or_else(|error| panic!("could not start thread {name:?}: {error}"));
        threeways_model::lock::lock(&self.started).push((tid, name.to_owned()));
        ScopedJoinHandle {
            tid,
            name: name.to_owned(),
            thread,
        }
    }
}

/// A thread started in a [`Scope`]; [`ScopedJoinHandle::join`] waits for it.
#[derive(Debug)]
pub struct ScopedJoinHandle<'scope, T> {
    tid: crate::sched::Tid,
    name: String,
    thread: std::thread::ScopedJoinHandle<'scope, T>,
}

impl<T> ScopedJoinHandle<'_, T> {
    /// Blocks until the thread has finished and returns what it returned.
    /// A panic in the thread goes on in the caller.
    pub fn join(self) -> T {
        current().join(self.tid, &self.name);
        self.thread
            .join()
            .unwrap_or_else(|payload| panic::resume_unwind(payload))
    }
}
