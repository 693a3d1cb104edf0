//! The sockets the loop watches: a `mio::Poll`, and for each socket
//! registered with it what the loop runs when it is ready (an `H`, the
//! loop's handler).
//!
//! `mio` is a thin layer over the operating system's readiness API (epoll
//! on Linux, kqueue on macOS): register a socket with a token, then ask
//! which tokens are ready, sleeping until one is or a timeout passes.

use mio::event::Source;
use mio::{Events, Interest, Poll, Token, Waker};
use std::collections::HashMap;
use std::time::Duration;

/// The token of the loop's one waker, which other threads use to end its
/// sleep. Sockets get tokens from 1 up.
pub(crate) const WAKE: Token = Token(0);

/// The watched sockets and their handlers.
pub(crate) struct Sockets<H> {
    poll: Poll,
    handlers: HashMap<Token, H>,
    next_token: usize,
}

impl<H> Sockets<H> {
    /// No socket watched yet.
    pub(crate) fn new() -> std::io::Result<Sockets<H>> {
        Ok(Sockets {
            poll: Poll::new()?,
            handlers: HashMap::new(),
            next_token: 1,
        })
    }

    /// The waker that ends a sleep in [`Sockets::wait`] with a [`WAKE`]
    /// event. There can be only one.
    pub(crate) fn waker(&self) -> std::io::Result<Waker> {
        Waker::new(self.poll.registry(), WAKE)
    }

    /// Registers `source`; `handler` is kept under the token it gets.
    pub(crate) fn watch(
        &mut self,
        source: &mut impl Source,
        interest: Interest,
        handler: H,
    ) -> std::io::Result<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.poll.registry().register(source, token, interest)?;
        self.handlers.insert(token, handler);
        Ok(token)
    }

    /// Stops watching the source registered as `token`.
    pub(crate) fn unwatch(&mut self, source: &mut impl Source, token: Token) {
        self.handlers.remove(&token);
        // Deregistering fails only for a source that was never registered;
        // there is nothing to undo then.
        let _ = self.poll.registry().deregister(source);
    }

    /// Whether no socket is watched.
    pub(crate) fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }

    /// Sleeps until a socket is ready, the waker is woken or `timeout`
    /// passes (never, if `None`), and puts what happened in `events`.
    pub(crate) fn wait(&mut self, events: &mut Events, timeout: Option<Duration>) {
        if let Err(error) = self.poll.poll(events, timeout) {
            // Interrupted by a signal: `events` is empty; the loop looks again.
            assert_eq!(
                error.kind(),
                std::io::ErrorKind::Interrupted,
                "mio poll failed: {error}"
            );
        }
    }

    /// Takes out the handler of `token`, to be called; it goes back with
    /// [`Sockets::keep`] if the socket is still to be watched.
    pub(crate) fn take(&mut self, token: Token) -> Option<H> {
        self.handlers.remove(&token)
    }

    /// Puts `handler` back under `token`.
    pub(crate) fn keep(&mut self, token: Token, handler: H) {
        self.handlers.insert(token, handler);
    }
}
