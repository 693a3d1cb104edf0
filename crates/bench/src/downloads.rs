//! N downloads at once, in each style, from the server the parent runs.
//!
//! All three speak HTTP through `threeways_core::http`, so they send the
//! same bytes and read the answer the same way; they differ only in how
//! they wait. The callback style uses the callback crate's own `fetch`; the
//! other two have a small client here, since their crates' clients are
//! private to them.

use crate::child::{Meter, Waited};
use crate::job::{DOWNLOAD_TIMEOUT, PAGE_BYTES, Style};
use crate::threads::ThreadStarter;
use std::cell::Cell;
use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::rc::Rc;
use std::sync::Arc;
use threeways_callbacks::EventLoop;
use threeways_core::http::{ResponseReader, Url, request};
use threeways_core::sim::SimDisk;
use threeways_core::world::{Disk, Net, RealNet, network_error};
use threeways_core::{Error, Recorder, Scenario};
use tokio::io::AsyncWriteExt as _;

/// The largest body a download accepts: room to spare over the page, so
/// that a wrong page is reported as wrong rather than as too large.
const BODY_LIMIT: usize = 64 * 1024;
/// How much a client reads at a time. The whole answer is about 1.1 KiB.
const READ_BUFFER: usize = 4 * 1024;

/// Runs `n` downloads of `url` at once in `style`, and waits for all.
pub fn run(style: Style, n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    match style {
        Style::Threads => threads(n, Arc::new(Target::new(url)?), meter),
        Style::Callbacks => callbacks(n, url, meter),
        Style::Async => tasks(n, Arc::new(Target::new(url)?), meter),
    }
}

/// An event loop on the wall clock with its trace off, whose network is
/// real TCP to where URLs point.
pub(crate) fn real_loop() -> Result<EventLoop, String> {
    let scenario = Scenario {
        timeout: DOWNLOAD_TIMEOUT,
        body_limit: BODY_LIMIT,
        ..Scenario::default()
    };
    // Nothing here writes files; the loop only needs a disk to hold.
    let disk = Disk::Simulated(SimDisk::new(&scenario));
    let net = Net::Real(RealNet::direct(&scenario));
    EventLoop::real(net, disk, Recorder::off())
        .map_err(|error| format!("cannot create the event loop: {error}"))
}

/// A thread per download, each blocked in `connect`, `write` and `read`.
fn threads(n: u64, target: Arc<Target>, meter: &mut Meter) -> Result<Waited, String> {
    let starter = ThreadStarter::new()?;
    meter.start();
    let spawned = starter.spawn_each(n, || {
        let target = Arc::clone(&target);
        move || is_the_page(&fetch_blocking(&target))
    });
    Ok(spawned.join())
}

/// One event loop, with the callback crate's `fetch` for each download.
fn callbacks(n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    let mut lp = real_loop()?;
    let succeeded = Rc::new(Cell::new(0));
    meter.start();
    for _ in 0..n {
        let succeeded = Rc::clone(&succeeded);
        threeways_callbacks::io::fetch(&mut lp, url, move |_, result| {
            if is_the_page(&result) {
                succeeded.set(succeeded.get() + 1);
            }
        });
    }
    lp.run();
    // A download whose continuation never ran failed too.
    Ok(Waited::all(n, n - succeeded.get()))
}

/// One tokio thread, with a task per download.
fn tasks(n: u64, target: Arc<Target>, meter: &mut Meter) -> Result<Waited, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|error| format!("cannot start a tokio runtime: {error}"))?;
    meter.start();
    let errors = runtime.block_on(async {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let target = Arc::clone(&target);
                tokio::spawn(async move { is_the_page(&fetch_async(&target).await) })
            })
            .collect();
        let mut errors = 0;
        for handle in handles {
            if !handle.await.unwrap_or(false) {
                errors += 1;
            }
        }
        errors
    });
    Ok(Waited::all(n, errors))
}

/// Whether a download got the page the server serves.
fn is_the_page(result: &Result<Vec<u8>, Error>) -> bool {
    result.as_ref().is_ok_and(|body| body.len() == PAGE_BYTES)
}

/// Where the downloads go, worked out once for all of them.
#[derive(Debug)]
struct Target {
    url: String,
    address: SocketAddr,
    request: Vec<u8>,
}

impl Target {
    fn new(url: &str) -> Result<Target, String> {
        let parsed = Url::parse(url).map_err(|error| error.to_string())?;
        let address = parsed
            .authority()
            .to_socket_addrs()
            .map_err(|error| format!("cannot resolve {url}: {error}"))?
            .next()
            .ok_or_else(|| format!("{url} has no address"))?;
        Ok(Target {
            url: url.to_owned(),
            address,
            request: request(&parsed),
        })
    }

    fn io_error(&self, error: &std::io::Error) -> Error {
        network_error(&self.url, DOWNLOAD_TIMEOUT, error)
    }
}

/// Downloads the target with blocking calls; the socket's timeouts end a
/// wait that takes too long.
fn fetch_blocking(target: &Target) -> Result<Vec<u8>, Error> {
    let io_error = |error| target.io_error(&error);
    let mut stream = std::net::TcpStream::connect_timeout(&target.address, DOWNLOAD_TIMEOUT)
        .map_err(io_error)?;
    stream
        .set_read_timeout(Some(DOWNLOAD_TIMEOUT))
        .map_err(io_error)?;
    stream
        .set_write_timeout(Some(DOWNLOAD_TIMEOUT))
        .map_err(io_error)?;
    stream.write_all(&target.request).map_err(io_error)?;
    let mut response = ResponseReader::new(&target.url, BODY_LIMIT);
    let mut buffer = [0; READ_BUFFER];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return response.end_of_stream(),
            Ok(n) => {
                if let Some(body) = response.feed(&buffer[..n])? {
                    return Ok(body);
                }
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(io_error(error)),
        }
    }
}

/// Downloads the target on tokio, giving up after [`DOWNLOAD_TIMEOUT`].
async fn fetch_async(target: &Target) -> Result<Vec<u8>, Error> {
    tokio::time::timeout(DOWNLOAD_TIMEOUT, exchange_async(target))
        .await
        .unwrap_or_else(|_elapsed| {
            Err(Error::TimedOut {
                url: target.url.clone(),
                after: DOWNLOAD_TIMEOUT,
            })
        })
}

/// Connects, sends the request, and reads the response.
async fn exchange_async(target: &Target) -> Result<Vec<u8>, Error> {
    let io_error = |error| target.io_error(&error);
    let mut stream = tokio::net::TcpStream::connect(target.address)
        .await
        .map_err(io_error)?;
    stream.write_all(&target.request).await.map_err(io_error)?;
    let mut response = ResponseReader::new(&target.url, BODY_LIMIT);
    loop {
        stream.readable().await.map_err(io_error)?;
        // Declared after the await and gone before the next one, the buffer
        // lives on the runtime thread's stack. One held across an await
        // would be stored in every task: 4 KiB per download.
        let mut buffer = [0; READ_BUFFER];
        match stream.try_read(&mut buffer) {
            Ok(0) => return response.end_of_stream(),
            Ok(n) => {
                if let Some(body) = response.feed(&buffer[..n])? {
                    return Ok(body);
                }
            }
            // Readiness can be a false alarm; wait for the next one.
            Err(error) if error.kind() == ErrorKind::WouldBlock => {}
            Err(error) => return Err(io_error(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::BenchServer;
    use std::time::Duration;

    #[test]
    fn every_style_downloads_the_page() {
        let server = BenchServer::start(Duration::from_millis(10)).unwrap();
        for style in Style::ALL {
            let mut meter = Meter::default();
            let waited = run(style, 20, &server.url(), &mut meter).unwrap();
            assert_eq!(waited, Waited::all(20, 0), "{style}");
        }
    }

    #[test]
    fn a_refused_download_is_an_error_not_a_crash() {
        // A port that was free a moment ago: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/page");
        for style in Style::ALL {
            let waited = run(style, 3, &url, &mut Meter::default()).unwrap();
            assert_eq!(waited, Waited::all(3, 3), "{style}");
        }
    }

    #[test]
    fn the_async_client_keeps_no_buffer_in_its_task() {
        let target = Target::new("http://127.0.0.1:9/page").unwrap();
        let future = exchange_async(&target);
        assert!(
            std::mem::size_of_val(&future) < READ_BUFFER,
            "the future holds {} bytes",
            std::mem::size_of_val(&future)
        );
    }
}
