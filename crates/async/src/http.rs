//! The real HTTP client of the async style, written once for two kinds of
//! socket: tokio's `TcpStream`, or our executor's
//! (`threeways_event_loop::net`), each wait under the fetch's timeouts.
//! The HTTP and the timeout model are shared with the other styles
//! (`threeways_real::http::Fetch`); only the waiting is this style's own.
//! Public so that `bench scale` measures this very client.

use std::future::Future;
use std::io::{self, ErrorKind};
use std::net::SocketAddr;
use std::time::Instant;
use threeways_model::{Body, Error};
use threeways_real::RealNet;
use threeways_real::http::{Fetch, request};
use tokio::io::AsyncWriteExt;

/// How much is read at a time.
const READ_BUFFER: usize = 16 * 1024;

/// Fetches `url` over TCP with tokio's socket, on tokio; errors name `url`
/// as the chapter asked for it.
pub async fn fetch(net: &RealNet, url: &str) -> Result<Body, Error> {
    fetch_over::<tokio::net::TcpStream>(net, url).await
}

/// [`fetch`], with our executor's socket, on our executor.
pub(crate) async fn fetch_on_ours(net: &RealNet, url: &str) -> Result<Body, Error> {
    fetch_over::<threeways_event_loop::net::TcpStream>(net, url).await
}

/// What the client needs of a socket, and of the timers of the executor
/// it runs on.
pub(crate) trait Socket: Sized {
    /// Connects: the future is ready once the connection is made.
    fn connect(address: SocketAddr) -> impl Future<Output = io::Result<Self>> + Send;
    /// Writes every byte.
    fn write_all(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send;
    /// Waits until the socket can be read from.
    fn readable(&self) -> impl Future<Output = io::Result<()>> + Send;
    /// Reads what is there, without waiting.
    fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize>;
    /// `future`, or `None` if `at` comes first.
    fn before<T>(
        at: Instant,
        future: impl Future<Output = T> + Send,
    ) -> impl Future<Output = Option<T>> + Send;
}

/// Fetches `url` over a socket of kind `S`.
async fn fetch_over<S: Socket>(net: &RealNet, url: &str) -> Result<Body, Error> {
    let (target, address) = net.address(url)?;
    let mut fetch = net.start(url, Instant::now());
    let connect = before_timeout::<S, _>(&fetch, S::connect(address)).await?;
    let mut stream = connect.map_err(|error| fetch.io_error(&error))?;
    fetch.connected(Instant::now());
    before_timeout::<S, _>(&fetch, stream.write_all(&request(&target)))
        .await?
        .map_err(|error| fetch.io_error(&error))?;
    let mut body = net.spool(url);
    loop {
        before_timeout::<S, _>(&fetch, stream.readable())
            .await?
            .map_err(|error| fetch.io_error(&error))?;
        // Declared after the `.await` and gone before the next one, the
        // buffer lives on the thread's stack, not in the future: a fetch that
        // is waiting holds no buffer at all.
        let mut buffer = [0; READ_BUFFER];
        match stream.try_read(&mut buffer) {
            Ok(0) => {
                fetch.closed()?;
                return body.finish();
            }
            Ok(n) => {
                if fetch.received(&buffer[..n], Instant::now(), &mut body)? {
                    return body.finish();
                }
            }
            // Readiness can be a false alarm: wait for the next one.
            Err(error) if error.kind() == ErrorKind::WouldBlock => {}
            Err(error) => return Err(fetch.io_error(&error)),
        }
    }
}

/// `future`, or the fetch's timeout error if the fetch runs out of time
/// first (its idle timeout, or its deadline, or while connecting its
/// connect timeout).
async fn before_timeout<S: Socket, T>(
    fetch: &Fetch,
    future: impl Future<Output = T> + Send,
) -> Result<T, Error> {
    S::before(fetch.gives_up_at(), future)
        .await
        .ok_or_else(|| fetch.timed_out())
}

impl Socket for tokio::net::TcpStream {
    async fn connect(address: SocketAddr) -> io::Result<Self> {
        tokio::net::TcpStream::connect(address).await
    }

    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        AsyncWriteExt::write_all(self, bytes).await
    }

    async fn readable(&self) -> io::Result<()> {
        tokio::net::TcpStream::readable(self).await
    }

    fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        tokio::net::TcpStream::try_read(self, buffer)
    }

    async fn before<T>(at: Instant, future: impl Future<Output = T> + Send) -> Option<T> {
        let at = tokio::time::Instant::from_std(at);
        tokio::time::timeout_at(at, future).await.ok()
    }
}

impl Socket for threeways_event_loop::net::TcpStream {
    async fn connect(address: SocketAddr) -> io::Result<Self> {
        let stream = threeways_event_loop::net::TcpStream::connect(address)?;
        // A connect that does not wait is made when the socket is writable,
        // and has failed if the socket then holds an error.
        stream.writable().await?;
        if let Some(error) = stream.take_error()? {
            return Err(error);
        }
        stream.peer_addr()?;
        Ok(stream)
    }

    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        threeways_event_loop::net::TcpStream::write_all(self, bytes).await
    }

    async fn readable(&self) -> io::Result<()> {
        threeways_event_loop::net::TcpStream::readable(self).await
    }

    fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        threeways_event_loop::net::TcpStream::try_read(self, buffer)
    }

    async fn before<T>(at: Instant, future: impl Future<Output = T> + Send) -> Option<T> {
        use futures::future::{Either, select};
        let left = at.saturating_duration_since(Instant::now());
        let timer = threeways_event_loop::time::Sleep::new(left);
        match select(std::pin::pin!(future), std::pin::pin!(timer)).await {
            Either::Left((value, _)) => Some(value),
            Either::Right(((), _)) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::Scenario;

    #[test]
    fn a_waiting_fetch_holds_no_read_buffer() {
        let net = RealNet::direct(&Scenario::default());
        let future = fetch(&net, "http://127.0.0.1:9/page");
        let size = std::mem::size_of_val(&future);
        assert!(size < READ_BUFFER, "the future holds {size} bytes");
    }
}
