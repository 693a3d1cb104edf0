//! The real HTTP client of the async style: tokio's `TcpStream`, each wait
//! under `tokio::time::timeout_at`. The HTTP and the timeout model are
//! shared with the other styles (`threeways_real::http::Fetch`); only the
//! waiting is this style's own. Public so that `bench scale` measures this
//! very client.

use std::future::Future;
use std::io::ErrorKind;
use std::time::Instant;
use threeways_model::{Body, Error};
use threeways_real::RealNet;
use threeways_real::http::{Fetch, request};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

/// How much is read at a time.
const READ_BUFFER: usize = 16 * 1024;

/// Fetches `url` over TCP; errors name `url` as the chapter asked for it.
pub async fn fetch(net: &RealNet, url: &str) -> Result<Body, Error> {
    let (target, address) = net.address(url)?;
    let mut fetch = net.start(url, Instant::now());
    let connect = before_timeout(&fetch, TcpStream::connect(address)).await?;
    let mut stream = connect.map_err(|error| fetch.io_error(&error))?;
    fetch.connected(Instant::now());
    before_timeout(&fetch, stream.write_all(&request(&target)))
        .await?
        .map_err(|error| fetch.io_error(&error))?;
    let mut body = net.spool(url);
    loop {
        before_timeout(&fetch, stream.readable())
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
async fn before_timeout<T>(fetch: &Fetch, future: impl Future<Output = T>) -> Result<T, Error> {
    let gives_up_at = tokio::time::Instant::from_std(fetch.gives_up_at());
    tokio::time::timeout_at(gives_up_at, future)
        .await
        .map_err(|_elapsed| fetch.timed_out())
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
