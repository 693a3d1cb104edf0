//! A real HTTP/1.1 server on 127.0.0.1 that serves a scenario.
//!
//! The simulated network (`threeways_sim::SimNet`) says what each fetch gives
//! and how long it would take. With `--real`, the three styles fetch over
//! real TCP instead, from this server, and the tests fetch from it too. For
//! the two worlds to agree, the server produces, for each page, the
//! situation in which a correct client reports what the simulation reports,
//! after the same wait.
//!
//! It binds the loopback address only: it serves made-up pages to programs
//! on the same machine, and nothing else should be able to reach it.
//!
//! # How a request is answered
//!
//! Each connection carries one request and gets its own thread. The request
//! is matched to a page by its path alone (`/news` is the page at
//! `http://example.com/news`), and every answer says `Connection: close` and
//! then closes. A request that is not HTTP, or whose head is not complete
//! within 5 s or 16 KiB, gets `400 Bad Request`.
//!
//! | The page          | What the server does                                             | What a client reports                   |
//! |-------------------|------------------------------------------------------------------|-----------------------------------------|
//! | none at that path | `404 Not Found`, at once                                         | [`Error::Status`] 404                   |
//! | no fault          | waits the latency, sends `200 OK` framed per the page's framing  | the body ([`Error::TooLarge`] if over the body limit) |
//! | `Status(code)`    | waits the latency, sends that status                             | [`Error::Status`] with that code        |
//! | `MalformedStatus` | waits the latency, sends `HTTP/1.1 two hundred OK`               | [`Error::Malformed`]                    |
//! | `Oversized`       | waits the latency, promises and sends `body_limit + 1` bytes     | [`Error::TooLarge`]                     |
//! | `ResetMidBody`    | waits the latency, sends the head and half the body, then resets | [`Error::Reset`]                        |
//! | `Silent`          | reads the request and never answers                              | the idle timeout's error (or the deadline's) |
//! | `DripBody`        | sends the head, then a byte of the body every so often           | the body, or a timeout's error          |
//! | `DripHead`        | sends the head a byte every so often, then the body              | the body, or a timeout's error          |
//! | `EndlessInterim`  | sends `100 Continue` every so often, forever                     | a timeout's error                       |
//! | `DeclaredUnsent`  | sends a head with a `Content-Length`, then nothing               | the idle timeout's error (or the deadline's) |
//! | `Refused`         | is never asked: [`Server::url_for`] points at a closed port      | [`Error::Refused`], at once             |
//!
//! [`Error::Status`]: threeways_model::Error::Status
//! [`Error::TooLarge`]: threeways_model::Error::TooLarge
//! [`Error::Malformed`]: threeways_model::Error::Malformed
//! [`Error::Reset`]: threeways_model::Error::Reset
//! [`Error::TimedOut`]: threeways_model::Error::TimedOut
//! [`Error::Refused`]: threeways_model::Error::Refused
//!
//! A silent connection is held until the client gives up and closes it, but
//! for at most four times the scenario's idle timeout (or deadline), so that every connection
//! thread ends on its own. Dropping the [`Server`] stops it accepting; the
//! connection threads still under way finish by themselves.

use socket2::SockRef;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use threeways_model::answer::{chunk_size, content_length, head, reason_phrase};
use threeways_model::url::UrlParts;
use threeways_model::{Fault, Framing, Page, Scenario};

/// How long a client may take to send a complete request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// The longest request head the server reads.
const MAX_HEAD: usize = 16 * 1024;
/// How many headers a request may have.
const MAX_HEADERS: usize = 64;
/// How long one write to a client may block: a client that stops reading
/// cannot hold a connection thread forever.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a silent connection is held, whatever the scenario's timeout:
/// a bound that keeps the deadline arithmetic from overflowing.
const LONGEST_SILENCE: Duration = Duration::from_secs(60 * 60);
/// How long `Drop` tries to connect to the server to wake its accept loop.
const WAKE_TIMEOUT: Duration = Duration::from_millis(200);
/// How long the accept loop pauses after a failed accept, such as when the
/// process is out of file descriptors, before it tries again.
const ACCEPT_RETRY: Duration = Duration::from_millis(10);
/// What the server sends for `Fault::MalformedStatus`: a status line whose
/// code is not three digits.
const MALFORMED_RESPONSE: &[u8] = b"HTTP/1.1 two hundred OK\r\nContent-Length: 2\r\n\r\nok";

/// An HTTP/1.1 server on 127.0.0.1 that serves a scenario's pages, with
/// their latencies and faults. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    /// Where nothing listens, for the pages whose fault is `Refused`.
    refused_addr: SocketAddr,
    site: Arc<Site>,
    stopping: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 port 0 and starts serving `scenario` on background
    /// threads.
    pub fn start(scenario: &Scenario) -> io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let refused_addr = unused_address()?;
        let site = Arc::new(Site::new(scenario));
        let stopping = Arc::new(AtomicBool::new(false));
        let accept_thread = thread::Builder::new().name("server-accept".into()).spawn({
            let site = Arc::clone(&site);
            let stopping = Arc::clone(&stopping);
            move || accept_loop(&listener, &site, &stopping)
        })?;
        Ok(Server {
            addr,
            refused_addr,
            site,
            stopping,
            accept_thread: Some(accept_thread),
        })
    }

    /// The URL to fetch instead of `url`: the same path and query on this
    /// server, whatever the host (`http://example.com/news` becomes
    /// `http://127.0.0.1:PORT/news`). A path with no page maps here too, and
    /// is answered with 404. A page whose fault is `Refused` maps to an
    /// address where nothing listens.
    pub fn url_for(&self, url: &str) -> String {
        let target = target_of(url);
        let refused = self
            .site
            .page(path_of(&target))
            .is_some_and(|page| page.fault == Some(Fault::Refused));
        let addr = if refused {
            self.refused_addr
        } else {
            self.addr
        };
        format!("http://{addr}{target}")
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The accept loop is blocked in `accept`. A connection of our own
        // wakes it; it sees the flag, stops, and drops the listener.
        let woken = TcpStream::connect_timeout(&self.addr, WAKE_TIMEOUT).is_ok();
        // Without a wake-up the accept loop stops at its next connection;
        // joining it now could hang, so it is left to end by itself.
        if woken && let Some(accept_thread) = self.accept_thread.take() {
            // It only returns, and never panics: there is nothing to report.
            let _ = accept_thread.join();
        }
    }
}

/// What the server serves: the scenario's pages and the limits that shape
/// its faults, shared by all connection threads.
#[derive(Debug)]
struct Site {
    pages: Vec<Page>,
    /// How long a silent connection is held at most.
    silence_limit: Duration,
    body_limit: usize,
    /// How many connections are being served: the tests watch it to see
    /// that connection threads end.
    open_connections: AtomicUsize,
}

impl Site {
    fn new(scenario: &Scenario) -> Site {
        Site {
            pages: scenario.pages.clone(),
            silence_limit: scenario
                .timeouts
                .silent_server("")
                .1
                .saturating_mul(4)
                .min(LONGEST_SILENCE),
            body_limit: scenario.body_limit,
            open_connections: AtomicUsize::new(0),
        }
    }

    /// The page whose URL has this path, if any; the first, like
    /// [`Scenario::page`].
    fn page(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|page| path_of(&page.url) == path)
    }

    #[cfg(test)]
    fn open_connections(&self) -> usize {
        self.open_connections.load(Ordering::SeqCst)
    }
}

/// Counts a connection as open for as long as it lives.
struct OpenConnection<'a>(&'a AtomicUsize);

impl<'a> OpenConnection<'a> {
    fn new(count: &'a AtomicUsize) -> OpenConnection<'a> {
        count.fetch_add(1, Ordering::SeqCst);
        OpenConnection(count)
    }
}

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An address on 127.0.0.1 where nothing listens: a port the system just
/// gave out and took back. Something else could bind it later, but the
/// system picks among tens of thousands of ports, so during a run that is
/// very unlikely.
fn unused_address() -> io::Result<SocketAddr> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()
}

/// Accepts connections and serves each on its own thread, until `stopping`.
fn accept_loop(listener: &TcpListener, site: &Arc<Site>, stopping: &AtomicBool) {
    for stream in listener.incoming() {
        // Checked after each accept: the connection that `Drop` makes to
        // wake this loop is the last one it sees.
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        match stream {
            Ok(stream) => spawn_connection(stream, site),
            Err(_) => thread::sleep(ACCEPT_RETRY),
        }
    }
}

fn spawn_connection(stream: TcpStream, site: &Arc<Site>) {
    let site = Arc::clone(site);
    let spawned = thread::Builder::new()
        .name("server-conn".into())
        .spawn(move || serve(stream, &site));
    // The handle is dropped: a connection thread ends on its own, and
    // nobody waits for it. If no thread could be started, the closure was
    // dropped with the stream in it: the client sees the connection close
    // without an answer, which is all a server out of threads can offer.
    drop(spawned);
}

/// Serves one connection: one request, one answer, then close.
fn serve(stream: TcpStream, site: &Site) {
    let _open = OpenConnection::new(&site.open_connections);
    // Every error here is an I/O error on this connection, and almost always
    // means the client went away: it gave up on a slow or oversized answer,
    // or timed out. There is nobody left to tell, so the connection closes.
    let _ = answer(stream, site);
}

fn answer(mut stream: TcpStream, site: &Site) -> io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    // Answers are written in several pieces (head, chunks); without this,
    // Nagle's algorithm could hold a piece back until the client acks.
    stream.set_nodelay(true)?;
    let Some(path) = read_request_path(&mut stream) else {
        return send_status(&mut stream, 400);
    };
    let Some(page) = site.page(&path) else {
        return send_status(&mut stream, 404);
    };
    // A silent or refusing server never answers, so it has no latency to
    // wait out: the client's timeout, or its failed connect, ends the wait.
    // A slow one takes its time from its drip alone.
    if !matches!(
        page.fault,
        Some(
            Fault::Silent
                | Fault::Refused
                | Fault::DripBody { .. }
                | Fault::DripHead { .. }
                | Fault::EndlessInterim { .. }
                | Fault::DeclaredUnsent
        )
    ) {
        thread::sleep(page.latency);
    }
    match page.fault {
        None => send_page(&mut stream, &page.body, page.framing),
        Some(Fault::Status(code)) => send_status(&mut stream, code),
        Some(Fault::MalformedStatus) => stream.write_all(MALFORMED_RESPONSE),
        Some(Fault::Oversized) => send_filler(&mut stream, site.body_limit.saturating_add(1)),
        Some(Fault::ResetMidBody) => send_half_then_reset(stream, &page.body),
        Some(Fault::Silent) => {
            wait_for_close(&mut stream, site.silence_limit);
            Ok(())
        }
        Some(Fault::DripBody { every }) => {
            stream.write_all(head(200, &content_length(page.body.len())).as_bytes())?;
            drip(&mut stream, &page.body, every, site.silence_limit)
        }
        Some(Fault::DripHead { every }) => {
            let head = head(200, &content_length(page.body.len()));
            drip(&mut stream, head.as_bytes(), every, site.silence_limit)?;
            stream.write_all(&page.body)
        }
        Some(Fault::EndlessInterim { every }) => {
            let until = Instant::now() + site.silence_limit;
            while Instant::now() < until {
                stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
                thread::sleep(every);
            }
            Ok(())
        }
        Some(Fault::DeclaredUnsent) => {
            let length = content_length(page.body.len().max(1));
            stream.write_all(head(200, &length).as_bytes())?;
            wait_for_close(&mut stream, site.silence_limit);
            Ok(())
        }
        // `url_for` sends clients of this page to a closed port. One that
        // comes here anyway is turned away as a refused connect is: with
        // a reset.
        Some(Fault::Refused) => reset(stream),
    }
}

/// Reads one request head and returns its path, or `None` if it is not
/// HTTP, too long, or not complete in time.
fn read_request_path(stream: &mut TcpStream) -> Option<String> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                return request.path.map(|p| path_of(p).to_owned());
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => return None,
        }
        let room = MAX_HEAD.saturating_sub(head.len()).min(buffer.len());
        if room == 0 {
            return None;
        }
        // A client that closes before its head is complete gets a 400 too,
        // for the little good it does.
        match read_before(stream, deadline, &mut buffer[..room]) {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Reads what the client sends until it closes the connection, or until
/// `limit` has passed.
fn wait_for_close(stream: &mut TcpStream, limit: Duration) {
    let deadline = Instant::now() + limit;
    let mut buffer = [0; 1024];
    // Anything the client sends is read and ignored; only the end matters.
    while let Ok(1..) = read_before(stream, deadline, &mut buffer) {}
}

/// Reads once, waiting no later than `deadline`. Retries a read that a
/// signal interrupted; a deadline already past is a `TimedOut` error.
fn read_before(stream: &mut TcpStream, deadline: Instant, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        // A zero timeout would mean "no timeout" to the system, so std
        // rejects it; a deadline that has come is simply a timeout.
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(buffer) {
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

/// Sends `200 OK` with `body`, marking its end as `framing` says.
fn send_page(stream: &mut TcpStream, body: &[u8], framing: Framing) -> io::Result<()> {
    match framing {
        Framing::Length => {
            // The head and a small body in one write, as a buffered server
            // sends them: one segment, so that a client sees one readiness
            // for both (our executor's `--polls` trace shows each).
            let mut buffered = io::BufWriter::with_capacity(16 * 1024, stream);
            buffered.write_all(head(200, &content_length(body.len())).as_bytes())?;
            buffered.write_all(body)?;
            buffered.flush()
        }
        Framing::Chunked => {
            stream.write_all(head(200, "Transfer-Encoding: chunked\r\n").as_bytes())?;
            let size = chunk_size(body.len());
            let mut buffered = io::BufWriter::new(stream);
            for piece in body.chunks(size) {
                buffered.write_all(&chunk(piece))?;
            }
            buffered.write_all(&chunk(&[]))?;
            buffered.flush()
        }
        // The body ends where the connection does: the caller closes it.
        Framing::Close => {
            stream.write_all(head(200, "").as_bytes())?;
            stream.write_all(body)
        }
    }
}

/// Sends `bytes` one at a time, each after `every`, for at most `limit` in
/// all. A client that has given up and closed makes a write fail, which
/// ends it sooner.
fn drip(stream: &mut TcpStream, bytes: &[u8], every: Duration, limit: Duration) -> io::Result<()> {
    let until = Instant::now() + limit;
    for byte in bytes {
        if Instant::now() >= until {
            break;
        }
        thread::sleep(every);
        stream.write_all(std::slice::from_ref(byte))?;
    }
    Ok(())
}

/// Sends `code` with a short body that repeats it, such as `404 Not Found`.
fn send_status(stream: &mut TcpStream, code: u16) -> io::Result<()> {
    let body = format!("{code} {}\n", reason_phrase(code));
    stream.write_all(head(code, &content_length(body.len())).as_bytes())?;
    stream.write_all(body.as_bytes())
}

/// Sends `200 OK` with a body of `len` filler bytes, a piece at a time, so
/// that a large body is never all in memory at once. A client that has seen
/// enough closes early; the next write then fails and ends the answer.
fn send_filler(stream: &mut TcpStream, len: usize) -> io::Result<()> {
    const FILLER: [u8; 8192] = [b'x'; 8192];
    stream.write_all(head(200, &content_length(len)).as_bytes())?;
    let mut left = len;
    while left > 0 {
        let piece = left.min(FILLER.len());
        stream.write_all(&FILLER[..piece])?;
        left -= piece;
    }
    Ok(())
}

/// Promises `body` with a `Content-Length`, sends half of it, then resets
/// the connection, so that the client's read fails or ends early.
fn send_half_then_reset(mut stream: TcpStream, body: &[u8]) -> io::Result<()> {
    // With fewer than two bytes, half the body would be all of it or none.
    let mut body = body.to_vec();
    body.resize(body.len().max(2), b'.');
    stream.write_all(head(200, &content_length(body.len())).as_bytes())?;
    stream.write_all(&body[..body.len() / 2])?;
    stream.flush()?;
    // What was written is already queued on the client's side, ahead of
    // the reset, so the client reads the head and half the body first.
    reset(stream)
}

/// Closes the connection with a TCP reset rather than the usual orderly
/// close: with a linger time of zero, closing discards what is unsent and
/// sends RST.
fn reset(stream: TcpStream) -> io::Result<()> {
    SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;
    drop(stream);
    Ok(())
}

/// One chunk of a chunked body: its size in hex, the bytes, CRLF. An empty
/// chunk is the last one.
fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
    chunk.extend_from_slice(bytes);
    chunk.extend_from_slice(b"\r\n");
    chunk
}

/// The part of a URL from its path on, whatever its scheme and host:
/// `http://example.com/news?day=1` gives `/news?day=1`, and a request
/// target such as `/news` is already one. A URL without a path gives `/`.
fn target_of(url: &str) -> String {
    let target = UrlParts::of(url).target;
    if target.starts_with('/') {
        target.to_owned()
    } else {
        format!("/{target}")
    }
}

/// The path of a URL or request target, without query or fragment:
/// `http://example.com/news?day=1` and `/news` both give `/news`.
fn path_of(url: &str) -> &str {
    match UrlParts::of(url).path {
        "" => "/",
        path => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::timeouts::Timeouts;

    const POEM: &str = "Tyger Tyger, burning bright, in the forests of the night";

    /// Timeouts that give a silent connection `after`.
    fn idle(after: Duration) -> Timeouts {
        Timeouts {
            idle: after,
            ..Timeouts::DEFAULT
        }
    }

    fn scenario(pages: Vec<Page>) -> Scenario {
        Scenario {
            pages,
            timeouts: idle(Duration::from_millis(300)),
            ..Scenario::default()
        }
    }

    fn start(pages: Vec<Page>) -> Server {
        Server::start(&scenario(pages)).expect("the server starts")
    }

    /// The host and port, and the request target, of a URL from `url_for`.
    fn split_local_url(url: &str) -> (&str, &str) {
        let rest = url.strip_prefix("http://").expect("an http URL");
        let start = rest.find('/').expect("a path");
        rest.split_at(start)
    }

    /// Connects to the server that `url` points at and sends a GET for it.
    fn send_get(url: &str) -> TcpStream {
        let (host, target) = split_local_url(url);
        let mut stream = TcpStream::connect(host).expect("connect");
        let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .expect("send the request");
        stream
    }

    /// Everything the server sends before the connection ends, and the
    /// error that ended it, if it did not end with a plain EOF.
    fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, Option<io::Error>) {
        let mut received = Vec::new();
        let mut buffer = [0; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => return (received, None),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
                Err(error) => return (received, Some(error)),
            }
        }
    }

    /// The whole response to a GET of `server.url_for(url)`.
    fn get(server: &Server, url: &str) -> Vec<u8> {
        let mut stream = send_get(&server.url_for(url));
        let (received, error) = read_until_closed(&mut stream);
        assert!(error.is_none(), "the response ends with EOF, not {error:?}");
        received
    }

    /// A response split into its head, as text, and its body.
    fn split_response(response: &[u8]) -> (String, Vec<u8>) {
        let end = response
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("a complete head")
            + 4;
        let head = String::from_utf8(response[..end].to_vec()).expect("a text head");
        (head, response[end..].to_vec())
    }

    /// The status code and `Content-Length` of a response head.
    fn parse_head(response: &[u8]) -> (u16, Option<usize>) {
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut parsed = httparse::Response::new(&mut headers);
        let status = parsed.parse(response).expect("an HTTP response");
        assert!(status.is_complete(), "a complete head");
        let length = parsed
            .headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case("content-length"))
            .map(|header| {
                let value = std::str::from_utf8(header.value).expect("a text length");
                value.parse().expect("a number")
            });
        (parsed.code.expect("a status code"), length)
    }

    /// Decodes a chunked body, returning it and how many data chunks it came
    /// in, or `None` if it is not exactly a chunked body.
    fn decode_chunked(mut rest: &[u8]) -> Option<(Vec<u8>, usize)> {
        let mut body = Vec::new();
        let mut chunks = 0;
        loop {
            let line_end = rest.windows(2).position(|window| window == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?, 16).ok()?;
            rest = &rest[line_end + 2..];
            let (data, after) = rest.split_at_checked(size)?;
            rest = after.strip_prefix(b"\r\n")?;
            if size == 0 {
                return rest.is_empty().then_some((body, chunks));
            }
            body.extend_from_slice(data);
            chunks += 1;
        }
    }

    /// Whether `condition` holds within `limit`, checking every few ms.
    fn eventually(limit: Duration, condition: impl Fn() -> bool) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if condition() {
                return true;
            }
            thread::sleep(Duration::from_millis(5));
        }
        condition()
    }

    /// Opens a connection to a silent page and waits until the server is
    /// serving it.
    fn open_silent_connection(server: &Server, url: &str) -> TcpStream {
        let stream = send_get(&server.url_for(url));
        let serving = eventually(Duration::from_secs(1), || {
            server.site.open_connections() == 1
        });
        assert!(serving, "the server serves the silent connection");
        stream
    }

    #[test]
    fn length_framing_sends_content_length_and_the_body() {
        let server = start(vec![Page::new("http://example.com/poem", POEM, 0)]);
        let (head, body) = split_response(&get(&server, "http://example.com/poem"));
        let expected = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            POEM.len()
        );
        assert_eq!(head, expected);
        assert_eq!(body, POEM.as_bytes());
    }

    #[test]
    fn chunked_framing_sends_several_chunks_that_decode_to_the_body() {
        let page = Page::new("http://example.com/poem", POEM, 0).framed(Framing::Chunked);
        let server = start(vec![page]);
        let (head, body) = split_response(&get(&server, "http://example.com/poem"));
        assert_eq!(
            head,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        let (decoded, chunks) = decode_chunked(&body).expect("a chunked body");
        assert_eq!(decoded, POEM.as_bytes());
        assert_eq!(
            chunks,
            POEM.len().div_ceil(threeways_model::answer::CHUNK_SIZE)
        );
        assert!(chunks > 1, "the body comes in several chunks");
    }

    #[test]
    fn close_framing_sends_the_body_until_the_connection_closes() {
        let page = Page::new("http://example.com/poem", POEM, 0).framed(Framing::Close);
        let server = start(vec![page]);
        let (head, body) = split_response(&get(&server, "http://example.com/poem"));
        assert_eq!(head, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        assert_eq!(body, POEM.as_bytes());
    }

    #[test]
    fn an_empty_chunked_body_is_only_the_last_chunk() {
        let page = Page::new("http://example.com/empty", "", 0).framed(Framing::Chunked);
        let server = start(vec![page]);
        let (_, body) = split_response(&get(&server, "http://example.com/empty"));
        assert_eq!(body, b"0\r\n\r\n");
    }

    #[test]
    fn the_answer_comes_after_the_page_latency() {
        let server = start(vec![Page::new("http://example.com/slow", "late", 50)]);
        let started = Instant::now();
        let (head, body) = split_response(&get(&server, "http://example.com/slow"));
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert_eq!(body, b"late");
    }

    #[test]
    fn an_unknown_path_is_404_at_once() {
        let server = start(vec![Page::new("http://example.com/news", "news", 50)]);
        let response = get(&server, "http://example.com/nowhere");
        let (head, body) = split_response(&response);
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        assert!(head.contains("Connection: close\r\n"), "{head}");
        assert_eq!(parse_head(&response), (404, Some(body.len())));
    }

    #[test]
    fn a_query_does_not_change_which_page_is_served() {
        let server = start(vec![Page::new("http://example.com/news", "news", 0)]);
        let (_, body) = split_response(&get(&server, "http://example.com/news?day=monday"));
        assert_eq!(body, b"news");
    }

    #[test]
    fn a_status_fault_sends_that_status() {
        let page = Page::new("http://example.com/broken", POEM, 10).failing(Fault::Status(500));
        let server = start(vec![page]);
        let started = Instant::now();
        let response = get(&server, "http://example.com/broken");
        assert!(started.elapsed() >= Duration::from_millis(10));
        let (head, body) = split_response(&response);
        assert!(
            head.starts_with("HTTP/1.1 500 Internal Server Error\r\n"),
            "{head}"
        );
        assert_eq!(parse_head(&response), (500, Some(body.len())));
    }

    #[test]
    fn a_malformed_status_fault_sends_a_status_line_that_is_not_http() {
        let page = Page::new("http://example.com/odd", POEM, 0).failing(Fault::MalformedStatus);
        let server = start(vec![page]);
        let response = get(&server, "http://example.com/odd");
        assert_eq!(response, MALFORMED_RESPONSE);
        let mut headers = [httparse::EMPTY_HEADER; 4];
        let parsed = httparse::Response::new(&mut headers).parse(&response);
        assert!(parsed.is_err(), "httparse rejects it: {parsed:?}");
    }

    #[test]
    fn an_oversized_fault_sends_one_byte_more_than_the_limit() {
        let page = Page::new("http://example.com/huge", POEM, 0).failing(Fault::Oversized);
        let scenario = Scenario {
            body_limit: 1000,
            ..scenario(vec![page])
        };
        let server = Server::start(&scenario).expect("the server starts");
        let response = get(&server, "http://example.com/huge");
        let (_, body) = split_response(&response);
        assert_eq!(parse_head(&response), (200, Some(1001)));
        assert_eq!(body.len(), 1001);
    }

    #[test]
    fn a_reset_mid_body_breaks_the_connection_before_the_promised_length() {
        let page = Page::new("http://example.com/cut", POEM, 0).failing(Fault::ResetMidBody);
        let server = start(vec![page]);
        let mut stream = send_get(&server.url_for("http://example.com/cut"));
        let (received, error) = read_until_closed(&mut stream);
        let (_, body) = split_response(&received);
        assert_eq!(parse_head(&received), (200, Some(POEM.len())));
        assert!(
            body.len() < POEM.len(),
            "only part of the body: {}",
            body.len()
        );
        assert!(POEM.as_bytes().starts_with(&body), "the start of the body");
        // Either way, the client knows the body was cut short.
        if let Some(error) = error {
            assert_eq!(error.kind(), ErrorKind::ConnectionReset);
        }
    }

    #[test]
    fn a_reset_mid_body_pads_a_short_body_so_that_half_is_not_all() {
        let page = Page::new("http://example.com/cut", "x", 0).failing(Fault::ResetMidBody);
        let server = start(vec![page]);
        let mut stream = send_get(&server.url_for("http://example.com/cut"));
        let (received, _) = read_until_closed(&mut stream);
        let (_, body) = split_response(&received);
        assert_eq!(parse_head(&received), (200, Some(2)));
        assert!(body.len() < 2);
    }

    #[test]
    fn a_silent_page_sends_nothing_and_is_served_until_the_client_closes() {
        let page = Page::new("http://example.com/quiet", POEM, 0).failing(Fault::Silent);
        // A long timeout, so that only the client's close can end the
        // connection thread while the test watches.
        let scenario = Scenario {
            timeouts: idle(Duration::from_secs(10)),
            ..scenario(vec![page])
        };
        let server = Server::start(&scenario).expect("the server starts");
        let mut stream = open_silent_connection(&server, "http://example.com/quiet");
        stream
            .set_read_timeout(Some(Duration::from_millis(300)))
            .expect("a read timeout");
        let mut buffer = [0; 64];
        let read = stream.read(&mut buffer);
        assert!(
            read.as_ref()
                .is_err_and(|error| error.kind() == ErrorKind::WouldBlock),
            "nothing arrives: {read:?}"
        );
        drop(stream);
        let ended = eventually(Duration::from_secs(1), || {
            server.site.open_connections() == 0
        });
        assert!(ended, "the connection thread ends once the client closes");
    }

    #[test]
    fn a_silent_connection_is_held_at_most_four_timeouts() {
        let page = Page::new("http://example.com/quiet", POEM, 0).failing(Fault::Silent);
        let scenario = Scenario {
            timeouts: idle(Duration::from_millis(50)),
            ..scenario(vec![page])
        };
        let server = Server::start(&scenario).expect("the server starts");
        let _stream = open_silent_connection(&server, "http://example.com/quiet");
        let ended = eventually(Duration::from_secs(2), || {
            server.site.open_connections() == 0
        });
        assert!(
            ended,
            "the connection thread ends although the client stays"
        );
    }

    #[test]
    fn a_refused_page_points_at_a_port_where_nothing_listens() {
        let page = Page::new("http://example.com/closed", POEM, 0).failing(Fault::Refused);
        let server = start(vec![page]);
        let url = server.url_for("http://example.com/closed");
        let (host, target) = split_local_url(&url);
        assert_eq!(target, "/closed");
        assert_ne!(host, server.addr().to_string());
        let error = TcpStream::connect(host).expect_err("the connection is refused");
        assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
    }

    #[test]
    fn url_for_points_any_host_at_the_server_and_keeps_the_path() {
        let server = start(vec![Page::new("http://example.com/news", "news", 0)]);
        let base = format!("http://{}", server.addr());
        assert_eq!(
            server.url_for("http://example.com/news"),
            format!("{base}/news")
        );
        assert_eq!(
            server.url_for("http://other.org/news?day=1"),
            format!("{base}/news?day=1")
        );
        assert_eq!(
            server.url_for("https://example.com/nowhere"),
            format!("{base}/nowhere")
        );
        assert_eq!(server.url_for("http://example.com"), format!("{base}/"));
        assert!(server.addr().ip().is_loopback());
    }

    #[test]
    fn path_of_drops_scheme_host_query_and_fragment() {
        assert_eq!(
            path_of("http://example.com/poems/the-tyger.txt"),
            "/poems/the-tyger.txt"
        );
        assert_eq!(path_of("http://example.com/news?day=1#top"), "/news");
        assert_eq!(path_of("/news?day=1"), "/news");
        assert_eq!(path_of("/a://b"), "/a://b");
        assert_eq!(path_of("example.com"), "/");
        assert_eq!(path_of(""), "/");
    }

    #[test]
    fn a_request_that_is_not_http_gets_400() {
        let server = start(vec![]);
        let mut stream = TcpStream::connect(server.addr()).expect("connect");
        stream.write_all(b"hello, server\r\n\r\n").expect("send");
        let (received, _) = read_until_closed(&mut stream);
        assert!(received.starts_with(b"HTTP/1.1 400 Bad Request\r\n"));
    }

    #[test]
    fn a_request_head_longer_than_the_limit_gets_400() {
        let server = start(vec![]);
        let mut stream = TcpStream::connect(server.addr()).expect("connect");
        let long_header = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n", "a".repeat(MAX_HEAD));
        stream.write_all(long_header.as_bytes()).expect("send");
        let (received, _) = read_until_closed(&mut stream);
        assert!(received.starts_with(b"HTTP/1.1 400 Bad Request\r\n"));
    }

    #[test]
    fn many_concurrent_requests_all_succeed() {
        let quiet = Page::new("http://example.com/quiet", "", 0).failing(Fault::Silent);
        let pages = (0..20)
            .map(|i| {
                Page::new(
                    format!("http://example.com/page/{i}"),
                    format!("page {i}"),
                    50,
                )
            })
            .chain([quiet])
            .collect();
        let scenario = Scenario {
            timeouts: idle(Duration::from_secs(10)),
            ..scenario(pages)
        };
        let server = Server::start(&scenario).expect("the server starts");
        // A connection held open does not keep the others waiting.
        let _quiet = open_silent_connection(&server, "http://example.com/quiet");
        thread::scope(|scope| {
            let fetches: Vec<_> = (0..20)
                .map(|i| {
                    let server = &server;
                    scope.spawn(move || get(server, &format!("http://example.com/page/{i}")))
                })
                .collect();
            for (i, fetch) in fetches.into_iter().enumerate() {
                let response = fetch.join().expect("the fetch does not panic");
                let (head, body) = split_response(&response);
                assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
                assert_eq!(body, format!("page {i}").as_bytes());
            }
        });
    }

    #[test]
    fn dropping_the_server_is_prompt_and_stops_it_listening() {
        let page = Page::new("http://example.com/quiet", POEM, 0).failing(Fault::Silent);
        let scenario = Scenario {
            timeouts: idle(Duration::from_secs(10)),
            ..scenario(vec![page])
        };
        let server = Server::start(&scenario).expect("the server starts");
        let addr = server.addr();
        let _quiet = open_silent_connection(&server, "http://example.com/quiet");
        // Dropped on another thread, so that a drop that hangs fails the
        // test instead of hanging it.
        let (dropped, has_dropped) = std::sync::mpsc::channel();
        thread::spawn(move || {
            drop(server);
            let _ = dropped.send(());
        });
        let prompt = has_dropped.recv_timeout(Duration::from_secs(1));
        assert!(prompt.is_ok(), "dropping the server returns within 1 s");
        let error = TcpStream::connect(addr).expect_err("nothing listens any more");
        assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
    }
}
