//! HTTP/1.1 for the real clients: URLs, requests, and responses read without I/O.
//!
//! Everything here is *sans-IO*: it never opens, reads or writes a socket.
//! It turns a URL into the bytes of a request, and turns bytes that somebody
//! else read into a body or an [`Error`]. Each style's real client does its
//! own I/O around it:
//!
//! ```text
//! connect to url.authority(), write request(&url), then repeat:
//!     read some bytes
//!     0 bytes (closed) -> reader.end_of_stream() gives the body or an error
//!     n bytes          -> reader.feed(&buf[..n]) gives Some(body), an error,
//!                         or None: read again
//! ```
//!
//! The blocking client repeats by blocking in `read`, the callback client by
//! registering with the mio event loop and returning, the async client by
//! awaiting. Because the HTTP itself lives here, the three agree on every
//! byte (framing, limits, what counts as malformed) and differ only in how
//! they wait, which is the book's point.
//!
//! What the clients do: plain `http://` URLs, one `GET` per connection
//! (`Connection: close`), and a `200` body framed by `Content-Length`, by
//! `Transfer-Encoding: chunked`, or by the server closing the connection
//! (the three [`Framing`](crate::Framing)s of a scenario's pages). Anything
//! else, such as TLS, a redirect or another status, becomes an [`Error`]
//! that says so.
//!
//! # Example
//!
//! ```
//! use threeways_core::http::{ResponseReader, request};
//! use threeways_core::url::Url;
//!
//! let url = Url::parse("http://example.com/hello")?;
//! assert_eq!(url.authority(), "example.com:80");
//! assert!(request(&url).starts_with(b"GET /hello HTTP/1.1\r\n"));
//!
//! // The bytes may arrive in any pieces: here the head is cut mid-header.
//! let mut reader = ResponseReader::new("http://example.com/hello", 1024);
//! assert_eq!(reader.feed(b"HTTP/1.1 200 OK\r\nContent-Le")?, None);
//! assert_eq!(reader.feed(b"ngth: 5\r\n\r\nhello")?, Some(b"hello".to_vec()));
//! # Ok::<(), threeways_core::Error>(())
//! ```

mod body;
mod head;
#[cfg(test)]
mod tests;

use crate::Error;
use crate::url::{DEFAULT_PORT, Url};
use body::BodyReader;
use head::read_head;

/// The reason given when a status line is not HTTP/1.x.
pub const BAD_STATUS_LINE: &str = "the status line is not HTTP/1.x";

/// The longest response head accepted, and the most trailer bytes after a
/// chunked body (trailers are headers that come late).
const MAX_HEAD_LEN: usize = 64 * 1024;

/// The request a client sends for `url`: a `GET` that asks the server to
/// close the connection after its answer, so that one response is all a
/// connection ever carries.
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
         Connection: close\r\n\
         \r\n",
        path = url.path,
        host = url.host,
    )
    .into_bytes()
}

/// Reads one response, fed with bytes as they arrive.
///
/// It never reads anything itself: the client reads from its connection in
/// its own way and passes on what it got, to [`feed`](Self::feed) while
/// bytes come and to [`end_of_stream`](Self::end_of_stream) when the server
/// closes. Memory stays bounded by the limit: the head may take 64 KiB, the
/// body at most `limit` bytes.
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
    /// The body was handed to the caller.
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

    /// Feeds the next bytes read from the connection.
    ///
    /// Returns `Ok(Some(body))` once the body is complete, and `Ok(None)` if
    /// more bytes are needed. After the body, the caller stops reading; any
    /// bytes that came after the body's end are ignored.
    ///
    /// # Errors
    ///
    /// As soon as the bytes show it: [`Error::Status`] for a status other
    /// than 200, [`Error::Unsupported`] for a redirect (which this client
    /// does not follow), [`Error::Malformed`] for bytes that are not an
    /// HTTP/1.x response, and [`Error::TooLarge`] for a body longer than the
    /// limit.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        if let State::Failed(error) = &self.state {
            return Err(error.clone());
        }
        match self.advance(bytes) {
            Ok(Some(body)) => {
                self.state = State::Done;
                Ok(Some(body))
            }
            Ok(None) => Ok(None),
            Err(failure) => Err(self.fail(failure)),
        }
    }

    /// Tells the reader that the server closed the connection (a read
    /// returned 0 bytes).
    ///
    /// Returns the body if the server's close is what ends it: when the
    /// response has neither a `Content-Length` nor chunked framing.
    ///
    /// Calling this after [`feed`](Self::feed) has returned the body is a
    /// mistake: the body was handed over then, and this returns an empty one.
    ///
    /// # Errors
    ///
    /// [`Error::Reset`] if the head, or a body whose end was announced, was
    /// incomplete.
    pub fn end_of_stream(&mut self) -> Result<Vec<u8>, Error> {
        let result = match &mut self.state {
            State::Failed(error) => return Err(error.clone()),
            // `feed` parses the head each time, so a head still here is one
            // that had not all arrived.
            State::Head(_) => Err(Failure::Reset),
            State::Body(reader) => reader.end_of_stream(),
            State::Done => Ok(Vec::new()),
        };
        match result {
            Ok(body) => {
                self.state = State::Done;
                Ok(body)
            }
            Err(failure) => Err(self.fail(failure)),
        }
    }

    /// Takes in `bytes`; the body once it is complete.
    fn advance(&mut self, bytes: &[u8]) -> Result<Option<Vec<u8>>, Failure> {
        match &mut self.state {
            State::Head(received) => {
                received.extend_from_slice(bytes);
                // httparse parses from the start each time, as it is meant
                // to be used; the head is bounded, so this is bounded too.
                let Some((head_len, framing)) = read_head(received, self.limit)? else {
                    return Ok(None);
                };
                // Keep only what followed the head: the start of the body.
                let after_head = received.split_off(head_len);
                self.state = State::Body(BodyReader::new(framing, self.limit));
                self.advance(&after_head)
            }
            State::Body(reader) => reader.feed(bytes),
            // Bytes after the body are ignored.
            State::Done => Ok(None),
            // `feed` answers with the error before it gets here.
            State::Failed(_) => Ok(None),
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
    Reset,
    Malformed(String),
    TooLarge,
    Unsupported(String),
}

impl Failure {
    fn malformed(reason: impl Into<String>) -> Failure {
        Failure::Malformed(reason.into())
    }

    fn into_error(self, url: &str, limit: usize) -> Error {
        let url = url.to_owned();
        match self {
            Failure::Status(code) => Error::Status { url, code },
            Failure::Reset => Error::Reset { url },
            Failure::Malformed(reason) => Error::Malformed { url, reason },
            Failure::TooLarge => Error::TooLarge { url, limit },
            Failure::Unsupported(reason) => Error::Unsupported { url, reason },
        }
    }
}

/// `bytes` from the response, for an error message: in backquotes, escaped,
/// and cut short if long.
fn quoted(bytes: &[u8]) -> String {
    const SHOWN: usize = 32;
    let (shown, cut) = if bytes.len() > SHOWN {
        (&bytes[..SHOWN], "...")
    } else {
        (bytes, "")
    };
    format!("`{}{cut}`", shown.escape_ascii())
}
