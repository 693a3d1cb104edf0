//! Channels, as `std::sync::mpsc`: many senders, one receiver. `channel`
//! holds as many messages as are sent; `sync_channel(n)` holds at most
//! `n`, and a sender waits for room. `recv` waits for a message, and fails
//! once the channel is empty and every sender is gone: that is how a
//! receiver learns that the work is over.
//!
//! Real world: std's own channels, with each wait written into the trace
//! (`recv` on an empty channel, `send (queue full)` on a full one).
//! Simulated: a queue that the threads wait on through the scheduler (see
//! `super`).

use crate::sched::Tid;
use crate::world::{Current, try_current};
use std::collections::VecDeque;
use std::sync::Arc;
use threeways_model::lock::lock;

pub use std::sync::mpsc::{RecvError, SendError};

/// What a sender waits on, in the trace, when the channel is full.
const FULL: &str = "send (queue full)";

/// What the receiver waits on, in the trace, when the channel is empty.
const EMPTY: &str = "recv";

/// Makes a channel that holds any number of messages; a sender never
/// waits.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    if let Some(simulated) = simulated_channel(None) {
        let receiver = Receiver(Rx::Simulated(Arc::clone(&simulated)));
        return (Sender(Tx::Simulated(simulated)), receiver);
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    (Sender(Tx::Real(sender)), Receiver(Rx::Real(receiver)))
}

/// Makes a channel that holds at most `bound` messages: a sender waits
/// while it is full. The simulated world needs a `bound` of one or more
/// (std's `sync_channel(0)`, where a sender waits for the receiver, is not
/// simulated).
///
/// # Panics
/// In the simulated world, if `bound` is zero.
pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
    if let Some(simulated) = simulated_channel(Some(bound)) {
        assert!(
            bound > 0,
            "sync_channel(0) is not simulated: give the channel room for one message or more"
        );
        let receiver = Receiver(Rx::Simulated(Arc::clone(&simulated)));
        return (SyncSender(Tx::Simulated(simulated)), receiver);
    }
    let (sender, receiver) = std::sync::mpsc::sync_channel(bound);
    (SyncSender(Tx::Real(sender)), Receiver(Rx::Real(receiver)))
}

/// The sending side of a [`channel`]. Clone it for each thread that sends;
/// the channel closes when the last one is dropped.
#[derive(Debug)]
pub struct Sender<T>(Tx<std::sync::mpsc::Sender<T>, T>);

/// The sending side of a [`sync_channel`]: [`SyncSender::send`] waits
/// while the channel is full.
#[derive(Debug)]
pub struct SyncSender<T>(Tx<std::sync::mpsc::SyncSender<T>, T>);

/// The receiving side of a channel.
#[derive(Debug)]
pub struct Receiver<T>(Rx<T>);

#[derive(Debug)]
enum Tx<S, T> {
    Real(S),
    Simulated(Arc<Simulated<T>>),
}

#[derive(Debug)]
enum Rx<T> {
    Real(std::sync::mpsc::Receiver<T>),
    Simulated(Arc<Simulated<T>>),
}

impl<T> Sender<T> {
    /// Puts `message` in the channel, or gives it back if the receiver is
    /// gone.
    pub fn send(&self, message: T) -> Result<(), SendError<T>> {
        match &self.0 {
            Tx::Real(sender) => sender.send(message),
            Tx::Simulated(channel) => channel.send(message),
        }
    }
}

impl<T> SyncSender<T> {
    /// Puts `message` in the channel, waiting while it is full; gives it
    /// back if the receiver is gone.
    pub fn send(&self, message: T) -> Result<(), SendError<T>> {
        match &self.0 {
            Tx::Real(sender) => match sender.try_send(message) {
                Ok(()) => Ok(()),
                Err(std::sync::mpsc::TrySendError::Disconnected(message)) => {
                    Err(SendError(message))
                }
                Err(std::sync::mpsc::TrySendError::Full(message)) => {
                    let me = try_current();
                    match me {
                        Some(me) => me.wait_for_call(FULL.to_owned(), || sender.send(message)),
                        None => sender.send(message),
                    }
                }
            },
            Tx::Simulated(channel) => channel.send(message),
        }
    }
}

impl<T> Receiver<T> {
    /// Takes the next message, waiting while the channel is empty; fails
    /// once it is empty and every sender is gone.
    pub fn recv(&self) -> Result<T, RecvError> {
        match &self.0 {
            Rx::Real(receiver) => match receiver.try_recv() {
                Ok(message) => Ok(message),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(RecvError),
                Err(std::sync::mpsc::TryRecvError::Empty) => match try_current() {
                    Some(me) => me.wait_for_call(EMPTY.to_owned(), || receiver.recv()),
                    None => receiver.recv(),
                },
            },
            Rx::Simulated(channel) => channel.recv(),
        }
    }

    /// The messages, one [`Receiver::recv`] at a time, until the channel
    /// is empty and closed.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(|| self.recv().ok())
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Box<dyn Iterator<Item = T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        Sender(match &self.0 {
            Tx::Real(sender) => Tx::Real(sender.clone()),
            Tx::Simulated(channel) => Tx::Simulated(channel.another_sender()),
        })
    }
}

impl<T> Clone for SyncSender<T> {
    fn clone(&self) -> SyncSender<T> {
        SyncSender(match &self.0 {
            Tx::Real(sender) => Tx::Real(sender.clone()),
            Tx::Simulated(channel) => Tx::Simulated(channel.another_sender()),
        })
    }
}

impl<S, T> Drop for Tx<S, T> {
    fn drop(&mut self) {
        if let Tx::Simulated(channel) = self {
            channel.sender_gone();
        }
    }
}

impl<T> Drop for Rx<T> {
    fn drop(&mut self) {
        if let Rx::Simulated(channel) = self {
            channel.receiver_gone();
        }
    }
}

/// A simulated channel, if this is a simulated thread.
fn simulated_channel<T>(bound: Option<usize>) -> Option<Arc<Simulated<T>>> {
    try_current().filter(Current::is_simulated)?;
    Some(Arc::new(Simulated {
        queue: std::sync::Mutex::new(Queue {
            messages: VecDeque::new(),
            bound,
            senders: 1,
            receiver: true,
            receiver_waiting: None,
            senders_waiting: VecDeque::new(),
        }),
    }))
}

/// A channel of the simulated world: its messages, and the threads that
/// wait on it, to be woken by the others.
#[derive(Debug)]
struct Simulated<T> {
    queue: std::sync::Mutex<Queue<T>>,
}

#[derive(Debug)]
struct Queue<T> {
    messages: VecDeque<T>,
    bound: Option<usize>,
    /// How many senders are alive.
    senders: usize,
    /// Whether the receiver is alive.
    receiver: bool,
    /// The receiver, if it waits for a message.
    receiver_waiting: Option<Tid>,
    /// The senders that wait for room, in turn.
    senders_waiting: VecDeque<Tid>,
}

impl<T> Simulated<T> {
    fn send(&self, message: T) -> Result<(), SendError<T>> {
        let me = crate::world::current();
        loop {
            let mut queue = lock(&self.queue);
            if !queue.receiver {
                return Err(SendError(message));
            }
            if queue
                .bound
                .is_some_and(|bound| queue.messages.len() >= bound)
            {
                queue.senders_waiting.push_back(me.tid);
                drop(queue);
                me.block(FULL.to_owned());
                continue;
            }
            queue.messages.push_back(message);
            if let Some(receiver) = queue.receiver_waiting.take() {
                me.wake(receiver);
            }
            return Ok(());
        }
    }

    fn recv(&self) -> Result<T, RecvError> {
        let me = crate::world::current();
        loop {
            let mut queue = lock(&self.queue);
            if let Some(message) = queue.messages.pop_front() {
                if let Some(sender) = queue.senders_waiting.pop_front() {
                    me.wake(sender);
                }
                return Ok(message);
            }
            if queue.senders == 0 {
                return Err(RecvError);
            }
            queue.receiver_waiting = Some(me.tid);
            drop(queue);
            me.block(EMPTY.to_owned());
        }
    }

    fn another_sender(self: &Arc<Self>) -> Arc<Self> {
        lock(&self.queue).senders += 1;
        Arc::clone(self)
    }

    /// The last sender gone: a receiver waiting learns that no message
    /// will ever come.
    fn sender_gone(&self) {
        let mut queue = lock(&self.queue);
        queue.senders -= 1;
        if queue.senders == 0
            && let Some(receiver) = queue.receiver_waiting.take()
            && let Some(me) = try_current()
        {
            me.wake(receiver);
        }
    }

    /// The receiver gone: every sender waiting for room learns that its
    /// message will never be taken.
    fn receiver_gone(&self) {
        let mut queue = lock(&self.queue);
        queue.receiver = false;
        let waiting = std::mem::take(&mut queue.senders_waiting);
        if let Some(me) = try_current() {
            waiting.into_iter().for_each(|sender| me.wake(sender));
        }
    }
}
