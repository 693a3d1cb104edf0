//! Tokio's `Mutex` and channels (`mpsc`), with their waits in the trace,
//! as [`crate::task::spawn`] is tokio's `spawn` with a name.
//!
//! Each is tokio's own underneath; what is added is only this: when a task
//! has to wait (for a lock another task holds, for a message on an empty
//! channel, for room in a full one), the wait is recorded as a span of
//! that task, like a fetch or a sleep, and so a hang report can name it.
//! A lock or a channel that does not make the task wait records nothing.
//!
//! `std::sync::Mutex` needs nothing of the sort: a task that locks it
//! never waits in the simulated world (one thread, and a task is never
//! stopped between two `.await`s), and must never hold it across one.

use crate::world::{lane, try_current};
use std::ops::{Deref, DerefMut};
use threeways_model::Lane;
use threeways_model::lock::lock;

/// Tokio's `Mutex`: [`Mutex::lock`] waits, as a task, until no other task
/// holds it, and its guard may be held across an `.await`.
#[derive(Debug, Default)]
pub struct Mutex<T> {
    inner: tokio::sync::Mutex<T>,
    /// Who holds it and who waits for it, for the trace: `lock, held by
    /// worker-1`.
    holders: std::sync::Mutex<Holders>,
}

/// Who holds a [`Mutex`], and who waits for it. Tokio's `Mutex` is fair,
/// first come first served, so the first lane waiting is the next holder.
#[derive(Debug, Default)]
struct Holders {
    holder: Option<Lane>,
    waiting: std::collections::VecDeque<Lane>,
}

impl<T> Mutex<T> {
    /// A new lock around `value`.
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            inner: tokio::sync::Mutex::new(value),
            holders: std::sync::Mutex::default(),
        }
    }

    /// Waits until no other task holds the lock, takes it, and returns a
    /// guard that gives it back when dropped.
    pub async fn lock(&self) -> MutexGuard<'_, T> {
        let guard = match (self.inner.try_lock(), try_current()) {
            (Ok(guard), _) => guard,
            (Err(_), None) => self.inner.lock().await,
            (Err(_), Some(world)) => {
                let me = lane();
                let label = {
                    let mut holders = lock(&self.holders);
                    holders.waiting.push_back(me.clone());
                    match &holders.holder {
                        Some(holder) => format!("lock, held by {holder}"),
                        None => "lock".to_owned(),
                    }
                };
                /// Takes this lane off the waiting list, even if the wait
                /// is cancelled.
                struct Waiting<'a>(&'a std::sync::Mutex<Holders>, Lane);
                impl Drop for Waiting<'_> {
                    fn drop(&mut self) {
                        let mut holders = lock(self.0);
                        if let Some(at) = holders.waiting.iter().position(|l| *l == self.1) {
                            holders.waiting.remove(at);
                        }
                    }
                }
                let _waiting = Waiting(&self.holders, me);
                world.wait_for_future(label, || self.inner.lock()).await
            }
        };
        lock(&self.holders).holder = Some(lane());
        MutexGuard {
            guard,
            holders: &self.holders,
        }
    }
}

/// The lock, held: derefs to the data, gives the lock back when dropped.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    guard: tokio::sync::MutexGuard<'a, T>,
    holders: &'a std::sync::Mutex<Holders>,
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
    /// The lock goes to the first task waiting for it, if any.
    fn drop(&mut self) {
        let mut holders = lock(self.holders);
        holders.holder = holders.waiting.front().cloned();
    }
}

/// Tokio's channels: many senders, one receiver; bounded (`channel`) or
/// not (`unbounded_channel`).
pub mod mpsc {
    use crate::world::try_current;

    pub use tokio::sync::mpsc::error::SendError;

    /// What a sender waits on, in the trace, when the channel is full.
    const FULL: &str = "send (queue full)";

    /// What the receiver waits on, in the trace, when the channel is empty.
    const EMPTY: &str = "recv";

    /// A channel that holds at most `capacity` messages: a sender waits
    /// while it is full.
    pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
        let (sender, receiver) = tokio::sync::mpsc::channel(capacity);
        (Sender(sender), Receiver(receiver))
    }

    /// A channel that holds any number of messages: a sender never waits.
    pub fn unbounded_channel<T>() -> (UnboundedSender<T>, UnboundedReceiver<T>) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        (UnboundedSender(sender), UnboundedReceiver(receiver))
    }

    /// The sending side of a [`channel`].
    #[derive(Debug)]
    pub struct Sender<T>(tokio::sync::mpsc::Sender<T>);

    /// The receiving side of a [`channel`].
    #[derive(Debug)]
    pub struct Receiver<T>(tokio::sync::mpsc::Receiver<T>);

    /// The sending side of an [`unbounded_channel`].
    #[derive(Debug)]
    pub struct UnboundedSender<T>(tokio::sync::mpsc::UnboundedSender<T>);

    /// The receiving side of an [`unbounded_channel`].
    #[derive(Debug)]
    pub struct UnboundedReceiver<T>(tokio::sync::mpsc::UnboundedReceiver<T>);

    impl<T> Clone for Sender<T> {
        fn clone(&self) -> Sender<T> {
            Sender(self.0.clone())
        }
    }

    impl<T> Clone for UnboundedSender<T> {
        fn clone(&self) -> UnboundedSender<T> {
            UnboundedSender(self.0.clone())
        }
    }

    impl<T> Sender<T> {
        /// Puts `message` in the channel, waiting while it is full; gives
        /// it back if the receiver is gone.
        pub async fn send(&self, message: T) -> Result<(), SendError<T>> {
            use tokio::sync::mpsc::error::TrySendError;
            match self.0.try_send(message) {
                Ok(()) => Ok(()),
                Err(TrySendError::Closed(message)) => Err(SendError(message)),
                Err(TrySendError::Full(message)) => match try_current() {
                    Some(world) => {
                        let send = || self.0.send(message);
                        world.wait_for_future(FULL.to_owned(), send).await
                    }
                    None => self.0.send(message).await,
                },
            }
        }
    }

    impl<T> UnboundedSender<T> {
        /// Puts `message` in the channel at once; gives it back if the
        /// receiver is gone.
        pub fn send(&self, message: T) -> Result<(), SendError<T>> {
            self.0.send(message)
        }
    }

    impl<T> Receiver<T> {
        /// Takes the next message, waiting while the channel is empty;
        /// `None` once it is empty and every sender is gone.
        pub async fn recv(&mut self) -> Option<T> {
            let tried = self.0.try_recv();
            recv(tried, || self.0.recv()).await
        }
    }

    impl<T> UnboundedReceiver<T> {
        /// Takes the next message, waiting while the channel is empty;
        /// `None` once it is empty and every sender is gone.
        pub async fn recv(&mut self) -> Option<T> {
            let tried = self.0.try_recv();
            recv(tried, || self.0.recv()).await
        }
    }

    /// A receiver's `recv`, given what `try_recv` found: the message, the
    /// end, or a wait for the next message with `wait`, recorded as a span.
    async fn recv<T, F: Future<Output = Option<T>>>(
        tried: Result<T, tokio::sync::mpsc::error::TryRecvError>,
        wait: impl FnOnce() -> F,
    ) -> Option<T> {
        use tokio::sync::mpsc::error::TryRecvError;
        match tried {
            Ok(message) => Some(message),
            Err(TryRecvError::Disconnected) => None,
            Err(TryRecvError::Empty) => match try_current() {
                Some(world) => world.wait_for_future(EMPTY.to_owned(), wait).await,
                None => wait().await,
            },
        }
    }
}
