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
//! holding the turn would wait forever. Chapter code that waits on a lock
//! or a channel uses `crate::sync`, whose `Mutex` and `mpsc` block here
//! ([`Sched::block`]) and are woken here ([`Sched::wake`]); a std `Mutex`
//! locked only between waits is safe too.
//!
//! When a thread blocks and no thread is ready to take the turn, nothing
//! can ever run again: the run has hung. The scheduler writes the report
//! into the trace (who waits on what, `threeways_sim::hang`), then takes
//! every thread down: each one blocked here unwinds with [`Hung`], which
//! `world.rs` catches in the main thread.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;
use threeways_model::Recorder;
use threeways_model::lock::{lock, wait};
use threeways_sim::hang::{self, NO_THREAD_CAN_RUN};

/// What a simulated thread unwinds with when the run has hung: it was
/// blocked, and nothing would ever have woken it. `std::panic::resume_unwind`
/// carries it, so no panic message is printed.
#[derive(Debug)]
pub(crate) struct Hung;

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
    /// Where a hang is reported.
    recorder: Recorder,
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
    /// Set when every thread blocked at once: the run is over.
    hung: bool,
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
    /// A scheduler whose only thread, [`MAIN`], holds the turn at time zero,
    /// and which reports a hang to `recorder`.
    pub(crate) fn new(recorder: Recorder) -> Sched {
        Sched {
            state: Mutex::new(State {
                now: Duration::ZERO,
                running: Some(MAIN),
                ready: BinaryHeap::new(),
                queued: 0,
                threads: vec![ThreadState::default()],
                hung: false,
            }),
            turn: Condvar::new(),
            recorder,
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

    /// Whether the run has hung.
    pub(crate) fn is_hung(&self) -> bool {
        self.lock().hung
    }

    /// Whether `child` has finished.
    pub(crate) fn is_finished(&self, child: Tid) -> bool {
        self.lock().threads[child].finished
    }

    /// Blocks `me` until another thread calls [`Sched::wake`] for it: how
    /// `crate::sync` waits for a lock, a message, or room in a queue. The
    /// caller has noted, where the waker will look, that `me` waits.
    pub(crate) fn block(&self, me: Tid) {
        let state = self.lock();
        self.pass_turn(state, me);
    }

    /// Makes `tid`, blocked in [`Sched::block`], ready to run at the
    /// current time. The caller keeps the turn.
    pub(crate) fn wake(&self, tid: Tid) {
        let mut state = self.lock();
        if !state.hung {
            let now = state.now;
            state.make_ready(tid, now);
        }
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

    /// Marks `me` finished, wakes its joiners, and gives the turn away for
    /// good. After a hang it only says that `me` is gone.
    pub(crate) fn finish(&self, me: Tid) {
        let mut state = self.lock();
        state.threads[me].finished = true;
        if state.hung {
            self.turn.notify_all();
            return;
        }
        let now = state.now;
        for joiner in std::mem::take(&mut state.threads[me].joiners) {
            state.make_ready(joiner, now);
        }
        self.hand_off(&mut state);
    }

    /// After a hang: waits until every thread other than `me` has unwound
    /// and finished, so that none is left running when the run returns.
    pub(crate) fn wait_for_the_others(&self, me: Tid) {
        let mut state = self.lock();
        while (0..state.threads.len()).any(|tid| tid != me && !state.threads[tid].finished) {
            state = wait(&self.turn, state);
        }
    }

    /// Gives the turn away and waits for it to come back. If no thread is
    /// ready to take it, every thread is blocked and none will ever wake:
    /// the run has hung, and says so.
    fn pass_turn(&self, mut state: MutexGuard<'_, State>, me: Tid) {
        self.hand_off(&mut state);
        if state.running.is_none() && !state.hung {
            state.hung = true;
            hang::report(&self.recorder, state.now, NO_THREAD_CAN_RUN);
            self.turn.notify_all();
        }
        drop(self.wait_for(state, me));
    }

    fn hand_off(&self, state: &mut State) {
        state.running = state.ready.pop().map(|Reverse((at, _, tid))| {
            state.now = state.now.max(at);
            tid
        });
        self.turn.notify_all();
    }

    /// Waits until `me` has the turn. After a hang, the turn never comes:
    /// `me` unwinds with [`Hung`] instead.
    fn wait_for<'a>(&self, mut state: MutexGuard<'a, State>, me: Tid) -> MutexGuard<'a, State> {
        while state.running != Some(me) {
            if state.hung {
                drop(state);
                std::panic::resume_unwind(Box::new(Hung));
            }
            state = wait(&self.turn, state);
        }
        state
    }
}
