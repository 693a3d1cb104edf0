//! The lift test's real world: what the lessons' `fetch` and `write_file`
//! stand for, done for real, for the two lifted programs
//! (`src/bin/lifted-blocking`, `src/bin/lifted-async`).
//!
//! Each lifted program is a crate of its own that includes the lessons of
//! one style from their own source files (`#[path] mod download;`), with a
//! `prelude` module of its own in place of the style crate's: std's
//! threads and locks, or tokio's tasks, timers, locks and channels, and
//! the I/O here. A lesson that took anything from the project outside its
//! prelude would not compile there (`tests/it/tidy.rs` says the same of
//! the source); `tests/download.rs` runs both lifted `download`s against
//! the loopback server and reads the file each saves.
//!
//! The client is what `reqwest::get(url).await?.bytes().await?` does for
//! the book's pages, cut down: one HTTP/1.1 `GET` over a plain socket,
//! `Connection: close`, a body framed by its length, by chunks or by the
//! end of the connection, and any status but 200 an error. No TLS, no
//! redirects, no proxies: use `reqwest` (or `ureq`) in a real program.

#![forbid(unsafe_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use threeways_model::{Body, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Fetches `url` and returns its body, blocking the calling thread; the
/// whole fetch ends with [`Error::TimedOut`] after `limit`, if given (the
/// socket's timeouts, the one way blocking code has to stop waiting).
///
/// # Errors
/// A URL this client cannot fetch, a network error, a status but 200.
pub fn get(url: &str, limit: Option<Duration>) -> Result<Body, Error> {
    let (address, request) = request(url)?;
    let network = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => Error::TimedOut {
            url: url.to_owned(),
            after: limit.unwrap_or_default(),
        },
        _ => network(url, &error),
    };
    let mut socket = TcpStream::connect(&address).map_err(network)?;
    socket.set_read_timeout(limit).map_err(network)?;
    socket.write_all(&request).map_err(network)?;
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).map_err(network)?;
    response(url, &answer)
}

/// Fetches `url` and returns its body; the task waits, the thread does
/// not (tokio's sockets).
///
/// # Errors
/// A URL this client cannot fetch, a network error, a status but 200.
pub async fn get_async(url: &str) -> Result<Body, Error> {
    let (address, request) = request(url)?;
    let network = |error: std::io::Error| network(url, &error);
    let mut socket = tokio::net::TcpStream::connect(&address)
        .await
        .map_err(network)?;
    socket.write_all(&request).await.map_err(network)?;
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.map_err(network)?;
    response(url, &answer)
}

/// Writes `body` to the file `name`, as `std::fs::write` does.
///
/// # Errors
/// What the disk said, as [`Error::Disk`].
pub fn write(name: &str, body: &Body) -> Result<(), Error> {
    std::fs::write(name, &**body).map_err(|error| Error::Disk {
        name: name.to_owned(),
        reason: error.to_string(),
    })
}

/// The network error `error` met fetching `url`.
fn network(url: &str, error: &std::io::Error) -> Error {
    Error::Network {
        url: url.to_owned(),
        reason: error.to_string(),
    }
}

/// Where to connect for `url` (`host:port`), and the request to send.
fn request(url: &str) -> Result<(String, Vec<u8>), Error> {
    let unsupported = || Error::Unsupported {
        url: url.to_owned(),
        reason: "this client fetches `http://host[:port]/path` only".to_owned(),
    };
    let rest = url.strip_prefix("http://").ok_or_else(unsupported)?;
    let (host, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    if host.is_empty() {
        return Err(unsupported());
    }
    let address = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:80")
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n\
         Connection: close\r\n\r\n"
    );
    Ok((address, request.into_bytes()))
}

/// The body of `answer`, the whole response to a `GET` of `url`.
fn response(url: &str, answer: &[u8]) -> Result<Body, Error> {
    let malformed = |reason: &str| Error::Malformed {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut head = httparse::Response::new(&mut headers);
    let length = match head.parse(answer) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => {
            return Err(Error::NoResponse {
                url: url.to_owned(),
            });
        }
        Err(error) => return Err(malformed(&error.to_string())),
    };
    let code = head.code.unwrap_or_default();
    if code != 200 {
        return Err(Error::Status {
            url: url.to_owned(),
            code,
        });
    }
    let header = |name: &str| {
        head.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let rest = &answer[length..];
    if header("transfer-encoding").is_some_and(|coding| coding.ends_with("chunked")) {
        return unchunked(rest).map(Body::from).ok_or_else(|| Error::Reset {
            url: url.to_owned(),
        });
    }
    match header("content-length") {
        Some(declared) => {
            let declared: usize = declared
                .parse()
                .map_err(|_| malformed("a Content-Length that is not a number"))?;
            let body = rest.get(..declared).ok_or_else(|| Error::Reset {
                url: url.to_owned(),
            })?;
            Ok(Body::from(body))
        }
        None => Ok(Body::from(rest)),
    }
}

/// A chunked body's bytes; `None` if it ends before its last chunk.
fn unchunked(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let httparse::Status::Complete((at, size)) = httparse::parse_chunk_size(rest).ok()? else {
            return None;
        };
        let size = usize::try_from(size).ok()?;
        if size == 0 {
            return Some(body);
        }
        let chunk = rest.get(at..at + size)?;
        body.extend_from_slice(chunk);
        rest = rest.get(at + size + 2..)?; // the chunk's own line break
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_is_read_by_its_length_its_chunks_or_its_end() {
        let url = "http://example.com/x";
        let read = |answer: &str| response(url, answer.as_bytes());
        let sized = read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assert_eq!(sized, Ok(Body::from("hello")));
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                       3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";
        assert_eq!(read(chunked), Ok(Body::from("hello")));
        assert_eq!(
            read("HTTP/1.1 200 OK\r\n\r\nhello"),
            Ok(Body::from("hello"))
        );
        let missing = read("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        let status = Error::Status {
            url: url.to_owned(),
            code: 404,
        };
        assert_eq!(missing, Err(status));
        let cut = read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello");
        assert_eq!(
            cut,
            Err(Error::Reset {
                url: url.to_owned()
            })
        );
    }

    #[test]
    fn only_plain_http_urls_are_fetched() {
        let (address, request) = request("http://127.0.0.1:8080/a/b").unwrap();
        assert_eq!(address, "127.0.0.1:8080");
        assert!(
            String::from_utf8(request)
                .unwrap()
                .starts_with("GET /a/b HTTP/1.1\r\n")
        );
        assert!(matches!(
            request_error("https://example.com/"),
            Error::Unsupported { .. }
        ));
    }

    fn request_error(url: &str) -> Error {
        request(url).unwrap_err()
    }
}
