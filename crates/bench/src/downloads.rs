//! N downloads at once, in each style, from the server the parent runs.
//!
//! Each style downloads with its own crate's real client, the one `--real`
//! runs use, so the bench measures the code the book shows. All three speak
//! HTTP through `threeways_real::http`; they differ only in how they wait.
//! Our executor runs the callback style's client, each download made a
//! future by `from_callback`, as the chapter `under-the-hood` shows.

use crate::job::{DOWNLOAD_TIMEOUT, PAGE_BYTES, Runner, Style};
use crate::meter::{Meter, Waited};
use crate::threads::ThreadStarter;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use threeways_callbacks::chapters::under_the_hood::from_callback;
use threeways_event_loop::EventLoop;
use threeways_event_loop::executor::{self, block_on};
use threeways_model::timeouts::Timeouts;
use threeways_model::{Body, Error, Recorder, Scenario};
use threeways_real::RealNet;
use threeways_sim::SimDisk;
use threeways_world::{Disk, Net};

/// The largest body a download accepts: room to spare over the page, so
/// that a wrong page is reported as wrong rather than as too large.
const BODY_LIMIT: usize = 64 * 1024;

/// Runs `n` downloads of `url` at once by `runner`, and waits for all.
pub fn run(runner: Runner, n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    match runner {
        Runner::Style(Style::Blocking) => threads(n, url, meter),
        Runner::Style(Style::Callbacks) => callbacks(n, url, meter),
        Runner::Style(Style::Async) => tasks(n, url, meter),
        Runner::OurExecutor => our_tasks(n, url, meter),
        Runner::Bare => Err("the bare loop waits for timers only".to_owned()),
    }
}

/// The network of every download: real TCP to where URLs point, with the
/// bench's timeout and body limit.
pub(crate) fn real_net() -> RealNet {
    RealNet::direct(&Scenario {
        timeouts: Timeouts {
            connect: DOWNLOAD_TIMEOUT,
            idle: DOWNLOAD_TIMEOUT,
            deadline: DOWNLOAD_TIMEOUT,
        },
        body_limit: BODY_LIMIT,
        ..Scenario::default()
    })
}

/// An event loop on the wall clock with its trace off (keeping one would
/// be part of what is measured), whose network is real TCP to where URLs
/// point.
pub(crate) fn real_loop() -> Result<EventLoop, String> {
    // Nothing here writes files; the loop only needs a disk to hold.
    let disk = Disk::Simulated(SimDisk::new(&Scenario::default()));
    EventLoop::new(Net::Real(real_net()), disk, Recorder::off())
        .map_err(|error| format!("cannot create the event loop: {error}"))
}

/// A thread per download, each blocked in `connect`, `write` and `read`.
fn threads(n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    let starter = ThreadStarter::new()?;
    let (net, url) = (Arc::new(real_net()), Arc::<str>::from(url));
    meter.start();
    let spawned = starter.spawn_each(n, || {
        let (net, url) = (Arc::clone(&net), Arc::clone(&url));
        move || is_the_page(&threeways_blocking::http::fetch(&net, &url))
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
fn tasks(n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|error| format!("cannot start a tokio runtime: {error}"))?;
    let (net, url) = (Arc::new(real_net()), Arc::<str>::from(url));
    meter.start();
    let errors = runtime.block_on(async {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let (net, url) = (Arc::clone(&net), Arc::clone(&url));
                tokio::spawn(
                    async move { is_the_page(&threeways_async::http::fetch(&net, &url).await) },
                )
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

/// Our executor on one event loop, with a task per download: the callback
/// style's `fetch`, as a future.
fn our_tasks(n: u64, url: &str, meter: &mut Meter) -> Result<Waited, String> {
    let mut lp = real_loop()?;
    let _executor = executor::enter(&lp, executor::Polls::Hidden);
    let url = Arc::<str>::from(url);
    meter.start();
    let errors = block_on(&mut lp, async {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let url = Arc::clone(&url);
                let fetch =
                    from_callback(move |lp, done| threeways_callbacks::io::fetch(lp, &url, done));
                executor::spawn("download", async move { is_the_page(&fetch.await) })
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
    Ok(Waited::all(n, errors.unwrap_or(n)))
}

/// Whether a download got the page the server serves.
fn is_the_page(result: &Result<Body, Error>) -> bool {
    result.as_ref().is_ok_and(|body| body.len() == PAGE_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::RUNNERS;
    use crate::server::BenchServer;
    use std::time::Duration;

    #[test]
    fn every_runner_downloads_the_page() {
        let server = BenchServer::start(Duration::from_millis(10)).unwrap();
        for runner in RUNNERS {
            let mut meter = Meter::default();
            let waited = run(runner, 20, &server.url(), &mut meter).unwrap();
            assert_eq!(waited, Waited::all(20, 0), "{runner}");
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
        for runner in RUNNERS {
            let waited = run(runner, 3, &url, &mut Meter::default()).unwrap();
            assert_eq!(waited, Waited::all(3, 3), "{runner}");
        }
    }
}
