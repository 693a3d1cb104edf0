//! Threads, as `std::thread` has them: `Builder`, `spawn`, `scope`,
//! `sleep`, and handles whose `join` returns `std::thread::Result<T>`.
//! Every signature is std's (a scope's lifetimes are looser: its `Scope`
//! lives in the closure that `std::thread::scope` calls), so a lesson
//! written against this module compiles against `std::thread` unchanged
//! (`crates/lift` does that).
//!
//! A thread's lane in the trace is its name, given as real code gives one
//! (`Builder::new().name(..)`); an unnamed thread gets one as the run
//! counts threads (`thread-2`, `main` being the first). Under the hood each
//! is a simulated thread (`sched.rs`): a real OS thread, of that name, that
//! runs only when the virtual clock says it is its turn.

use crate::world::{Current, current};
use std::io;
use std::time::Duration;

pub use std::thread::Result;

/// A new thread's settings, as `std::thread::Builder`: its name.
#[derive(Debug, Default)]
pub struct Builder {
    name: Option<String>,
}

impl Builder {
    /// Settings for a thread, none set yet.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Names the thread: the trace's lane for it, and the OS thread's name.
    pub fn name(mut self, name: String) -> Builder {
        self.name = Some(name);
        self
    }

    /// Starts `f` on a new thread and returns at once. The new thread
    /// starts at the caller's time and runs when the caller next waits.
    ///
    /// # Errors
    /// When the operating system cannot start a thread.
    pub fn spawn<F, T>(self, f: F) -> io::Result<JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let child = self.new_thread();
        let (tid, lane) = (child.tid, child.lane.clone());
        let thread = std::thread::Builder::new()
            .name(lane.to_string())
            .spawn(move || child.enter(f))?;
        Ok(JoinHandle { tid, lane, thread })
    }

    /// Starts `f` on a new thread of `scope`, which may borrow anything
    /// that outlives the scope, and returns at once.
    ///
    /// # Errors
    /// When the operating system cannot start a thread.
    pub fn spawn_scoped<'scope, 'env, F, T>(
        self,
        scope: &Scope<'scope, 'env>,
        f: F,
    ) -> io::Result<ScopedJoinHandle<'scope, T>>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let child = self.new_thread();
        let (tid, lane) = (child.tid, child.lane.clone());
        let thread = std::thread::Builder::new()
            .name(lane.to_string())
            .spawn_scoped(scope.std_scope, move || child.enter(f))?;
        threeways_model::lock::lock(&scope.started).push((tid, lane.clone()));
        Ok(ScopedJoinHandle { tid, lane, thread })
    }

    /// A new thread of the caller's world, ready to run: its number, and
    /// what it will be once it has entered, on the lane of its name.
    fn new_thread(self) -> Current {
        let parent = current();
        let tid = parent.world.add_thread();
        // `main` is the run's first thread: the first spawned is `thread-2`.
        let lane = self.name.unwrap_or_else(|| format!("thread-{}", tid + 1));
        Current {
            world: parent.world,
            tid,
            lane: lane.into(),
        }
    }
}

/// Starts `f` on a new, unnamed thread and returns at once, as
/// `std::thread::spawn`.
///
/// # Panics
/// When the operating system cannot start a thread, as std's does.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new()
        .spawn(f)
        .unwrap_or_else(|error| panic!("failed to spawn thread: {error}"))
}

/// A thread started with [`spawn`] or [`Builder::spawn`];
/// [`JoinHandle::join`] waits for it.
#[derive(Debug)]
pub struct JoinHandle<T> {
    tid: crate::sched::Tid,
    lane: threeways_model::Lane,
    thread: std::thread::JoinHandle<T>,
}

impl<T> JoinHandle<T> {
    /// Blocks until the thread has finished and returns what it returned,
    /// or, if it panicked, what it panicked with.
    ///
    /// # Errors
    /// When the thread panicked: the payload.
    pub fn join(self) -> Result<T> {
        current().join(self.tid, &self.lane);
        // The thread has given up its turn; all that is left of it is the
        // OS thread returning, so this join does not wait for long.
        self.thread.join()
    }

    /// Whether the thread has finished.
    pub fn is_finished(&self) -> bool {
        self.thread.is_finished()
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
                for (tid, lane) in started {
                    me.join(tid, &lane);
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
    started: std::sync::Mutex<Vec<(crate::sched::Tid, threeways_model::Lane)>>,
}

impl<'scope> Scope<'scope, '_> {
    /// Starts `f` on a new, unnamed thread of the scope, which may borrow
    /// anything that outlives the scope, and returns at once.
    ///
    /// # Panics
    /// When the operating system cannot start a thread, as std's does.
    pub fn spawn<F, T>(&self, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        Builder::new()
            .spawn_scoped(self, f)
            .unwrap_or_else(|error| panic!("failed to spawn thread: {error}"))
    }
}

/// A thread started in a [`Scope`]; [`ScopedJoinHandle::join`] waits for it.
#[derive(Debug)]
pub struct ScopedJoinHandle<'scope, T> {
    tid: crate::sched::Tid,
    lane: threeways_model::Lane,
    thread: std::thread::ScopedJoinHandle<'scope, T>,
}

impl<T> ScopedJoinHandle<'_, T> {
    /// Blocks until the thread has finished and returns what it returned,
    /// or, if it panicked, what it panicked with.
    ///
    /// # Errors
    /// When the thread panicked: the payload.
    pub fn join(self) -> Result<T> {
        current().join(self.tid, &self.lane);
        self.thread.join()
    }
}

/// For this crate's tests: `f` on a new thread called `name`.
#[cfg(test)]
pub(crate) fn named<F, T>(name: &str, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Builder::new()
        .name(name.to_owned())
        .spawn(f)
        .expect("the system starts a thread")
}
