//! A socket as our executor's future: [`TcpStream`], registered with the
//! loop's poller (`mio`, in `sockets.rs`), whose readiness wakes the task
//! that waits on it. The callback style's client (`threeways-callbacks`,
//! `http.rs`) registers the same kind of socket with a continuation in its
//! handler; here the handler holds a `Waker` instead, as [`Sleep`]'s timer
//! does (`time.rs`).
//!
//! Readiness, not completion: the poller says "you can read now", and the
//! task reads what is there without blocking (`try_read`). A read that
//! finds nothing (`WouldBlock`, a false alarm) forgets the readiness, and
//! the next wait lasts until the poller says so again. That is how tokio's
//! `TcpStream::readable` and `try_read` work, and its I/O driver is this
//! handler with a great deal more care (a slab of registrations, a tick
//! against stale events, no lock).
//!
//! [`Sleep`]: crate::time::Sleep

use crate::{EventLoop, Handle};
use mio::event::Event;
use mio::{Interest, Token};
use std::future::Future;
use std::io::{self, Read as _, Write as _};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use threeways_model::lock::lock;
use threeways_model::trace::OpenSpan;

// ANCHOR: socket
/// A TCP connection for tasks on our executor. Connecting starts at once
/// and does not wait; the connection is registered with the loop's poller,
/// and [`TcpStream::readable`] and [`TcpStream::writable`] are futures that
/// wait for the poller to say so.
pub struct TcpStream {
    socket: Arc<Registered>,
    handle: Handle,
}

/// What the task and the loop's handler share: the socket, what the poller
/// said and nobody has used yet, and the waker to call when it says more.
struct Registered {
    stream: Mutex<mio::net::TcpStream>,
    ready: Mutex<Readiness>,
    waker: Mutex<Option<Waker>>,
    /// Its token with the poller, once registered.
    token: Mutex<Option<Token>>,
    /// With polls shown: the span of the time the socket holds a waker.
    shown: Mutex<Option<OpenSpan>>,
}

/// What the poller has said about a socket since a read or a write last
/// found nothing to do; a failed registration, to be told the task.
#[derive(Default)]
struct Readiness {
    readable: bool,
    writable: bool,
    failed: Option<io::Error>,
}

impl TcpStream {
    /// Starts connecting to `address` and registers the socket with the
    /// loop's poller; the connection is made when the socket is writable.
    ///
    /// # Panics
    /// Outside our executor: the socket needs its loop.
    pub fn connect(address: SocketAddr) -> io::Result<TcpStream> {
        let handle = crate::executor::handle();
        let socket = Arc::new(Registered {
            stream: Mutex::new(mio::net::TcpStream::connect(address)?),
            ready: Mutex::default(),
            waker: Mutex::new(None),
            token: Mutex::new(None),
            shown: Mutex::new(None),
        });
        let registering = Arc::clone(&socket);
        // We cannot borrow the loop here: post the registration to it.
        handle.post(move |lp| registering.register(lp));
        Ok(TcpStream { socket, handle })
    }
}

impl Registered {
    /// Registers the socket with the poller: each time the poller says it
    /// is ready, the handler notes how, and wakes the task waiting.
    fn register(self: Arc<Self>, lp: &mut EventLoop) {
        let on_ready = Arc::clone(&self);
        let interest = Interest::READABLE | Interest::WRITABLE;
        let watched = lp.watch(
            &mut *lock(&self.stream),
            interest,
            Box::new(move |lp, event| {
                on_ready.ready(lp, event);
                true // keep watching until the stream is dropped
            }),
        );
        match watched {
            Ok(token) => {
                *lock(&self.token) = Some(token);
                let what = format!("socket {} registered: readable, writable", token.0);
                crate::executor::poller_note(lp.now(), what);
            }
            Err(error) => {
                lock(&self.ready).failed = Some(error);
                self.wake(lp, "failed to register");
            }
        }
    }

    /// The poller says the socket is ready: remember how, and wake.
    fn ready(&self, lp: &mut EventLoop, event: &Event) {
        let mut ready = lock(&self.ready);
        // A closed or failed socket is "ready" too: the read or write that
        // follows finds out what happened.
        let closed = event.is_read_closed() || event.is_write_closed();
        let trouble = event.is_error() || closed;
        ready.readable |= event.is_readable() || trouble;
        ready.writable |= event.is_writable() || trouble;
        let how = match (event.is_readable(), event.is_writable()) {
            (true, true) => "readable, writable",
            (true, false) => "readable",
            (false, true) => "writable",
            (false, false) => "closed",
        };
        drop(ready);
        self.wake(lp, how);
    }

    /// Wakes the task waiting on the socket, if one is.
    fn wake(&self, lp: &EventLoop, how: &str) {
        if let Some(span) = lock(&self.shown).take() {
            lp.end_span(span);
        }
        let what = format!("socket {} is {how}", self.number());
        crate::executor::poller_note(lp.now(), what);
        if let Some(waker) = lock(&self.waker).take() {
            waker.wake();
        }
    }
}
// ANCHOR_END: socket

// ANCHOR: readiness
/// Waits until the poller says the socket can be read from (or written
/// to): ready at once if it has said so since the last read that found
/// nothing; otherwise its waker goes to the socket, and it is `Pending`.
pub struct Ready<'a> {
    socket: &'a Arc<Registered>,
    handle: &'a Handle,
    write: bool,
}

impl Future for Ready<'_> {
    type Output = io::Result<()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut ready = lock(&self.socket.ready);
        if let Some(error) = ready.failed.take() {
            return Poll::Ready(Err(error));
        }
        if (self.write && ready.writable) || (!self.write && ready.readable) {
            return Poll::Ready(Ok(()));
        }
        drop(ready);
        let had_none = lock(&self.socket.waker)
            .replace(cx.waker().clone())
            .is_none();
        if had_none {
            self.socket.show_waker_held(self.handle);
        }
        Poll::Pending
    }
}

impl TcpStream {
    /// Waits until the socket can be read from.
    pub fn readable(&self) -> Ready<'_> {
        self.ready(false)
    }

    /// Waits until the socket can be written to: for a new connection,
    /// until it is made (or has failed: see [`TcpStream::take_error`]).
    pub fn writable(&self) -> Ready<'_> {
        self.ready(true)
    }

    fn ready(&self, write: bool) -> Ready<'_> {
        Ready {
            socket: &self.socket,
            handle: &self.handle,
            write,
        }
    }

    /// Reads what the socket has now, without waiting. `WouldBlock` (it
    /// has nothing) forgets the readiness: wait for the next.
    pub fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = lock(&self.socket.stream).read(buffer);
        if matches!(&read, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
            lock(&self.socket.ready).readable = false;
        }
        read
    }

    /// Writes what the socket takes now, without waiting. `WouldBlock`
    /// (it is full) forgets the readiness: wait for the next.
    pub fn try_write(&self, bytes: &[u8]) -> io::Result<usize> {
        let written = lock(&self.socket.stream).write(bytes);
        if matches!(&written, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
            lock(&self.socket.ready).writable = false;
        }
        written
    }
}
// ANCHOR_END: readiness

impl TcpStream {
    /// Writes all of `bytes`, waiting whenever the socket is full.
    pub async fn write_all(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            self.writable().await?;
            match self.try_write(bytes) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The error a connect that failed left on the socket, if any.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        lock(&self.socket.stream).take_error()
    }

    /// The address of the other end: an error (`NotConnected`) while a
    /// connect is still under way.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        lock(&self.socket.stream).peer_addr()
    }
}

impl Registered {
    /// The socket's number with the poller, for the trace: its token.
    fn number(&self) -> usize {
        lock(&self.token).map_or(0, |token| token.0)
    }

    /// With polls shown: a span, on the lane `sockets`, from now until
    /// the socket wakes the task, named after the task. Posted, so that
    /// it is begun on the task's chain, as a timer's is.
    fn show_waker_held(self: &Arc<Self>, handle: &Handle) {
        let socket = Arc::clone(self);
        handle.post(move |lp| {
            let label = format!("socket {} holds {}'s waker", socket.number(), lp.lane());
            *lock(&socket.shown) = crate::executor::socket_holds_waker(lp.now(), label);
        });
    }
}

impl Drop for TcpStream {
    /// A stream dropped (the fetch is done, or was cancelled) leaves the
    /// poller: the loop stops watching it, and its handler goes.
    fn drop(&mut self) {
        let socket = Arc::clone(&self.socket);
        self.handle.post(move |lp| {
            if let Some(token) = lock(&socket.token).take() {
                lp.unwatch(&mut *lock(&socket.stream), token);
            }
            if let Some(span) = lock(&socket.shown).take() {
                lp.recorder().end_cancelled(span, lp.now());
            }
        });
    }
}
