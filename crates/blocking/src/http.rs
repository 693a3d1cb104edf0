//! The real HTTP client of the blocking style: `std::net::TcpStream`, with
//! the operating system's timeouts. The HTTP and the timeout model are
//! shared with the other styles (`threeways_real::http::Fetch`); only the
//! waiting is this style's own. Public so that `bench scale` measures this
//! very client.

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::time::Instant;
use threeways_model::{Body, Error};
use threeways_real::RealNet;
use threeways_real::http::request;

/// Fetches `url` over TCP; errors name `url` as the chapter asked for it.
pub fn fetch(net: &RealNet, url: &str) -> Result<Body, Error> {
    let (target, address) = net.address(url)?;
    let mut fetch = net.start(url, Instant::now());
    let left = fetch.time_left(Instant::now())?;
    let mut stream =
        TcpStream::connect_timeout(&address, left).map_err(|error| fetch.io_error(&error))?;
    fetch.connected(Instant::now());
    // A thread inside `read` cannot look at a clock: the socket's own
    // timeout is the only way to stop waiting, so it is set before every
    // wait to whatever the fetch has left (the idle timeout, or less if
    // the deadline is nearer).
    stream
        .set_write_timeout(Some(fetch.time_left(Instant::now())?))
        .and_then(|()| stream.write_all(&request(&target)))
        .map_err(|error| fetch.io_error(&error))?;
    let mut body = net.spool(url);
    let mut buffer = [0; 16 * 1024];
    loop {
        let left = fetch.time_left(Instant::now())?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|error| fetch.io_error(&error))?;
        match stream.read(&mut buffer) {
            Ok(0) => {
                fetch.closed()?;
                return body.finish();
            }
            Ok(n) => {
                if fetch.received(&buffer[..n], Instant::now(), &mut body)? {
                    return body.finish();
                }
            }
            // The socket's timeout ran out; `time_left` says which one.
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(fetch.io_error(&error)),
        }
    }
}
