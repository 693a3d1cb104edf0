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
//! use threeways_core::http::{ResponseReader, Url, request};
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

use crate::Error;
use std::mem;

/// The reason given when a status line is not HTTP/1.x.
pub const BAD_STATUS_LINE: &str = "the status line is not HTTP/1.x";

/// The port of an `http://` URL that names none.
const DEFAULT_PORT: u16 = 80;
/// The most headers a response may have.
const MAX_HEADERS: usize = 64;
/// The longest response head accepted, and the most trailer bytes after a
/// chunked body (trailers are headers that come late).
const MAX_HEAD_LEN: usize = 64 * 1024;
/// The longest line of chunked framing: a chunk-size line with its
/// extensions, or one trailer field.
const MAX_LINE_LEN: usize = 8 * 1024;

/// A plain-HTTP URL split into what a client needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// The host name or address, as written in the URL. An IPv6 address
    /// keeps its brackets (`[::1]`), as the `Host` header wants it.
    pub host: String,
    /// The port, 80 unless the URL names another.
    pub port: u16,
    /// The path and the query, as sent in the request line: `/a/b?c=d`.
    pub path: String,
}

impl Url {
    /// Parses `http://host[:port][/path][?query]`.
    ///
    /// The scheme may be in any case. The port defaults to 80 and the path
    /// to `/`; the query stays in [`path`](Url::path), and a `#fragment` is
    /// dropped, since it is never sent to the server.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`], with a reason that says why, for an `https`
    /// URL (this client has no TLS), any other scheme or none, a missing
    /// host, a port that is not 1 to 65535, a user name or password
    /// (`user@host`), and characters other than visible ASCII, which a URL
    /// must percent-encode.
    pub fn parse(url: &str) -> Result<Url, Error> {
        split_url(url).map_err(|reason| Error::Unsupported {
            url: url.to_owned(),
            reason,
        })
    }

    /// `host:port`, for connecting: [`std::net::ToSocketAddrs`] takes it.
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The parts of `url`, or why it cannot be fetched.
fn split_url(url: &str) -> Result<Url, String> {
    let only_http = || "only http:// URLs are supported".to_owned();
    let (scheme, rest) = url.split_once("://").ok_or_else(only_http)?;
    if scheme.eq_ignore_ascii_case("https") {
        return Err("TLS (https) is not supported; use an http:// URL".to_owned());
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(only_http());
    }
    // Everything from here goes into the request line and the Host header,
    // where a space or a CR LF would end them early.
    if let Some(bad) = rest.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "the URL contains {bad:?}; only visible ASCII is allowed, the rest must be percent-encoded"
        ));
    }
    let rest = rest
        .split_once('#')
        .map_or(rest, |(before, _fragment)| before);
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err("user names and passwords in URLs are not supported".to_owned());
    }
    let (host, port) = split_port(authority)?;
    if host.is_empty() {
        return Err("the URL has no host".to_owned());
    }
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        // Empty, or just a query: `http://host?q` asks for `/?q`.
        format!("/{path}")
    };
    Ok(Url {
        host: host.to_owned(),
        port,
        path,
    })
}

/// Splits `host[:port]` into the host and the port number.
fn split_port(authority: &str) -> Result<(&str, u16), String> {
    // An IPv6 address has colons of its own, inside brackets: `[::1]:8080`.
    let after_brackets = authority.rfind(']').map_or(0, |bracket| bracket + 1);
    let Some(colon) = authority[after_brackets..].find(':') else {
        return Ok((authority, DEFAULT_PORT));
    };
    let (host, colon_port) = authority.split_at(after_brackets + colon);
    Ok((host, parse_port(&colon_port[1..])?))
}

/// The number in a URL's port. Empty means the default, as RFC 3986 §3.2.3
/// allows (`http://host:/`).
fn parse_port(port: &str) -> Result<u16, String> {
    if port.is_empty() {
        return Ok(DEFAULT_PORT);
    }
    // `parse` alone would also take a sign: `+80`.
    let digits = port.bytes().all(|byte| byte.is_ascii_digit());
    match port.parse::<u16>() {
        Ok(number) if digits && number != 0 => Ok(number),
        _ => Err(format!("`{port}` is not a port number from 1 to 65535")),
    }
}

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

/// Reads the head at the start of `received` once all of it has arrived,
/// and returns its length and how the body after it is framed; `Ok(None)`
/// while more bytes are needed. Interim (1xx) responses are dropped from
/// `received` on the way, as RFC 9110 §15.2 asks of every client.
fn read_head(received: &mut Vec<u8>, limit: usize) -> Result<Option<(usize, Framing)>, Failure> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        let head_len = match response.parse(received).map_err(head_error)? {
            httparse::Status::Complete(head_len) if head_len <= MAX_HEAD_LEN => head_len,
            httparse::Status::Partial if received.len() <= MAX_HEAD_LEN => return Ok(None),
            _ => {
                return Err(Failure::malformed(format!(
                    "the response head is longer than {} KiB",
                    MAX_HEAD_LEN / 1024
                )));
            }
        };
        // httparse has always read the code when the head is complete.
        let Some(code) = response.code else {
            return Err(Failure::malformed(BAD_STATUS_LINE));
        };
        match code {
            // 101 would switch the connection to another protocol, which a
            // client asks for and this one never does: it is no interim.
            100 | 102..=199 => {
                received.drain(..head_len);
            }
            200 => {
                return framing(response.headers, limit).map(|framing| Some((head_len, framing)));
            }
            300..=399 => return Err(redirect(response.headers)),
            _ => return Err(Failure::Status(code)),
        }
    }
}

/// What an httparse error in the head means for the caller.
fn head_error(error: httparse::Error) -> Failure {
    match error {
        // The errors httparse finds in the status line: the version, then
        // the code and reason. The simulated network gives the same reason.
        httparse::Error::Version | httparse::Error::Status => Failure::malformed(BAD_STATUS_LINE),
        httparse::Error::TooManyHeaders => {
            Failure::malformed(format!("the response has more than {MAX_HEADERS} headers"))
        }
        other => Failure::malformed(format!("the response head is malformed: {other}")),
    }
}

/// The error for a redirect, naming where it points.
fn redirect(headers: &[httparse::Header<'_>]) -> Failure {
    let location = headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case("location"))
        .map(|header| header.value.trim_ascii())
        .filter(|location| !location.is_empty())
        .map_or_else(
            || "another address".to_owned(),
            |location| location.escape_ascii().to_string(),
        );
    Failure::Unsupported(format!(
        "the server redirects to {location}; redirects are not followed"
    ))
}

/// How the body of a 200 response with `headers` is framed.
fn framing(headers: &[httparse::Header<'_>], limit: usize) -> Result<Framing, Failure> {
    // Chunked framing wins over a Content-Length (RFC 9112 §6.3), which
    // an intermediary may have left behind.
    if is_chunked(headers)? {
        return Ok(Framing::Chunked(Chunks::new()));
    }
    match content_length(headers)? {
        // Refused before a byte of the body is read.
        Some(length) => match usize::try_from(length) {
            Ok(remaining) if remaining <= limit => Ok(Framing::Length { remaining }),
            _ => Err(Failure::TooLarge),
        },
        None => Ok(Framing::Close),
    }
}

/// Whether `Transfer-Encoding` says the body is chunked: the only transfer
/// coding this client decodes, and the only one a server may use without
/// being asked.
fn is_chunked(headers: &[httparse::Header<'_>]) -> Result<bool, Failure> {
    let mut chunked = false;
    // HTTP lists may have empty elements (`chunked, `), which mean nothing.
    for coding in list_header(headers, "transfer-encoding").filter(|coding| !coding.is_empty()) {
        if !coding.eq_ignore_ascii_case(b"chunked") {
            return Err(Failure::Unsupported(format!(
                "the server sent the body in the {} transfer coding; only chunked is supported",
                quoted(coding)
            )));
        }
        if chunked {
            return Err(Failure::malformed("the body is chunked twice"));
        }
        chunked = true;
    }
    Ok(chunked)
}

/// The length in `Content-Length`, if the response has one. Repeating the
/// same length (`5, 5`, or two headers) is allowed by RFC 9110 §8.6;
/// differing lengths leave the body's end unknown.
fn content_length(headers: &[httparse::Header<'_>]) -> Result<Option<u64>, Failure> {
    let mut length = None;
    for value in list_header(headers, "content-length") {
        let Some(parsed) = parse_decimal(value) else {
            return Err(Failure::malformed(format!(
                "the Content-Length {} is not a number",
                quoted(value)
            )));
        };
        if length.is_some_and(|length| length != parsed) {
            return Err(Failure::malformed(
                "the response has conflicting Content-Length values",
            ));
        }
        length = Some(parsed);
    }
    Ok(length)
}

/// The comma-separated elements of every header named `name`, trimmed.
fn list_header<'a>(
    headers: &'a [httparse::Header<'a>],
    name: &'a str,
) -> impl Iterator<Item = &'a [u8]> {
    headers
        .iter()
        .filter(move |header| header.name.eq_ignore_ascii_case(name))
        .flat_map(|header| header.value.split(|&byte| byte == b','))
        .map(<[u8]>::trim_ascii)
}

/// A non-empty run of ASCII digits as a number. A number past `u64::MAX`
/// becomes `u64::MAX`: as a length it is far over any limit either way.
fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0_u64, |number, &digit| {
        digit.is_ascii_digit().then(|| {
            number
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'))
        })
    })
}

/// Reads a 200 response's body, framed as its head said.
#[derive(Debug)]
struct BodyReader {
    framing: Framing,
    body: Body,
}

/// How a body's end is found: [`crate::Framing`], with what decoding it
/// needs to remember between reads.
#[derive(Debug)]
enum Framing {
    /// `Content-Length`: this many bytes are still to come.
    Length { remaining: usize },
    /// `Transfer-Encoding: chunked`.
    Chunked(Chunks),
    /// Neither: the body ends when the server closes the connection.
    Close,
}

impl BodyReader {
    fn new(framing: Framing, limit: usize) -> BodyReader {
        BodyReader {
            framing,
            body: Body {
                bytes: Vec::new(),
                limit,
            },
        }
    }

    /// Takes in `bytes`; the body once it is complete. Bytes after its end
    /// are left unread.
    fn feed(&mut self, bytes: &[u8]) -> Result<Option<Vec<u8>>, Failure> {
        let complete = match &mut self.framing {
            Framing::Length { remaining } => {
                let data = &bytes[..bytes.len().min(*remaining)];
                self.body.push(data)?;
                *remaining -= data.len();
                *remaining == 0
            }
            Framing::Chunked(chunks) => chunks.decode(bytes, &mut self.body)?,
            Framing::Close => {
                self.body.push(bytes)?;
                false
            }
        };
        Ok(complete.then(|| mem::take(&mut self.body.bytes)))
    }

    /// The body, if the server's close is what ends it.
    fn end_of_stream(&mut self) -> Result<Vec<u8>, Failure> {
        match self.framing {
            Framing::Close => Ok(mem::take(&mut self.body.bytes)),
            // The head promised an end that never came.
            Framing::Length { .. } | Framing::Chunked(_) => Err(Failure::Reset),
        }
    }
}

/// The body received so far, never longer than the limit.
#[derive(Debug)]
struct Body {
    bytes: Vec<u8>,
    limit: usize,
}

impl Body {
    /// How many more bytes the body may take.
    fn room(&self) -> usize {
        self.limit.saturating_sub(self.bytes.len())
    }

    /// Adds `data`, unless that would take the body past the limit.
    fn push(&mut self, data: &[u8]) -> Result<(), Failure> {
        if data.len() > self.room() {
            return Err(Failure::TooLarge);
        }
        self.bytes.extend_from_slice(data);
        Ok(())
    }
}

/// Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1), however it is split
/// into reads: chunks of `size in hex [;extensions] CRLF, data, CRLF`, then a
/// chunk of size 0, trailer fields, and an empty line.
#[derive(Debug)]
struct Chunks {
    expecting: Expecting,
    /// The part of a line of framing that has arrived so far.
    line: Vec<u8>,
}

/// What comes next in a chunked body.
#[derive(Debug)]
enum Expecting {
    /// A chunk's data, of which this many bytes are still to come.
    Data { remaining: usize },
    /// A line of framing, collected in [`Chunks::line`].
    Line(LineKind),
}

/// The lines of chunked framing.
#[derive(Clone, Copy, Debug)]
enum LineKind {
    /// A chunk-size line: `1a;name=value CRLF`.
    Size,
    /// The CRLF after a chunk's data.
    DataEnd,
    /// A trailer field, or the empty line that ends the body. `so_far`
    /// counts the trailer bytes before it, to bound them.
    Trailer { so_far: usize },
}

impl Chunks {
    fn new() -> Chunks {
        Chunks {
            expecting: Expecting::Line(LineKind::Size),
            line: Vec::new(),
        }
    }

    /// Decodes `input` into `body`. True once the body has ended; the rest
    /// of `input` is then left unread.
    fn decode(&mut self, mut input: &[u8], body: &mut Body) -> Result<bool, Failure> {
        while !input.is_empty() {
            match &mut self.expecting {
                Expecting::Data { remaining } => {
                    let (data, rest) = input.split_at(input.len().min(*remaining));
                    body.push(data)?;
                    *remaining -= data.len();
                    if *remaining == 0 {
                        self.expecting = Expecting::Line(LineKind::DataEnd);
                    }
                    input = rest;
                }
                Expecting::Line(kind) => {
                    let kind = *kind;
                    if take_line(&mut self.line, &mut input)? && self.end_line(kind, body.room())? {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Acts on the complete line of `kind` in `self.line`, where the body
    /// has `room` bytes left. True if the line ended the body.
    fn end_line(&mut self, kind: LineKind, room: usize) -> Result<bool, Failure> {
        let is_empty_line = self.line == b"\r\n";
        self.expecting = match kind {
            LineKind::Size => match chunk_size(&self.line)? {
                0 => Expecting::Line(LineKind::Trailer { so_far: 0 }),
                // Refused when announced, before its data is read.
                size => match usize::try_from(size) {
                    Ok(remaining) if remaining <= room => Expecting::Data { remaining },
                    _ => return Err(Failure::TooLarge),
                },
            },
            LineKind::DataEnd if is_empty_line => Expecting::Line(LineKind::Size),
            LineKind::DataEnd => {
                return Err(Failure::malformed(
                    "a chunk's data is not followed by CRLF where its size says it ends",
                ));
            }
            LineKind::Trailer { .. } if is_empty_line => return Ok(true),
            LineKind::Trailer { so_far } => {
                let so_far = so_far + self.line.len();
                if so_far > MAX_HEAD_LEN {
                    return Err(Failure::malformed(format!(
                        "the trailer fields are longer than {} KiB",
                        MAX_HEAD_LEN / 1024
                    )));
                }
                // Trailers are skipped: nothing here needs them.
                Expecting::Line(LineKind::Trailer { so_far })
            }
        };
        self.line.clear();
        Ok(false)
    }
}

/// Moves bytes from the front of `input` to `line`, up to and including the
/// first LF. True once `line` holds a whole line.
fn take_line(line: &mut Vec<u8>, input: &mut &[u8]) -> Result<bool, Failure> {
    let (len, complete) = match input.iter().position(|&byte| byte == b'\n') {
        Some(lf) => (lf + 1, true),
        None => (input.len(), false),
    };
    if line.len() + len > MAX_LINE_LEN {
        return Err(Failure::malformed(format!(
            "a line of chunked framing is longer than {} KiB",
            MAX_LINE_LEN / 1024
        )));
    }
    let (taken, rest) = input.split_at(len);
    line.extend_from_slice(taken);
    *input = rest;
    Ok(complete)
}

/// The size on a complete chunk-size line, such as `1a;name=value\r\n`.
fn chunk_size(line: &[u8]) -> Result<u64, Failure> {
    // httparse reads a line with no digits at all (`\r\n`, `;x\r\n`) as
    // size 0, which would end the body early; the RFC wants a digit.
    let starts_with_digit = line.first().is_some_and(u8::is_ascii_hexdigit);
    match httparse::parse_chunk_size(line) {
        // The line ends at its first LF, so httparse must read all of it.
        // (It answers Partial for an LF without a CR in an extension.)
        Ok(httparse::Status::Complete((len, size))) if starts_with_digit && len == line.len() => {
            Ok(size)
        }
        _ => Err(Failure::malformed(format!(
            "{} is not a chunk-size line",
            quoted(line.trim_ascii_end())
        ))),
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

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://example.com/page";
    const LIMIT: usize = 1024;

    // ---- URLs and requests ----

    fn url(host: &str, port: u16, path: &str) -> Url {
        Url {
            host: host.to_owned(),
            port,
            path: path.to_owned(),
        }
    }

    /// Why `url` is refused, checking that it is refused as unsupported.
    fn refusal(url: &str) -> String {
        match Url::parse(url) {
            Err(Error::Unsupported { url: named, reason }) => {
                assert_eq!(named, url, "the error names the URL as given");
                reason
            }
            other => panic!("{url:?}: expected Unsupported, got {other:?}"),
        }
    }

    #[test]
    fn url_defaults_to_port_80_and_the_root_path() {
        let parsed = Url::parse("http://example.com");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
        let parsed = Url::parse("http://example.com/poems/the-tyger.txt");
        assert_eq!(parsed, Ok(url("example.com", 80, "/poems/the-tyger.txt")));
        // RFC 3986 lets a URL name an empty port, which means the default.
        let parsed = Url::parse("http://example.com:/a");
        assert_eq!(parsed, Ok(url("example.com", 80, "/a")));
    }

    #[test]
    fn url_keeps_an_explicit_port() {
        let parsed = Url::parse("http://127.0.0.1:8080/news");
        assert_eq!(parsed, Ok(url("127.0.0.1", 8080, "/news")));
        let parsed = Url::parse("http://example.com:65535");
        assert_eq!(parsed, Ok(url("example.com", 65535, "/")));
    }

    #[test]
    fn url_keeps_the_query_in_the_path() {
        let parsed = Url::parse("http://example.com/search?q=tyger&page=2");
        assert_eq!(parsed, Ok(url("example.com", 80, "/search?q=tyger&page=2")));
        let parsed = Url::parse("http://example.com:81?q=1");
        assert_eq!(parsed, Ok(url("example.com", 81, "/?q=1")));
    }

    #[test]
    fn url_drops_the_fragment() {
        let parsed = Url::parse("http://example.com/a?q=1#stanza-2");
        assert_eq!(parsed, Ok(url("example.com", 80, "/a?q=1")));
        let parsed = Url::parse("http://example.com#top");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
    }

    #[test]
    fn url_accepts_the_scheme_in_any_case() {
        let parsed = Url::parse("HTTP://Example.com/A");
        assert_eq!(parsed, Ok(url("Example.com", 80, "/A")));
        let parsed = Url::parse("Http://example.com/");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
    }

    #[test]
    fn url_keeps_the_brackets_of_an_ipv6_address() {
        let parsed = Url::parse("http://[::1]:8080/x");
        assert_eq!(parsed, Ok(url("[::1]", 8080, "/x")));
        let parsed = Url::parse("http://[::1]/x");
        assert_eq!(parsed, Ok(url("[::1]", 80, "/x")));
    }

    #[test]
    fn url_refuses_https_with_a_tls_message() {
        for https in ["https://example.com/", "HTTPS://example.com:443/a"] {
            let reason = refusal(https);
            assert!(
                reason.contains("TLS") && reason.contains("https"),
                "{reason}"
            );
        }
    }

    #[test]
    fn url_refuses_other_schemes_and_none() {
        for other in [
            "ftp://example.com/file",
            "example.com/page",
            "mailto:ada@example.com",
            "",
        ] {
            assert_eq!(
                refusal(other),
                "only http:// URLs are supported",
                "{other:?}"
            );
        }
    }

    #[test]
    fn url_refuses_a_missing_host() {
        for hostless in ["http://", "http:///page", "http://:8080/", "http://?q=1"] {
            assert_eq!(refusal(hostless), "the URL has no host", "{hostless:?}");
        }
    }

    #[test]
    fn url_refuses_bad_ports() {
        for port in ["0", "65536", "http", "+80", "-1", "80:81", "99999999999"] {
            let reason = refusal(&format!("http://example.com:{port}/"));
            assert_eq!(
                reason,
                format!("`{port}` is not a port number from 1 to 65535")
            );
        }
    }

    #[test]
    fn url_refuses_a_user_name_or_password() {
        for userinfo in [
            "http://ada@example.com/",
            "http://ada:secret@example.com:81/",
        ] {
            let reason = refusal(userinfo);
            assert!(reason.contains("user names and passwords"), "{reason}");
        }
    }

    #[test]
    fn url_refuses_characters_that_would_break_the_request() {
        for (bad, shown) in [
            ("http://example.com/a b", "' '"),
            ("http://example.com/a\r\nX-Injected: 1", "'\\r'"),
            ("http://example.com/caf\u{e9}", "'\u{e9}'"),
        ] {
            let reason = refusal(bad);
            assert!(reason.contains(shown), "{reason}");
        }
    }

    #[test]
    fn authority_is_host_colon_port() {
        let authority = |url: &str| Url::parse(url).map(|url| url.authority());
        assert_eq!(
            authority("http://example.com/a"),
            Ok("example.com:80".to_owned())
        );
        let ipv6 = authority("http://[::1]:8080/");
        assert_eq!(ipv6, Ok("[::1]:8080".to_owned()));
        // Connecting takes it as it is: a literal address needs no lookup.
        let addresses =
            ipv6.map(|ipv6| std::net::ToSocketAddrs::to_socket_addrs(&ipv6).map(Vec::from_iter));
        let localhost = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080));
        assert_eq!(addresses.ok().and_then(Result::ok), Some(vec![localhost]));
    }

    #[test]
    fn request_is_a_get_that_asks_to_close() {
        let url = url("example.com", 80, "/search?q=tyger");
        assert_eq!(
            String::from_utf8(request(&url)),
            Ok("GET /search?q=tyger HTTP/1.1\r\n\
                Host: example.com\r\n\
                User-Agent: threeways\r\n\
                Accept: */*\r\n\
                Connection: close\r\n\
                \r\n"
                .to_owned())
        );
    }

    #[test]
    fn request_names_a_port_other_than_80_in_host() {
        let url = url("127.0.0.1", 8080, "/news");
        assert_eq!(
            String::from_utf8(request(&url)),
            Ok("GET /news HTTP/1.1\r\n\
                Host: 127.0.0.1:8080\r\n\
                User-Agent: threeways\r\n\
                Accept: */*\r\n\
                Connection: close\r\n\
                \r\n"
                .to_owned())
        );
    }

    // ---- Responses: helpers ----

    /// What a client gets from reading `pieces`, one read each: the body
    /// from the first `feed` that completes it, or else what `end_of_stream`
    /// says when the server closes after the last piece.
    fn read(pieces: &[&[u8]], limit: usize) -> Result<Vec<u8>, Error> {
        let mut reader = ResponseReader::new(URL, limit);
        for piece in pieces {
            if let Some(body) = reader.feed(piece)? {
                return Ok(body);
            }
        }
        reader.end_of_stream()
    }

    /// Reads `response` in one piece, byte by byte, and cut in two at every
    /// point; checks that every way gives the same, and returns that.
    fn read_every_way(response: impl AsRef<[u8]>, limit: usize) -> Result<Vec<u8>, Error> {
        let response = response.as_ref();
        let whole = read(&[response], limit);
        let bytes: Vec<&[u8]> = response.chunks(1).collect();
        assert_eq!(read(&bytes, limit), whole, "byte by byte");
        for cut in 0..=response.len() {
            let (first, second) = response.split_at(cut);
            assert_eq!(read(&[first, second], limit), whole, "cut at {cut}");
        }
        whole
    }

    fn body(bytes: &str) -> Result<Vec<u8>, Error> {
        Ok(bytes.as_bytes().to_vec())
    }

    fn malformed(reason: &str) -> Result<Vec<u8>, Error> {
        Err(Error::Malformed {
            url: URL.to_owned(),
            reason: reason.to_owned(),
        })
    }

    fn reset() -> Result<Vec<u8>, Error> {
        Err(Error::Reset {
            url: URL.to_owned(),
        })
    }

    fn too_large(limit: usize) -> Result<Vec<u8>, Error> {
        Err(Error::TooLarge {
            url: URL.to_owned(),
            limit,
        })
    }

    fn status(code: u16) -> Result<Vec<u8>, Error> {
        Err(Error::Status {
            url: URL.to_owned(),
            code,
        })
    }

    /// The reason of a `Malformed` result, checking that it is one.
    fn malformed_reason(result: Result<Vec<u8>, Error>) -> String {
        match result {
            Err(Error::Malformed { reason, .. }) => reason,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    /// A 200 response with `body`, framed by `Content-Length`.
    fn with_length(body: &[u8]) -> Vec<u8> {
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        [head.as_bytes(), body].concat()
    }

    /// A 200 response whose body is `chunks`, chunked (empty ones left out,
    /// since an empty chunk is the last).
    fn chunked(chunks: &[&[u8]]) -> Vec<u8> {
        let mut response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for chunk in chunks.iter().filter(|chunk| !chunk.is_empty()) {
            response.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            response.extend_from_slice(chunk);
            response.extend_from_slice(b"\r\n");
        }
        response.extend_from_slice(b"0\r\n\r\n");
        response
    }

    /// A 200 response with `body`, ended by the server's close.
    fn close_delimited(body: &[u8]) -> Vec<u8> {
        [b"HTTP/1.1 200 OK\r\n\r\n".as_slice(), body].concat()
    }

    // ---- Responses: framing ----

    #[test]
    fn reads_a_body_framed_by_content_length() {
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(read_every_way(response, LIMIT), body("hello"));
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), body(""));
    }

    #[test]
    fn content_length_ends_the_body_without_waiting_for_the_close() {
        let mut reader = ResponseReader::new(URL, LIMIT);
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and more";
        assert_eq!(reader.feed(response), Ok(Some(b"hello".to_vec())));
        let mut reader = ResponseReader::new(URL, LIMIT);
        let response = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(reader.feed(response), Ok(Some(Vec::new())));
    }

    #[test]
    fn reads_a_chunked_body() {
        let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                        5\r\nhello\r\n7\r\n, world\r\nA\r\n0123456789\r\n0\r\n\r\n";
        assert_eq!(
            read_every_way(response, LIMIT),
            body("hello, world0123456789")
        );
        let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), body(""));
    }

    #[test]
    fn chunked_bodies_may_have_extensions_and_trailers() {
        let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                        5;name=value\r\nhello\r\n\
                        6 ; last=\"yes\"\r\n world\r\n\
                        0;done\r\nExpires: never\r\nX-Checksum: 1234\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), body("hello world"));
    }

    #[test]
    fn chunked_wins_over_content_length() {
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n\
                        5\r\nhello\r\n0\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), body("hello"));
    }

    #[test]
    fn bytes_after_a_chunked_body_are_ignored() {
        let mut reader = ResponseReader::new(URL, LIMIT);
        let response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 junk";
        assert_eq!(reader.feed(response), Ok(Some(b"ok".to_vec())));
    }

    #[test]
    fn a_body_without_length_or_chunks_ends_with_the_stream() {
        let response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), body("all of this\r\n\r\n"));
        assert_eq!(read_every_way("HTTP/1.1 200 OK\r\n\r\n", LIMIT), body(""));
        // Only the close can end it.
        let mut reader = ResponseReader::new(URL, LIMIT);
        assert_eq!(reader.feed(response.as_bytes()), Ok(None));
        assert_eq!(reader.end_of_stream(), body("all of this\r\n\r\n"));
    }

    #[test]
    fn a_truncated_body_is_a_reset() {
        for response in [
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n",
        ] {
            assert_eq!(read_every_way(response, LIMIT), reset(), "{response:?}");
        }
    }

    #[test]
    fn a_truncated_head_is_a_reset() {
        for response in [
            "",
            "HTTP/1.1 20",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
        ] {
            assert_eq!(read_every_way(response, LIMIT), reset(), "{response:?}");
        }
    }

    // ---- Responses: heads ----

    #[test]
    fn a_status_line_that_is_not_http_1_x_is_a_bad_status_line() {
        for status_line in [
            "HTTP/1.1 two hundred OK",
            "FOO 200 OK",
            "HTTP/2 200",
            "HTTP/1.2 200 OK",
            "http/1.1 200 OK",
            "HTTP/1.1 20 OK",
            "HTTP/1.1 200OK",
        ] {
            let response = format!("{status_line}\r\nContent-Length: 2\r\n\r\nok");
            assert_eq!(
                read_every_way(response, LIMIT),
                malformed(BAD_STATUS_LINE),
                "{status_line}"
            );
        }
    }

    #[test]
    fn a_bad_status_line_reads_as_the_simulated_network_reports_it() {
        let page = crate::Page::new(URL, "ok", 10).failing(crate::Fault::MalformedStatus);
        let scenario = crate::Scenario {
            pages: vec![page],
            ..crate::Scenario::default()
        };
        let (simulated, _) = crate::sim::SimNet::new(&scenario).fetch(URL);
        let real = read(&[b"HTTP/1.1 two hundred OK\r\n\r\n"], scenario.body_limit);
        assert_eq!(real, simulated);
    }

    #[test]
    fn http_1_0_and_1_1_are_both_answers() {
        for version in ["HTTP/1.0", "HTTP/1.1"] {
            let response = format!("{version} 200 OK\r\nContent-Length: 2\r\n\r\nok");
            assert_eq!(read_every_way(response, LIMIT), body("ok"), "{version}");
        }
    }

    #[test]
    fn a_status_other_than_200_is_reported_without_reading_the_body() {
        for code in [404, 500, 201, 204, 400] {
            let response = format!("HTTP/1.1 {code} Whatever\r\nContent-Length: 3\r\n\r\nabc");
            assert_eq!(read_every_way(response, LIMIT), status(code));
        }
        let mut reader = ResponseReader::new(URL, LIMIT);
        let head = b"HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\n";
        assert_eq!(reader.feed(head), status(404).map(Some));
    }

    #[test]
    fn a_redirect_is_unsupported_and_says_where_it_points() {
        let unsupported = |reason: &str| {
            Err(Error::Unsupported {
                url: URL.to_owned(),
                reason: reason.to_owned(),
            })
        };
        let response = "HTTP/1.1 301 Moved Permanently\r\nLocation: http://example.org/new\r\n\r\n";
        assert_eq!(
            read_every_way(response, LIMIT),
            unsupported(
                "the server redirects to http://example.org/new; redirects are not followed"
            )
        );
        let response = "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(
            read_every_way(response, LIMIT),
            unsupported("the server redirects to another address; redirects are not followed")
        );
    }

    #[test]
    fn interim_responses_before_the_answer_are_skipped() {
        let response = "HTTP/1.1 100 Continue\r\n\r\n\
                        HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n\
                        HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        assert_eq!(read_every_way(response, LIMIT), body("ok"));
        // Switching protocols is no interim answer: the HTTP would end there.
        let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
        assert_eq!(read_every_way(response, LIMIT), status(101));
    }

    #[test]
    fn a_malformed_header_is_malformed_but_not_a_bad_status_line() {
        for header in ["Bad Name: x", "Name\0: x", "Value: a\rb"] {
            let response = format!("HTTP/1.1 200 OK\r\n{header}\r\nContent-Length: 0\r\n\r\n");
            let reason = malformed_reason(read_every_way(response, LIMIT));
            assert!(
                reason.starts_with("the response head is malformed: "),
                "{reason}"
            );
        }
    }

    #[test]
    fn more_than_64_headers_are_malformed() {
        let headers = |count: usize| {
            (1..count)
                .map(|i| format!("X-{i}: {i}\r\n"))
                .collect::<String>()
        };
        // 63 headers and the Content-Length: the most there may be.
        let response = format!(
            "HTTP/1.1 200 OK\r\n{}Content-Length: 2\r\n\r\nok",
            headers(64)
        );
        assert_eq!(read(&[response.as_bytes()], LIMIT), body("ok"));
        let response = format!(
            "HTTP/1.1 200 OK\r\n{}Content-Length: 2\r\n\r\nok",
            headers(65)
        );
        assert_eq!(
            read(&[response.as_bytes()], LIMIT),
            malformed("the response has more than 64 headers")
        );
    }

    #[test]
    fn a_head_longer_than_64_kib_is_malformed() {
        let too_long = malformed("the response head is longer than 64 KiB");
        let long_header = format!("X-Long: {}\r\n", "a".repeat(MAX_HEAD_LEN + 4096));
        let head = format!("HTTP/1.1 200 OK\r\n{long_header}Content-Length: 2\r\n\r\n");
        // Refused before the rest of the head arrives...
        let mut reader = ResponseReader::new(URL, LIMIT);
        let mut pieces = head.as_bytes().chunks(1024);
        let refused = pieces
            .by_ref()
            .map(|piece| reader.feed(piece))
            .find(Result::is_err);
        assert_eq!(refused, Some(too_long.clone().map(Some)));
        assert!(
            pieces.next().is_some(),
            "refused before the head's end arrived"
        );
        // ...and also when all of it comes in one read.
        let response = format!("{head}ok");
        assert_eq!(read(&[response.as_bytes()], LIMIT), too_long);
        // Just under the bound is fine.
        let long_header = format!("X-Long: {}\r\n", "a".repeat(MAX_HEAD_LEN - 100));
        let response = format!("HTTP/1.1 200 OK\r\n{long_header}Content-Length: 2\r\n\r\nok");
        assert_eq!(read(&[response.as_bytes()], LIMIT), body("ok"));
    }

    #[test]
    fn repeating_the_same_content_length_is_allowed() {
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok";
        assert_eq!(read_every_way(response, LIMIT), body("ok"));
    }

    #[test]
    fn conflicting_content_lengths_are_malformed() {
        for lengths in [
            "Content-Length: 2\r\nContent-Length: 3",
            "Content-Length: 2, 3",
        ] {
            let response = format!("HTTP/1.1 200 OK\r\n{lengths}\r\n\r\nok");
            assert_eq!(
                read_every_way(response, LIMIT),
                malformed("the response has conflicting Content-Length values")
            );
        }
    }

    #[test]
    fn a_content_length_that_is_not_a_number_is_malformed() {
        for length in ["two", "+2", "-2", "2 2", "0x2", ""] {
            let response = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\nok");
            let expected = format!("the Content-Length `{length}` is not a number");
            assert_eq!(read_every_way(response, LIMIT), malformed(&expected));
        }
    }

    #[test]
    fn a_transfer_coding_other_than_chunked_is_refused() {
        let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
        assert_eq!(
            read_every_way(response, LIMIT),
            Err(Error::Unsupported {
                url: URL.to_owned(),
                reason: "the server sent the body in the `gzip` transfer coding; only chunked is supported"
                    .to_owned()
            })
        );
        let response =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            read_every_way(response, LIMIT),
            malformed("the body is chunked twice")
        );
    }

    #[test]
    fn broken_chunk_framing_is_malformed() {
        let not_a_size = |line: &str| format!("`{line}` is not a chunk-size line");
        let data_end = "a chunk's data is not followed by CRLF where its size says it ends";
        for (chunks, reason) in [
            ("xyz\r\nhello\r\n0\r\n\r\n", not_a_size("xyz")),
            ("-5\r\nhello\r\n0\r\n\r\n", not_a_size("-5")),
            // No digits: httparse alone would read these as the last chunk.
            ("\r\nhello\r\n0\r\n\r\n", not_a_size("")),
            (";ext\r\nhello\r\n0\r\n\r\n", not_a_size(";ext")),
            // A line feed without a carriage return.
            ("5\nhello\r\n0\r\n\r\n", not_a_size("5")),
            ("5;ext\nhello\r\n0\r\n\r\n", not_a_size("5;ext")),
            // 17 hex digits do not fit in 64 bits.
            ("10000000000000000\r\n", not_a_size("10000000000000000")),
            ("3\r\nhello\r\n0\r\n\r\n", data_end.to_owned()),
            ("5\r\nhello0\r\n\r\n", data_end.to_owned()),
            ("5\r\nhello\n0\r\n\r\n", data_end.to_owned()),
        ] {
            let response = format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");
            assert_eq!(
                read_every_way(response, LIMIT),
                malformed(&reason),
                "{chunks:?}"
            );
        }
    }

    #[test]
    fn chunk_lines_and_trailers_are_bounded() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        let long_extension = format!("{head}5;{}\r\nhello\r\n0\r\n\r\n", "x".repeat(MAX_LINE_LEN));
        assert_eq!(
            read(&[long_extension.as_bytes()], LIMIT),
            malformed("a line of chunked framing is longer than 8 KiB")
        );
        let trailer = format!("X-T: {}\r\n", "t".repeat(1000));
        let many_trailers = format!("{head}0\r\n{}\r\n", trailer.repeat(70));
        assert_eq!(
            read(&[many_trailers.as_bytes()], LIMIT),
            malformed("the trailer fields are longer than 64 KiB")
        );
    }

    #[test]
    fn an_error_is_returned_again_if_the_caller_goes_on() {
        let mut reader = ResponseReader::new(URL, LIMIT);
        let head = b"HTTP/1.1 404 Not Found\r\n\r\n";
        assert_eq!(reader.feed(head), status(404).map(Some));
        assert_eq!(
            reader.feed(b"HTTP/1.1 200 OK\r\n\r\n"),
            status(404).map(Some)
        );
        assert_eq!(reader.end_of_stream(), status(404));
    }

    // ---- Responses: the limit ----

    /// `body` in each framing; the chunked one in several chunks, to show
    /// that the limit counts them together.
    fn every_framing(body: &[u8]) -> [Vec<u8>; 3] {
        let chunks: Vec<&[u8]> = body.chunks(3).collect();
        [with_length(body), chunked(&chunks), close_delimited(body)]
    }

    #[test]
    fn a_body_of_exactly_the_limit_is_accepted_in_every_framing() {
        for response in every_framing(b"0123456789") {
            assert_eq!(read_every_way(&response, 10), body("0123456789"));
        }
    }

    #[test]
    fn a_body_one_byte_over_the_limit_is_too_large_in_every_framing() {
        for response in every_framing(b"0123456789") {
            assert_eq!(read_every_way(&response, 9), too_large(9));
        }
    }

    #[test]
    fn a_huge_content_length_is_refused_before_the_body() {
        for length in ["1025", "18446744073709551615", "99999999999999999999999999"] {
            let mut reader = ResponseReader::new(URL, LIMIT);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
            assert_eq!(
                reader.feed(head.as_bytes()),
                too_large(LIMIT).map(Some),
                "{length}"
            );
        }
    }

    #[test]
    fn a_chunk_over_the_limit_is_refused_when_announced() {
        for size in ["401", "ffffffffffffffff"] {
            let mut reader = ResponseReader::new(URL, LIMIT);
            let head = format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\n");
            assert_eq!(
                reader.feed(head.as_bytes()),
                too_large(LIMIT).map(Some),
                "{size}"
            );
        }
    }

    // ---- Responses: random bodies ----

    /// A tiny deterministic random generator (xorshift64): no dependency,
    /// and every run tests the same cases.
    struct XorShift(u64);

    impl XorShift {
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A number below `bound`.
        fn below(&mut self, bound: usize) -> usize {
            (self.next_u64() % bound as u64) as usize
        }

        /// `bytes` cut at up to four random points; pieces may be empty.
        fn cut<'a>(&mut self, bytes: &'a [u8]) -> Vec<&'a [u8]> {
            let mut cuts: Vec<usize> = (0..self.below(5))
                .map(|_| self.below(bytes.len() + 1))
                .collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut start = 0;
            for cut in cuts {
                pieces.push(&bytes[start..cut]);
                start = cut;
            }
            pieces.push(&bytes[start..]);
            pieces
        }
    }

    #[test]
    fn random_bodies_come_back_whole_in_every_framing_and_any_pieces() {
        let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let len = random.below(300);
            let sent: Vec<u8> = (0..len).map(|_| random.next_u64() as u8).collect();
            let chunks = random.cut(&sent);
            for response in [with_length(&sent), chunked(&chunks), close_delimited(&sent)] {
                let reads = random.cut(&response);
                // A limit of exactly the body's length, which must be enough.
                assert_eq!(read(&reads, sent.len()), Ok(sent.clone()), "round {round}");
            }
        }
    }

    #[test]
    fn corrupted_responses_give_an_answer_within_the_limit_not_a_panic() {
        let mut random = XorShift(0x2545_F491_4F6C_DD1D);
        for round in 0..400 {
            let sent: Vec<u8> = (0..random.below(100))
                .map(|_| random.next_u64() as u8)
                .collect();
            let chunks = random.cut(&sent);
            for mut response in [with_length(&sent), chunked(&chunks), close_delimited(&sent)] {
                for _ in 0..=random.below(3) {
                    let at = random.below(response.len());
                    response[at] = random.next_u64() as u8;
                }
                let limit = random.below(120);
                if let Ok(body) = read(&random.cut(&response), limit) {
                    assert!(body.len() <= limit, "round {round}");
                }
            }
        }
    }
}
