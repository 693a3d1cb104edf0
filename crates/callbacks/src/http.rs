//! The real HTTP client of the callback style: a non-blocking `mio` socket
//! driven by the event loop, one readiness event at a time. Parsing is
//! shared with the other styles (`threeways_core::http`); only the waiting
//! is this style's own.
//!
//! A fetch is a small state machine: connect, write the request, read until
//! the response is complete. The loop calls [`Connection::on_ready`] each
//! time the socket can make progress, and a timer gives up after the
//! network's timeout. Whichever finishes first takes the continuation, so
//! it is called exactly once.

use crate::{EventLoop, TimerId};
use mio::event::Event;
use mio::net::TcpStream;
use mio::{Interest, Token};
use std::cell::RefCell;
use std::io::{ErrorKind, Read as _, Write as _};
use std::rc::Rc;
use threeways_core::Error;
use threeways_core::http::{ResponseReader, request};
use threeways_core::world::{RealNet, network_error};

type Then = Box<dyn FnOnce(&mut EventLoop, Result<Vec<u8>, Error>)>;

/// A fetch in progress.
struct Connection {
    url: String,
    net: RealNet,
    stream: TcpStream,
    token: Token,
    connected: bool,
    request: Vec<u8>,
    written: usize,
    response: ResponseReader,
    timer: TimerId,
    then: Then,
}

/// The connection, shared by its socket handler and its timeout timer;
/// `None` once one of them has finished it.
type Shared = Rc<RefCell<Option<Connection>>>;

/// Starts fetching `url`; `then` gets the body or the error, always later,
/// from the loop (never from inside this call).
pub(crate) fn fetch(lp: &mut EventLoop, net: &RealNet, url: &str, then: Then) {
    match connect(net, url) {
        Ok(stream) => start(lp, net, url, stream, then),
        Err(error) => lp.post(move |lp| then(lp, Err(error))),
    }
}

/// Starts a non-blocking connect (the host lookup before it blocks; see
/// [`RealNet::address`]).
fn connect(net: &RealNet, url: &str) -> Result<TcpStream, Error> {
    let (_, address) = net.address(url)?;
    TcpStream::connect(address).map_err(|error| network_error(url, net.timeout, &error))
}

fn start(lp: &mut EventLoop, net: &RealNet, url: &str, mut stream: TcpStream, then: Then) {
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
            let error = network_error(url, net.timeout, &error);
            return lp.post(move |lp| then(lp, Err(error)));
        }
    };
    let timer = {
        let shared = Rc::clone(&shared);
        let (url, after) = (url.to_owned(), net.timeout);
        lp.set_timer(net.timeout, move |lp| {
            finish(
                lp,
                &shared,
                Err(Error::TimedOut { url, after }),
                Ended::ByTimer,
            );
        })
    };
    let target = net.target(url).expect("connect() parsed it already");
    *shared.borrow_mut() = Some(Connection {
        url: url.to_owned(),
        net: net.clone(),
        stream,
        token,
        connected: false,
        request: request(&target),
        written: 0,
        response: ResponseReader::new(url, net.body_limit),
        timer,
        then,
    });
}

/// Makes what progress the socket allows. Returns whether to keep watching.
fn on_ready(lp: &mut EventLoop, shared: &Shared, event: &Event) -> bool {
    let step = {
        let mut guard = shared.borrow_mut();
        let Some(connection) = guard.as_mut() else {
            return false;
        };
        connection.progress(event)
    };
    match step {
        None => true,
        Some(result) => {
            finish(lp, shared, result, Ended::BySocket);
            false
        }
    }
}

/// Which of the two ended a fetch.
#[derive(PartialEq)]
enum Ended {
    BySocket,
    ByTimer,
}

/// Ends the fetch, if nothing has ended it yet, and queues its continuation.
fn finish(lp: &mut EventLoop, shared: &Shared, result: Result<Vec<u8>, Error>, ended: Ended) {
    let Some(mut connection) = shared.borrow_mut().take() else {
        return; // the timer and the socket raced, and the other one won
    };
    if ended == Ended::BySocket {
        lp.cancel_timer(connection.timer); // a timer that has run is gone
    }
    lp.unwatch(&mut connection.stream, connection.token);
    let then = connection.then;
    lp.post(move |lp| then(lp, result));
}

impl Connection {
    /// One step of the state machine: `Some(result)` when the fetch is over.
    fn progress(&mut self, event: &Event) -> Option<Result<Vec<u8>, Error>> {
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
                url: self.url.clone(),
            });
        }
        match self.stream.peer_addr() {
            Ok(_) => {
                self.connected = true;
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
    fn read_response(&mut self) -> Option<Result<Vec<u8>, Error>> {
        let mut buffer = [0; 16 * 1024];
        loop {
            match self.stream.read(&mut buffer) {
                Ok(0) => return Some(self.response.end_of_stream()),
                Ok(n) => match self.response.feed(&buffer[..n]) {
                    Ok(Some(body)) => return Some(Ok(body)),
                    Ok(None) => {}
                    Err(error) => return Some(Err(error)),
                },
                Err(error) if error.kind() == ErrorKind::WouldBlock => return None,
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => return Some(Err(self.error(&error))),
            }
        }
    }

    fn error(&self, error: &std::io::Error) -> Error {
        network_error(&self.url, self.net.timeout, error)
    }
}
