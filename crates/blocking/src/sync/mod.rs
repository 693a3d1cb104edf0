//! `Mutex` and channels (`mpsc`), mirroring `std::sync`, so that the
//! chapters read like ordinary blocking code, as `crate::thread` mirrors
//! `std::thread`.
//!
//! In the real world they are std's own, with each wait written into the
//! trace: a lock another thread holds, an empty channel, a full one. In
//! the simulated world a thread must not block where the scheduler cannot
//! see it (`sched.rs`), so these wait through the scheduler instead: the
//! thread that holds a lock, the thread that waits on a channel, are
//! written down here, and whoever releases the lock or sends the message
//! wakes them. That is also how the simulated world can tell, and say, what
//! every thread of a program that hangs is waiting on.
//!
//! A `std::sync::Mutex` locked only between waits is as good here; one held
//! across a wait (a fetch, a `recv`) while another thread locks it would
//! block that thread where the scheduler cannot see it.

pub mod mpsc;

use crate::sched::Tid;
use crate::world::{Current, try_current};
use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::{LockResult, TryLockError};
use threeways_model::Lane;
use threeways_model::lock::{lock, wrap_guard};

pub use std::sync::Arc;

/// A lock around a `T`, as `std::sync::Mutex`: [`Mutex::lock`] waits until
/// no other thread holds it.
#[derive(Debug, Default)]
pub struct Mutex<T> {
    /// The data, behind std's mutex. In the real world that is the lock;
    /// in the simulated one only the thread `holders` names takes it, so
    /// nobody ever waits on it.
    data: std::sync::Mutex<T>,
    /// Simulated world: who holds the lock, and who waits for it, in turn.
    holders: std::sync::Mutex<Holders>,
}

#[derive(Debug, Default)]
struct Holders {
    holder: Option<Lane>,
    waiting: VecDeque<(Tid, Lane)>,
}

impl<T> Mutex<T> {
    /// A new lock around `value`.
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            data: std::sync::Mutex::new(value),
            holders: std::sync::Mutex::default(),
        }
    }

    /// Waits until no other thread holds the lock, takes it, and returns
    /// a guard that gives it back when dropped. A wait is written into the
    /// trace as `lock`. As std's, it fails if a thread panicked holding it.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let me = try_current();
        let result = match &me {
            Some(me) if me.is_simulated() => {
                self.take_in_turn(me);
                self.data.lock()
            }
            Some(me) => match self.data.try_lock() {
                Ok(guard) => Ok(guard),
                Err(TryLockError::Poisoned(poisoned)) => Err(poisoned),
                Err(TryLockError::WouldBlock) => {
                    me.wait_for_call("lock".to_owned(), || self.data.lock())
                }
            },
            None => self.data.lock(),
        };
        let simulated = me.filter(Current::is_simulated);
        wrap_guard(result, |guard| self.guard(guard, simulated))
    }

    /// Consumes the lock and returns the value inside.
    pub fn into_inner(self) -> LockResult<T> {
        self.data.into_inner()
    }

    /// Simulated: takes the lock if it is free; otherwise queues `me` and
    /// blocks until the thread that holds it hands it over.
    fn take_in_turn(&self, me: &Current) {
        let mut holders = lock(&self.holders);
        match &holders.holder {
            None => holders.holder = Some(me.lane.clone()),
            Some(holder) => {
                let label = format!("lock, held by {holder}");
                holders.waiting.push_back((me.tid, me.lane.clone()));
                drop(holders);
                me.block(label);
            }
        }
    }

    fn guard<'a>(
        &'a self,
        guard: std::sync::MutexGuard<'a, T>,
        simulated: Option<Current>,
    ) -> MutexGuard<'a, T> {
        MutexGuard {
            guard,
            mutex: self,
            simulated,
        }
    }
}

/// The lock, held: derefs to the data, and gives the lock back when
/// dropped, as `std::sync::MutexGuard`.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    guard: std::sync::MutexGuard<'a, T>,
    mutex: &'a Mutex<T>,
    /// The simulated thread that holds it, which hands it on when done.
    simulated: Option<Current>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    /// Simulated: hands the lock to the first thread waiting for it, and
    /// wakes it. (It runs once this thread next waits; by then std's guard,
    /// dropped just after this, is gone.)
    fn drop(&mut self) {
        let Some(me) = &self.simulated else {
            return;
        };
        let mut holders = lock(&self.mutex.holders);
        match holders.waiting.pop_front() {
            Some((next, lane)) => {
                holders.holder = Some(lane);
                me.wake(next);
            }
            None => holders.holder = None,
        }
    }
}

#[cfg(test)]
mod tests {
    //! The simulated lock and channels: threads wait for each other in
    //! turn, the waits show, and a program whose threads all wait for ever
    //! ends at once with a report.

    use super::mpsc;
    use super::{Arc, Mutex};
    use crate::thread::{Builder, named as spawn, scope, sleep};
    use threeways_model::{Error, Run, Scenario};
    use threeways_world::Mode;

    use threeways_test_support::ms;

    fn run(main: impl FnOnce() -> Result<Vec<String>, Error>) -> Run {
        crate::world::run(&Scenario::default(), &Mode::Simulated, main)
    }

    #[test]
    fn a_lock_held_across_a_wait_is_waited_for_in_turn() {
        let run = run(|| {
            let shared = Arc::new(Mutex::new(Vec::new()));
            let threads: Vec<_> = (1..=3)
                .map(|n| {
                    let shared = Arc::clone(&shared);
                    spawn(&format!("t{n}"), move || {
                        let mut held = shared.lock().unwrap();
                        sleep(ms(10)); // held across a wait
                        held.push(format!("t{n} at {:?}", crate::cpu::now()));
                    })
                })
                .collect();
            threads.into_iter().for_each(|t| t.join().unwrap());
            let shared = shared.lock().unwrap();
            Ok(shared.clone())
        });
        assert_eq!(
            run.outcome.result,
            Ok(vec![
                "t1 at 10ms".to_owned(),
                "t2 at 20ms".to_owned(),
                "t3 at 30ms".to_owned()
            ])
        );
        let text = run.trace.render_text();
        assert!(text.contains("t3  [wait 20 ms] lock, held by t1"), "{text}");
    }

    #[test]
    fn a_full_channel_makes_its_sender_wait_and_a_closed_one_ends_the_receiver() {
        let run = run(|| {
            let (sender, receiver) = mpsc::sync_channel(1);
            let producer = spawn("producer", move || {
                for n in 0..3 {
                    sender.send(n).unwrap();
                }
            });
            sleep(ms(50));
            let got: Vec<String> = receiver.iter().map(|n: i32| n.to_string()).collect();
            producer.join().unwrap();
            Ok(got)
        });
        assert_eq!(
            run.outcome.result,
            Ok(vec!["0".to_owned(), "1".to_owned(), "2".to_owned()])
        );
        let text = run.trace.render_text();
        assert!(
            text.contains("0 ms  producer  [wait 50 ms] send (queue full)"),
            "{text}"
        );
    }

    #[test]
    fn scoped_threads_borrow_and_are_joined_before_the_scope_ends() {
        let run = run(|| {
            let total = Mutex::new(0);
            scope(|threads| {
                for n in 1..=3u64 {
                    let total = &total;
                    let thread = Builder::new().name(format!("t{n}"));
                    let spawned = thread.spawn_scoped(threads, move || {
                        sleep(ms(10 * n));
                        *total.lock().unwrap() += n;
                    });
                    spawned.unwrap();
                }
            });
            let total = total.into_inner().unwrap();
            Ok(vec![format!("{total} at {:?}", crate::cpu::now())])
        });
        assert_eq!(run.outcome.result, Ok(vec!["6 at 30ms".to_owned()]));
    }

    /// Two threads wait on a channel that `main` keeps open, and `main`
    /// joins them: nothing can ever happen again.
    fn forever() -> Run {
        run(|| {
            let (sender, receiver) = mpsc::channel::<u32>();
            let receiver = Arc::new(Mutex::new(receiver));
            let waiters: Vec<_> = (1..=2)
                .map(|n| {
                    let receiver = Arc::clone(&receiver);
                    spawn(&format!("waiter-{n}"), move || {
                        sleep(ms(5 * n));
                        let _ = receiver.lock().unwrap().recv();
                    })
                })
                .collect();
            waiters.into_iter().for_each(|w| drop(w.join()));
            drop(sender);
            Ok(vec![])
        })
    }

    #[test]
    fn threads_that_all_wait_for_ever_end_the_run_with_a_report() {
        let run = forever();
        assert_eq!(run.outcome.result, Err(Error::Hung));
        assert_eq!(
            run.trace.render_text(),
            " 0 ms  waiter-1  [wait 5 ms] sleep 5 ms\n\
             \x200 ms  waiter-2  [wait 10 ms] sleep 10 ms\n\
             \x205 ms  waiter-1  [wait 5 ms] recv (hung)\n\
             10 ms  waiter-2  [wait 0 ms] lock, held by waiter-1 (hung)\n\
             10 ms  world     hung: every thread is blocked, and none can wake another\n\
             10 ms  world     hung: main waits: join waiter-1\n\
             10 ms  world     hung: waiter-1 waits: recv\n\
             10 ms  world     hung: waiter-2 waits: lock, held by waiter-1\n\
             total: 10 ms (virtual), 3 threads\n"
        );
        for _ in 0..20 {
            assert_eq!(forever().render_text(), run.render_text());
        }
    }
}
