//! The real HTTP client of the async style: tokio's `TcpStream`, with
//! `tokio::time::timeout` around each wait. Parsing is shared with the other
//! styles (`threeways_core::http`); only the waiting is this style's own.
//! Public so that `bench scale` measures this very client.

use std::future::Future;
use std::io::ErrorKind;
use threeways_core::Error;
use threeways_core::http::{ResponseReader, request};
use threeways_core::world::{RealNet, network_error};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

/// How much is read at a time.
const READ_BUFFER: usize = 16 * 1024;

/// Fetches `url` over TCP; errors name `url` as the chapter asked for it.
pub async fn fetch(net: &RealNet, url: &str) -> Result<Vec<u8>, Error> {
    let (target, address) = net.address(url)?;
    let io_error = |error: std::io::Error| network_error(url, net.timeout, &error);
    let connect = within(net, url, TcpStream::connect(address)).await?;
    let mut stream = connect.map_err(io_error)?;
    within(net, url, stream.write_all(&request(&target)))
        .await?
        .map_err(io_error)?;
    let mut response = ResponseReader::new(url, net.body_limit);
    loop {
        within(net, url, stream.readable())
            .await?
            .map_err(io_error)?;
        // Declared after the `.await` and gone before the next one, the
        // buffer lives on the thread's stack, not in the future: a fetch that
        // is waiting holds no buffer at all.
        let mut buffer = [0; READ_BUFFER];
        match stream.try_read(&mut buffer) {
            Ok(0) => return response.end_of_stream(),
            Ok(n) => {
                if let Some(body) = response.feed(&buffer[..n])? {
                    return Ok(body);
                }
            }
            // Readiness can be a false alarm: wait for the next one.
            Err(error) if error.kind() == ErrorKind::WouldBlock => {}
            Err(error) => return Err(io_error(error)),
        }
    }
}

/// `future`, or a timeout error if it takes longer than the network allows.
async fn within<T>(net: &RealNet, url: &str, future: impl Future<Output = T>) -> Result<T, Error> {
    tokio::time::timeout(net.timeout, future)
        .await
        .map_err(|_elapsed| Error::TimedOut {
            url: url.to_owned(),
            after: net.timeout,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_core::Scenario;

    #[test]
    fn a_waiting_fetch_holds_no_read_buffer() {
        let net = RealNet::direct(&Scenario::default());
        let future = fetch(&net, "http://127.0.0.1:9/page");
        let size = std::mem::size_of_val(&future);
        assert!(size < READ_BUFFER, "the future holds {size} bytes");
    }
}
