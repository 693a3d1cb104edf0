//! The real HTTP client of the callback style: a non-blocking `mio` socket
//! driven by the event loop, one readiness event at a time. Parsing is
//! shared with the other styles (`threeways_real::http`); only the waiting
//! is this style's own.
//!
//! A fetch is a small state machine: connect, write the request, read until
//! the response is complete. The loop calls [`Connection::progress`] each
//! time the socket can make progress, and one timer watches the fetch's
//! timeouts (connect, idle, deadline: `threeways_real::http::Fetch` decides
//! which and when). Whichever finishes first takes the continuation, so it
//! is called exactly once.
//!
//! The timer is not moved on every byte: when it fires, it asks the fetch
//! whether time is really up, and if bytes came meanwhile it sets itself
//! again for the fetch's new time to give up, as libuv's and Node's idle
//! timeouts do. A body large enough to spool is written to its file from
//! the loop's thread, in pieces of at most 16 KiB; a production loop would
//! hand file writes to its worker threads, as libuv does.

use crate::{EventLoop, TimerId};
use mio::event::Event;
use mio::net::TcpStream;
use mio::{Interest, Token};
use std::cell::RefCell;
use std::io::{ErrorKind, Read as _, Write as _};
use std::rc::Rc;
use std::time::Instant;
use threeways_model::{Body, Error};
use threeways_real::RealNet;
use threeways_real::http::{Fetch, request};
use threeways_real::spool::Spool;

type Then = Box<dyn FnOnce(&mut EventLoop, Result<Body, Error>)>;

/// A fetch in progress.
struct Connection {
    fetch: Fetch,
    stream: TcpStream,
    token: Token,
    connected: bool,
    request: Vec<u8>,
    written: usize,
    body: Spool,
    timer: TimerId,
    /// When the timer is set to fire.
    timer_at: Instant,
    then: Then,
}

/// The connection, shared by its socket handler and its timeout timer;
/// `None` once one of them has finished it.
type Shared = Rc<RefCell<Option<Connection>>>;

/// Starts fetching `url`; `then` gets the body or the error, always later,
/// from the loop (never from inside this call).
pub(crate) fn fetch(lp: &mut EventLoop, net: &RealNet, url: &str, then: Then) {
    let fetch = net.start(url, Instant::now());
    match connect(net, &fetch) {
        Ok(stream) => start(lp, net, fetch, stream, then),
        Err(error) => lp.post(move |lp| then(lp, Err(error))),
    }
}

/// Starts a non-blocking connect (the host lookup before it blocks; see
/// [`RealNet::address`]).
fn connect(net: &RealNet, fetch: &Fetch) -> Result<TcpStream, Error> {
    let (_, address) = net.address(fetch.url())?;
    TcpStream::connect(address).map_err(|error| fetch.io_error(&error))
}

fn start(lp: &mut EventLoop, net: &RealNet, fetch: Fetch, mut stream: TcpStream, then: Then) {
    let shared: Shared = Rc::new(RefCell::new(None));
    let on_ready = {
        let shared = Rc::clone(&shared);
        Box::new(move |lp: &mut EventLoop, event: &Event| on_ready(lp, &shared, event))
    };
    let token = match lp.watch(
        &mut stream,
        Interest::READABLE | Interest::WRITABLE,
        on_ready,
    ) {
        Ok(token) => token,
        Err(error) => {
            let error = fetch.io_error(&error);
            return lp.post(move |lp| then(lp, Err(error)));
        }
    };
    let timer_at = fetch.gives_up_at();
    let timer = set_timeout_timer(lp, &shared, &fetch);
    let target = net
        .target(fetch.url())
        .expect("connect() parsed it already");
    let body = net.spool(fetch.url());
    *shared.borrow_mut() = Some(Connection {
        fetch,
        stream,
        token,
        connected: false,
        request: request(&target),
        written: 0,
        body,
        timer,
        timer_at,
        then,
    });
}

/// Sets the timer that ends the fetch when it runs out of time. When it
/// fires early (bytes came since it was set), it sets itself again.
fn set_timeout_timer(lp: &mut EventLoop, shared: &Shared, fetch: &Fetch) -> TimerId {
    let shared = Rc::clone(shared);
    let after = fetch
        .gives_up_at()
        .saturating_duration_since(Instant::now());
    lp.set_timer(after, move |lp| {
        let still_in_time = match shared.borrow().as_ref() {
            None => return, // the socket finished the fetch first
            Some(connection) => connection.fetch.time_left(Instant::now()),
        };
        match still_in_time {
            Err(timed_out) => finish(lp, &shared, Err(timed_out), Ended::ByTimer),
            Ok(_) => rearm(lp, &shared),
        }
    })
}

/// Makes what progress the socket allows. Returns whether to keep watching.
fn on_ready(lp: &mut EventLoop, shared: &Shared, event: &Event) -> bool {
    let (step, sooner) = {
        let mut guard = shared.borrow_mut();
        let Some(connection) = guard.as_mut() else {
            return false;
        };
        let step = connection.progress(event);
        // Bytes only move the time to give up later, and the timer finds
        // that out when it fires; connecting can move it sooner (an idle
        // timeout shorter than the connect timeout): then the timer moves.
        (step, connection.fetch.gives_up_at() < connection.timer_at)
    };
    match step {
        None => {
            if sooner {
                if let Some(connection) = shared.borrow().as_ref() {
                    lp.cancel_timer(connection.timer);
                }
                rearm(lp, shared);
            }
            true
        }
        Some(result) => {
            finish(lp, shared, result, Ended::BySocket);
            false
        }
    }
}

/// Sets the timer again, for the fetch's time to give up now.
fn rearm(lp: &mut EventLoop, shared: &Shared) {
    let (timer, timer_at) = {
        let guard = shared.borrow();
        let Some(connection) = guard.as_ref() else {
            return;
        };
        let timer = set_timeout_timer(lp, shared, &connection.fetch);
        (timer, connection.fetch.gives_up_at())
    };
    if let Some(connection) = shared.borrow_mut().as_mut() {
        connection.timer = timer;
        connection.timer_at = timer_at;
    }
}

/// Which of the two ended a fetch.
#[derive(PartialEq)]
enum Ended {
    BySocket,
    ByTimer,
}

/// Ends the fetch, if nothing has ended it yet, and queues its continuation.
fn finish(lp: &mut EventLoop, shared: &Shared, result: Result<(), Error>, ended: Ended) {
    let Some(mut connection) = shared.borrow_mut().take() else {
        return; // the timer and the socket raced, and the other one won
    };
    if ended == Ended::BySocket {
        lp.cancel_timer(connection.timer); // a timer that has run is gone
    }
    lp.unwatch(&mut connection.stream, connection.token);
    // A body that is not finished is dropped here, with its partial file.
    let result = result.and_then(|()| connection.body.finish());
    let then = connection.then;
    lp.post(move |lp| then(lp, result));
}

impl Connection {
    /// One step of the state machine: `Some(result)` when the fetch is over.
    fn progress(&mut self, event: &Event) -> Option<Result<(), Error>> {
        if let Err(error) = self.check_connected(event) {
            return Some(Err(error));
        }
        if !self.connected {
            return None; // still connecting
        }
        if let Err(error) = self.write_request() {
            return Some(Err(error));
        }
        if event.is_readable() || event.is_read_closed() {
            return self.read_response();
        }
        None
    }

    /// A non-blocking connect is done when the socket has a peer, and has
    /// failed when the socket holds an error.
    fn check_connected(&mut self, event: &Event) -> Result<(), Error> {
        if self.connected {
            return Ok(());
        }
        if let Ok(Some(error)) | Err(error) = self.stream.take_error() {
            return Err(self.error(&error));
        }
        if event.is_error() {
            return Err(Error::Refused {
                url: self.fetch.url().to_owned(),
            });
        }
        match self.stream.peer_addr() {
            Ok(_) => {
                self.connected = true;
                self.fetch.connected(Instant::now());
                Ok(())
            }
            Err(error) if error.kind() == ErrorKind::NotConnected => Ok(()),
            Err(error) => Err(self.error(&error)),
        }
    }

    fn write_request(&mut self) -> Result<(), Error> {
        while self.written < self.request.len() {
            match self.stream.write(&self.request[self.written..]) {
                Ok(n) => self.written += n,
                Err(error) if error.kind() == ErrorKind::WouldBlock => return Ok(()),
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => return Err(self.error(&error)),
            }
        }
        Ok(())
    }

    /// Reads everything the socket has now. `mio` reports readiness once
    /// per change, so reading stops only at `WouldBlock`.
    fn read_response(&mut self) -> Option<Result<(), Error>> {
        let mut buffer = [0; 16 * 1024];
        loop {
            match self.stream.read(&mut buffer) {
                Ok(0) => return Some(self.fetch.closed()),
                Ok(n) => match self
                    .fetch
                    .received(&buffer[..n], Instant::now(), &mut self.body)
                {
                    Ok(true) => return Some(Ok(())),
                    Ok(false) => {}
                    Err(error) => return Some(Err(error)),
                },
                Err(error) if error.kind() == ErrorKind::WouldBlock => return None,
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => return Some(Err(self.error(&error))),
            }
        }
    }

    fn error(&self, error: &std::io::Error) -> Error {
        self.fetch.io_error(error)
    }
}
