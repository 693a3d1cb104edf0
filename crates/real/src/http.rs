//! HTTP/1.1 for the real clients: requests, responses and timeouts, without I/O.
//!
//! Everything here is *sans-IO*: it never opens, reads or writes a socket,
//! and never waits. It turns a URL into the bytes of a request, turns bytes
//! that somebody else read into a body or an [`Error`], and says how long
//! the client may wait for the next byte. Each style's real client does its
//! own I/O around a [`Fetch`]:
//!
//! ```text
//! fetch = net.start(url, now); connect to the address, then fetch.connected(now)
//! write request(&url), then repeat:
//!     wait for bytes, at most fetch.time_left(now)   (Err: the timeout's error)
//!     0 bytes (closed) -> fetch.closed(): the body has ended, or an error
//!     n bytes          -> fetch.received(bytes, now, sink): true once the
//!                         body is complete, an error, or false: wait again
//!     an I/O error     -> fetch.io_error(&error)
//! ```
//!
//! The blocking client waits by blocking in `read` with a socket timeout,
//! the callback client by registering with the mio event loop beside one
//! timer, the async client by awaiting under `timeout_at`. Because the HTTP
//! lives here, and the timeout model in the model crate
//! (`threeways_model::timeouts`), the three agree on every
//! byte (framing, limits, what counts as malformed) and every deadline, and
//! differ only in how they wait, which is the book's point.
//!
//! What the clients do: plain `http://` URLs, one `GET` per connection
//! (`Connection: close`), and a `200` body framed by `Content-Length`, by
//! `Transfer-Encoding: chunked`, or by the server closing the connection
//! (the three [`Framing`](threeways_model::Framing)s of a scenario's pages). The body
//! goes to a [`BodySink`] as it arrives. Anything else, such as TLS, a
//! redirect or another status, becomes an [`Error`] that says so.
//!
//! # Layout
//!
//! - this file: [`request`], [`ResponseReader`] and [`BodySink`];
//! - `head.rs`: the status line and headers, interim replies, framing;
//! - `body.rs`: the body in its three framings, and the limit;
//! - `fetch.rs`: [`Fetch`], the reader and the clock of one fetch, and what
//!   each socket error means.
//!
//! # Example
//!
//! ```
//! use threeways_model::url::Url;
//! use threeways_real::http::{ResponseReader, request};
//!
//! let url = Url::parse("http://example.com/hello")?;
//! assert_eq!(url.authority(), "example.com:80");
//! assert!(request(&url).starts_with(b"GET /hello HTTP/1.1\r\n"));
//!
//! // The bytes may arrive in any pieces: here the head is cut mid-header.
//! let mut reader = ResponseReader::new("http://example.com/hello", 1024);
//! let mut body = Vec::new();
//! assert_eq!(reader.feed(b"HTTP/1.1 200 OK\r\nContent-Le", &mut body)?, false);
//! assert_eq!(reader.feed(b"ngth: 5\r\n\r\nhello", &mut body)?, true);
//! assert_eq!(body, b"hello");
//! # Ok::<(), threeways_model::Error>(())
//! ```

mod body;
mod fetch;
mod head;
#[cfg(test)]
mod tests;

pub use fetch::Fetch;

use body::BodyReader;
use head::read_head;
use threeways_model::url::{DEFAULT_PORT, Url};
use threeways_model::{Error, Oversize};

pub use threeways_model::answer::BAD_STATUS_LINE;

/// The longest response head accepted, and the most trailer bytes after a
/// chunked body (trailers are headers that come late).
const MAX_HEAD_LEN: usize = 64 * 1024;

/// The request a client sends for `url`: a `GET` that asks the server to
/// close the connection after its answer, so that one response is all a
/// connection ever carries, and for the body as it is (`identity`), not
/// compressed: the file saved is the file the server has.
///
/// The URL is sent as it is: one from [`Url::parse`] holds only visible
/// ASCII, so it cannot break the request's lines.
pub fn request(url: &Url) -> Vec<u8> {
    let port = if url.port == DEFAULT_PORT {
        String::new()
    } else {
        format!(":{}", url.port)
    };
    format!(
        "GET {path} HTTP/1.1\r\n\
         Host: {host}{port}\r\n\
         User-Agent: threeways\r\n\
         Accept: */*\r\n\
         Accept-Encoding: identity\r\n\
         Connection: close\r\n\
         \r\n",
        path = url.path,
        host = url.host,
    )
    .into_bytes()
}

/// Where the bytes of a body go as they arrive: memory, or a file.
///
/// The reader decodes the framing and checks the limit; the sink only
/// stores. A `Vec<u8>` is the simplest sink; the real world's `Spool`
/// (`crate::spool`) keeps small bodies in memory and streams large ones to a
/// temporary file.
pub trait BodySink {
    /// Stores the next bytes of the body.
    ///
    /// # Errors
    ///
    /// Whatever storing them failed with, such as [`Error::Disk`]: the
    /// fetch then fails with it.
    fn write(&mut self, data: &[u8]) -> Result<(), Error>;

    /// The server encoded the body (`Content-Encoding: gzip`, shown as
    /// `coding`) although the request asked for none. Told before the
    /// first byte; the bytes that follow are stored as they come, not
    /// decoded. Nothing by default.
    fn encoded(&mut self, coding: &str) {
        let _ = coding;
    }
}

impl BodySink for Vec<u8> {
    fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        self.extend_from_slice(data);
        Ok(())
    }
}

/// Reads one response, fed with bytes as they arrive.
///
/// It never reads anything itself: the client reads from its connection in
/// its own way and passes on what it got, to [`feed`](Self::feed) while
/// bytes come and to [`end_of_stream`](Self::end_of_stream) when the server
/// closes. The body's bytes go to a [`BodySink`] as they are decoded, so
/// the reader holds at most the head (64 KiB) and one line of framing; the
/// body is never longer than `limit`.
///
/// Once it has returned an error, it returns the same error from then on.
#[derive(Debug)]
pub struct ResponseReader {
    url: String,
    limit: usize,
    state: State,
}

/// Where a [`ResponseReader`] is in the response.
#[derive(Debug)]
enum State {
    /// The status line and headers are arriving. These are the bytes so far;
    /// the last read may also have brought the start of the body.
    Head(Vec<u8>),
    /// The head said 200, and the body is arriving.
    Body(BodyReader),
    /// The body is complete.
    Done,
    /// An error was returned.
    Failed(Error),
}

impl ResponseReader {
    /// A reader for the response to `url` (used only in error values),
    /// accepting bodies of at most `limit` bytes.
    pub fn new(url: &str, limit: usize) -> ResponseReader {
        ResponseReader {
            url: url.to_owned(),
            limit,
            state: State::Head(Vec::new()),
        }
    }

    /// Feeds the next bytes read from the connection, and writes what they
    /// hold of the body to `sink`.
    ///
    /// Returns `Ok(true)` once the body is complete, and `Ok(false)` if more
    /// bytes are needed. After the body, the caller stops reading; any bytes
    /// that came after the body's end are ignored.
    ///
    /// # Errors
    ///
    /// As soon as the bytes show it: [`Error::Status`] for a status other
    /// than 200, [`Error::Unsupported`] for a redirect (which this client
    /// does not follow), [`Error::Malformed`] for bytes that are not an
    /// HTTP/1.x response, [`Error::TooLarge`] for a body longer than the
    /// limit, and the sink's own error if it could not store the body.
    pub fn feed(&mut self, bytes: &[u8], sink: &mut dyn BodySink) -> Result<bool, Error> {
        if let State::Failed(error) = &self.state {
            return Err(error.clone());
        }
        match self.advance(bytes, sink) {
            Ok(true) => {
                self.state = State::Done;
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(failure) => Err(self.fail(failure)),
        }
    }

    /// Tells the reader that the server closed the connection (a read
    /// returned 0 bytes). `Ok` if the server's close is what ends the body:
    /// when the response has neither a `Content-Length` nor chunked
    /// framing, or the body had already ended.
    ///
    /// # Errors
    ///
    /// [`Error::NoResponse`] if the head had not all arrived, and
    /// [`Error::Reset`] if a body whose end was announced was incomplete.
    pub fn end_of_stream(&mut self) -> Result<(), Error> {
        let result = match &mut self.state {
            State::Failed(error) => return Err(error.clone()),
            // `feed` parses the head each time, so a head still here is one
            // that had not all arrived.
            State::Head(_) => Err(Failure::NoResponse),
            State::Body(reader) => reader.end_of_stream(),
            State::Done => Ok(()),
        };
        match result {
            Ok(()) => {
                self.state = State::Done;
                Ok(())
            }
            Err(failure) => Err(self.fail(failure)),
        }
    }

    /// Whether the response head has arrived: a connection that breaks
    /// before it has given no response at all.
    pub fn has_head(&self) -> bool {
        !matches!(self.state, State::Head(_))
    }

    /// Takes in `bytes`; true once the body is complete.
    fn advance(&mut self, bytes: &[u8], sink: &mut dyn BodySink) -> Result<bool, Failure> {
        match &mut self.state {
            State::Head(received) => {
                received.extend_from_slice(bytes);
                // httparse parses from the start each time, as it is meant
                // to be used; the head is bounded, so this is bounded too.
                let Some(head) = read_head(received, self.limit)? else {
                    return Ok(false);
                };
                let (head_len, framing) = (head.len, head.framing);
                if let Some(coding) = &head.content_coding {
                    sink.encoded(coding);
                }
                // Keep only what followed the head: the start of the body.
                let after_head = received.split_off(head_len);
                self.state = State::Body(BodyReader::new(framing, self.limit));
                self.advance(&after_head, sink)
            }
            State::Body(reader) => reader.feed(bytes, sink),
            // Bytes after the body are ignored.
            State::Done => Ok(true),
            // `feed` answers with the error before it gets here.
            State::Failed(_) => Ok(false),
        }
    }

    /// Turns `failure` into this response's error, and remembers it.
    fn fail(&mut self, failure: Failure) -> Error {
        let error = failure.into_error(&self.url, self.limit);
        self.state = State::Failed(error.clone());
        error
    }
}

/// An [`Error`] before the reader adds its URL and limit, so that the
/// parsing below need not carry them around.
#[derive(Debug)]
enum Failure {
    Status(u16),
    NoResponse,
    Reset,
    Malformed(String),
    TooLarge(Oversize),
    Unsupported(String),
    /// The sink could not store the body.
    Sink(Error),
}

impl Failure {
    fn malformed(reason: impl Into<String>) -> Failure {
        Failure::Malformed(reason.into())
    }

    fn into_error(self, url: &str, limit: usize) -> Error {
        let url = url.to_owned();
        match self {
            Failure::Status(code) => Error::Status { url, code },
            Failure::NoResponse => Error::NoResponse { url },
            Failure::Reset => Error::Reset { url },
            Failure::Malformed(reason) => Error::Malformed { url, reason },
            Failure::TooLarge(how) => Error::TooLarge { url, limit, how },
            Failure::Unsupported(reason) => Error::Unsupported { url, reason },
            Failure::Sink(error) => error,
        }
    }
}

/// `bytes` from the response, for an error message: in backquotes, escaped,
/// and cut short if long.
fn quoted(bytes: &[u8]) -> String {
    format!("`{}`", escaped(bytes, 32))
}

/// `bytes` escaped (`\r`, `\x7f`...), and cut to at most `shown` of them,
/// with `...` where they were cut.
fn escaped(bytes: &[u8], shown: usize) -> String {
    match bytes.get(..shown) {
        Some(start) if bytes.len() > shown => format!("{}...", start.escape_ascii()),
        _ => bytes.escape_ascii().to_string(),
    }
}
