//! Simulated threads that take turns in virtual-time order.
//!
//! Every simulated thread is a real OS thread, but only the one holding the
//! *turn* runs. A thread gives the turn away when it blocks (sleeps, or joins a
//! thread that has not finished), and the turn goes to the ready thread with
//! the earliest wake-up time; ties go to the thread that became ready first.
//! The virtual clock jumps to that wake-up time. Whatever the OS scheduler
//! does, the threads therefore run in one order only, and a trace recorded by
//! them is the same on every run.
//!
//! This is a discrete-event simulation with threads as its processes. The
//! rules match DESIGN.md: a spawned thread starts at its parent's time, and
//! `join` moves the joiner to the later of the two clocks (the global clock
//! never goes back, so that is the child's finishing time or now).
//!
//! A thread must not block on anything the scheduler does not know about
//! (an OS mutex held across a simulated wait, a std channel): the thread
//! holding the turn would wait forever. Chapter code shares data through
//! `Mutex`es it locks only between waits, which is safe.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;
use threeways_core::lock::{lock, wait};

/// A simulated thread's number; the thread that starts a run is `MAIN`.
pub(crate) type Tid = usize;

/// The thread that calls [`crate::run`].
pub(crate) const MAIN: Tid = 0;

/// The shared state of one run's simulated threads.
#[derive(Debug)]
pub(crate) struct Sched {
    state: Mutex<State>,
    /// Signalled whenever the turn moves; each thread waits for its own number.
    turn: Condvar,
}

#[derive(Debug)]
struct State {
    now: Duration,
    /// Who may run. `None` once every thread has finished.
    running: Option<Tid>,
    /// Threads waiting for their wake-up time: (time, order queued, thread).
    ready: BinaryHeap<Reverse<(Duration, u64, Tid)>>,
    queued: u64,
    threads: Vec<ThreadState>,
}

#[derive(Debug, Default)]
struct ThreadState {
    finished: bool,
    /// The threads blocked in `join` on this one, to wake when it finishes:
    /// its parent, say, and `MAIN` waiting for every thread at the end.
    joiners: Vec<Tid>,
}

impl State {
    fn make_ready(&mut self, tid: Tid, at: Duration) {
        self.ready.push(Reverse((at, self.queued, tid)));
        self.queued += 1;
    }
}

impl Sched {
    /// A scheduler whose only thread, [`MAIN`], holds the turn at time zero.
    pub(crate) fn new() -> Sched {
        Sched {
            state: Mutex::new(State {
                now: Duration::ZERO,
                running: Some(MAIN),
                ready: BinaryHeap::new(),
                queued: 0,
                threads: vec![ThreadState::default()],
            }),
            turn: Condvar::new(),
        }
    }

    // A panic in chapter code poisons nothing we rely on: the state is only
    // changed by the short methods below, which do not panic halfway.
    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// The virtual time.
    pub(crate) fn now(&self) -> Duration {
        self.lock().now
    }

    /// How many simulated threads this run has had, `MAIN` included.
    pub(crate) fn thread_count(&self) -> usize {
        self.lock().threads.len()
    }

    /// Registers a new thread, ready to run at the current time. The caller
    /// keeps the turn; the new thread must call [`Sched::wait_turn`] first.
    pub(crate) fn add_thread(&self) -> Tid {
        let mut state = self.lock();
        let tid = state.threads.len();
        state.threads.push(ThreadState::default());
        let now = state.now;
        state.make_ready(tid, now);
        tid
    }

    /// Blocks the calling OS thread until simulated thread `me` has the turn.
    pub(crate) fn wait_turn(&self, me: Tid) {
        let state = self.lock();
        drop(self.wait_for(state, me));
    }

    /// Blocks `me` for `duration` of virtual time.
    pub(crate) fn sleep(&self, me: Tid, duration: Duration) {
        let mut state = self.lock();
        let wake = state.now + duration;
        state.make_ready(me, wake);
        self.pass_turn(state, me);
    }

    /// Blocks `me` until `child` has finished.
    pub(crate) fn join(&self, me: Tid, child: Tid) {
        let mut state = self.lock();
        if state.threads[child].finished {
            return;
        }
        state.threads[child].joiners.push(me);
        self.pass_turn(state, me);
    }

    /// Blocks `me` until every other thread has finished, those started
    /// while it waits included: a thread may start another after `me` has
    /// begun to wait, so the threads are counted again after each join.
    pub(crate) fn join_all(&self, me: Tid) {
        while let Some(unfinished) = self.first_unfinished_other_than(me) {
            self.join(me, unfinished);
        }
    }

    fn first_unfinished_other_than(&self, me: Tid) -> Option<Tid> {
        let state = self.lock();
        (0..state.threads.len()).find(|&tid| tid != me && !state.threads[tid].finished)
    }

    /// Marks `me` finished, wakes its joiners, and gives the turn away for good.
    pub(crate) fn finish(&self, me: Tid) {
        let mut state = self.lock();
        state.threads[me].finished = true;
        let now = state.now;
        for joiner in std::mem::take(&mut state.threads[me].joiners) {
            state.make_ready(joiner, now);
        }
        self.hand_off(&mut state);
    }

    fn pass_turn(&self, mut state: MutexGuard<'_, State>, me: Tid) {
        self.hand_off(&mut state);
        assert!(
            state.running.is_some(),
            "simulated deadlock: every thread is waiting for another"
        );
        drop(self.wait_for(state, me));
    }

    fn hand_off(&self, state: &mut State) {
        state.running = state.ready.pop().map(|Reverse((at, _, tid))| {
            state.now = state.now.max(at);
            tid
        });
        self.turn.notify_all();
    }

    fn wait_for<'a>(&self, mut state: MutexGuard<'a, State>, me: Tid) -> MutexGuard<'a, State> {
        while state.running != Some(me) {
            state = wait(&self.turn, state);
        }
        state
    }
}
