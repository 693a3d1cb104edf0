//! The server the downloads fetch from: tokio on a few threads, in the
//! parent process, so that its memory is not counted as a child's.
//!
//! The core crate's `Server` gives each connection a thread of its own, and
//! with ten thousand clients it would run out of threads before they did.
//! This one answers every request alike: it reads the request head, waits
//! the latency it was given, sends a [`PAGE_BYTES`] page with its
//! `Content-Length`, and closes. It binds 127.0.0.1 only.

use crate::job::PAGE_BYTES;
use std::io::{self, ErrorKind};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::runtime::Runtime;

/// How many connections may wait to be accepted. The system caps it too
/// (`net.core.somaxconn`); thousands of clients connect in the same
/// instant, and a short queue would turn some connects into retries.
const BACKLOG: u32 = 4096;
/// How long a client may take to send its request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(30);
/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// How long the accept loop pauses after a failed accept (out of file
/// descriptors, most likely) before it tries again.
const ACCEPT_RETRY: Duration = Duration::from_millis(10);

/// A running server. Dropping it stops it.
#[derive(Debug)]
pub struct BenchServer {
    address: SocketAddr,
    /// `None` only while being dropped.
    runtime: Option<Runtime>,
}

impl BenchServer {
    /// Binds a free port on 127.0.0.1 and starts serving, each answer
    /// `latency` after its request.
    pub fn start(latency: Duration) -> io::Result<BenchServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_io()
            .enable_time()
            .thread_name("bench-server")
            .build()?;
        // A listening socket registers with the runtime it is made in.
        let listener = {
            let _in_runtime = runtime.enter();
            listen()?
        };
        let address = listener.local_addr()?;
        let response: Arc<[u8]> = page_response().into();
        runtime.spawn(accept_loop(listener, response, latency));
        Ok(BenchServer {
            address,
            runtime: Some(runtime),
        })
    }

    /// The URL of the page.
    pub fn url(&self) -> String {
        format!("http://{}/page", self.address)
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        // Without waiting: by now every client has its answer or has given
        // up, and what is left open can simply be closed.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn listen() -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    socket.listen(BACKLOG)
}

/// The one answer the server gives: `200 OK` and the page.
fn page_response() -> Vec<u8> {
    let body: Vec<u8> = b"waiting is cheap\n"
        .iter()
        .cycle()
        .take(PAGE_BYTES)
        .copied()
        .collect();
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    response
}

/// Accepts connections and answers each in a task of its own.
async fn accept_loop(listener: TcpListener, response: Arc<[u8]>, latency: Duration) {
    loop {
        match listener.accept().await {
            Ok((stream, _peer)) => {
                tokio::spawn(serve(stream, Arc::clone(&response), latency));
            }
            // The connections being served close soon and free what ran out.
            Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
        }
    }
}

async fn serve(mut stream: TcpStream, response: Arc<[u8]>, latency: Duration) {
    // Every error here means the client went away or sent no request:
    // there is nobody to tell, and the connection closes.
    let _ = answer(&mut stream, &response, latency).await;
}

async fn answer(stream: &mut TcpStream, response: &[u8], latency: Duration) -> io::Result<()> {
    tokio::time::timeout(HEAD_DEADLINE, read_head(stream))
        .await
        .map_err(|_elapsed| io::Error::from(ErrorKind::TimedOut))??;
    tokio::time::sleep(latency).await;
    stream.write_all(response).await?;
    stream.shutdown().await
}

/// Reads until the blank line that ends a request head. What the request
/// asks for does not matter: every request gets the page.
async fn read_head(stream: &mut TcpStream) -> io::Result<()> {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Err(ErrorKind::InvalidData.into());
        }
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(&buffer[..n]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read as _, Write as _};

    #[test]
    fn the_server_answers_a_request_with_the_page() {
        let server = BenchServer::start(Duration::ZERO).unwrap();
        let address = server.url()["http://".len()..]
            .trim_end_matches("/page")
            .to_owned();
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .write_all(b"GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        assert_eq!(answer, page_response());
        let text = String::from_utf8(answer).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains(&format!("Content-Length: {PAGE_BYTES}")),
            "{head}"
        );
        assert_eq!(body.len(), PAGE_BYTES);
    }
}
