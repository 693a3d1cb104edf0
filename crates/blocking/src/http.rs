//! The real HTTP client of the blocking style: `std::net::TcpStream`, with
//! the operating system's timeouts. Parsing is shared with the other styles
//! (`threeways_core::http`); only the waiting is this style's own.
//! Public so that `bench scale` measures this very client.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use threeways_core::Error;
use threeways_core::http::{ResponseReader, request};
use threeways_core::world::{RealNet, network_error};

/// Fetches `url` over TCP; errors name `url` as the chapter asked for it.
pub fn fetch(net: &RealNet, url: &str) -> Result<Vec<u8>, Error> {
    let (target, address) = net.address(url)?;
    let io_error = |error: std::io::Error| network_error(url, net.timeout, &error);
    let mut stream = TcpStream::connect_timeout(&address, net.timeout).map_err(io_error)?;
    // Each read and write may block this long: the socket's own timeout is
    // the only way to stop waiting in blocking code.
    stream
        .set_read_timeout(Some(net.timeout))
        .map_err(io_error)?;
    stream
        .set_write_timeout(Some(net.timeout))
        .map_err(io_error)?;
    stream.write_all(&request(&target)).map_err(io_error)?;
    let mut response = ResponseReader::new(url, net.body_limit);
    let mut buffer = [0; 16 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return response.end_of_stream(),
            Ok(n) => {
                if let Some(body) = response.feed(&buffer[..n])? {
                    return Ok(body);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(io_error(error)),
        }
    }
}
