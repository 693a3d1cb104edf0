//! The real HTTP client of the async style: tokio's `TcpStream`, with
//! `tokio::time::timeout` around each wait. Parsing is shared with the other
//! styles (`threeways_core::http`); only the waiting is this style's own.

use std::future::Future;
use threeways_core::Error;
use threeways_core::http::{ResponseReader, request};
use threeways_core::world::{RealNet, network_error};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Fetches `url` over TCP; errors name `url` as the chapter asked for it.
pub(crate) async fn fetch(net: &RealNet, url: &str) -> Result<Vec<u8>, Error> {
    let target = net.target(url)?;
    let io_error = |error: std::io::Error| network_error(url, net.timeout, &error);
    let connect = within(net, url, TcpStream::connect(target.authority())).await?;
    let mut stream = connect.map_err(io_error)?;
    within(net, url, stream.write_all(&request(&target)))
        .await?
        .map_err(io_error)?;
    let mut response = ResponseReader::new(url, net.body_limit);
    let mut buffer = vec![0; 16 * 1024];
    loop {
        let read = within(net, url, stream.read(&mut buffer)).await?;
        match read {
            Ok(0) => return response.end_of_stream(),
            Ok(n) => {
                if let Some(body) = response.feed(&buffer[..n])? {
                    return Ok(body);
                }
            }
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
