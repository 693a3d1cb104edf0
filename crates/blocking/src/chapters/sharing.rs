//! Chapter `sharing`, blocking style: `k` threads crawl a site, sharing
//! a queue of URLs (a channel) and what they found (`Arc<Mutex<..>>`); the
//! same with `thread::scope`, which lets threads borrow; a fast fetcher
//! and a slow writer with a queue between them, unbounded and bounded; and
//! a crawl that never ends.
//!
//! Compare `crates/callbacks/src/chapters/sharing.rs` and
//! `crates/async/src/chapters/sharing.rs`.

use crate::cpu::now;
use crate::io::{fetch, write_file};
use crate::note;
use crate::sync::mpsc::{self, Receiver, SendError, Sender};
use crate::sync::{Arc, Mutex};
use crate::thread::{scope, spawn};
use std::num::NonZeroUsize;
use std::time::Duration;
use threeways_model::crawl::Found;
use threeways_model::{
    Body, Error, FEED, Program, Run, SITE_START, Scenario, file_name_for, page_name,
    unknown_program,
};
use threeways_world::Mode;

// ANCHOR: shared
/// What the workers share: what the crawl has found, and the queue's one
/// sender. The queue closes when its last sender is dropped, so the sender
/// lives here, not in each worker: the worker that finishes the last page
/// drops it, and every worker's `recv` then says the queue is closed.
struct Crawl {
    found: Found,
    queue: Option<Sender<String>>,
}
// ANCHOR_END: shared

// ANCHOR: crawl
/// Crawls the site from `start` with `k` threads, and says what each page
/// gave. Everything the threads share is behind an `Arc` (each thread
/// needs its own handle, and a thread must own what it uses: `'static`)
/// and a `Mutex` (only one thread may change it at a time).
pub fn crawl(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Arc::new(Mutex::new(Crawl {
        found: Found::new(start),
        queue: Some(queue),
    }));
    // One receiver, many workers: they take turns with a lock.
    let urls = Arc::new(Mutex::new(urls));
    let workers: Vec<_> = (1..=k.get())
        .map(|n| {
            let (shared, urls) = (Arc::clone(&shared), Arc::clone(&urls));
            spawn(&format!("worker-{n}"), move || work(&shared, &urls))
        })
        .collect();
    for worker in workers {
        worker.join();
    }
    let crawl = shared.lock().expect("no worker panicked");
    crawl.found.summary()
}

/// One worker: takes a URL, fetches it, records what it found, until the
/// queue is closed.
fn work(shared: &Mutex<Crawl>, urls: &Mutex<Receiver<String>>) {
    loop {
        // The guard is a temporary: the lock on the queue is let go as soon
        // as `recv` returns, before the fetch. (In `while let Ok(url) =
        // ...` it would live through the whole loop body, fetch included.)
        let Ok(url) = urls.lock().expect("no worker panicked").recv() else {
            break; // closed: every page is done
        };
        let body = fetch(&url);
        // A short critical section: no wait while the lock is held.
        let mut crawl = shared.lock().expect("no worker panicked");
        let new = crawl.found.record(&url, body);
        note!("{}: found {} new", page_name(&url), new.len());
        if let Some(queue) = &crawl.queue {
            for link in new {
                queue.send(link).expect("the receiver outlives the workers");
            }
        }
        if crawl.found.is_done() {
            crawl.queue = None; // the last sender: the queue closes
        }
    }
}
// ANCHOR_END: crawl

// ANCHOR: scoped
/// The same crawl, with the threads in a `scope`: every thread is joined
/// before `scope` returns, so they may borrow `shared` and `urls` from this
/// function's stack. No `Arc`, no `move`, no `'static`.
pub fn crawl_scoped(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Mutex::new(Crawl {
        found: Found::new(start),
        queue: Some(queue),
    });
    let urls = Mutex::new(urls);
    scope(|threads| {
        for n in 1..=k.get() {
            threads.spawn(&format!("worker-{n}"), || work(&shared, &urls));
        }
    }); // every thread has ended here
    let crawl = shared.lock().expect("no worker panicked");
    crawl.found.summary()
}
// ANCHOR_END: scoped

// ANCHOR: pipeline
/// A page fetched, on its way to the disk, and when it was fetched.
struct Fetched {
    name: String,
    body: Body,
    at: Duration,
}

/// Fetches every page and hands each to `send`, as fast as the network
/// allows: the fetcher of a pipeline.
fn fetch_all(
    urls: Vec<String>,
    send: impl Fn(Fetched) -> Result<(), SendError<Fetched>>,
) -> Result<(), Error> {
    for url in urls {
        let body = fetch(&url)?;
        let page = Fetched {
            name: file_name_for(&url),
            body,
            at: now(),
        };
        send(page).expect("the writer takes pages until the fetcher is done");
    }
    note!("fetched every page");
    Ok(())
}

/// Writes each page as it comes, until the queue is closed and empty: the
/// writer, slower than the fetcher. How long each page waited in the queue
/// says how long the queue was.
fn write_all(pages: &Receiver<Fetched>) -> Result<Vec<String>, Error> {
    let mut written = Vec::new();
    for page in pages {
        let waited = now() - page.at;
        note!(
            "{} waited {} ms in the queue",
            page.name,
            waited.as_millis()
        );
        write_file(&page.name, &page.body)?;
        written.push(page.name);
    }
    Ok(written)
}
// ANCHOR_END: pipeline

// ANCHOR: unbounded
/// A queue with no limit: the fetcher never waits, and the pages it is
/// ahead by pile up in memory.
pub fn unbounded(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let (queue, pages) = mpsc::channel();
    let fetcher = spawn("fetcher", move || fetch_all(urls, |page| queue.send(page)));
    let writer = spawn("writer", move || write_all(&pages));
    let written = writer.join()?;
    fetcher.join()?;
    Ok(written)
}
// ANCHOR_END: unbounded

// ANCHOR: bounded
/// A queue of at most `capacity` pages: when it is full, `send` waits
/// until the writer takes one. The fetcher goes at the writer's pace.
pub fn bounded(urls: Vec<String>, capacity: NonZeroUsize) -> Result<Vec<String>, Error> {
    let (queue, pages) = mpsc::sync_channel(capacity.get());
    let fetcher = spawn("fetcher", move || fetch_all(urls, |page| queue.send(page)));
    let writer = spawn("writer", move || write_all(&pages));
    let written = writer.join()?;
    fetcher.join()?;
    Ok(written)
}
// ANCHOR_END: bounded

// ANCHOR: hang
/// The crawl as it is often first written: each worker gets a sender of
/// its own, to queue the links it finds. But the queue closes only when
/// every sender is gone, and each worker keeps one until it stops, which
/// it does only when the queue closes. Once the site is crawled, every
/// worker waits in `recv` for ever, and `main` waits in `join`.
pub fn crawl_that_never_ends(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let found = Arc::new(Mutex::new(Found::new(start)));
    let urls = Arc::new(Mutex::new(urls));
    let workers: Vec<_> = (1..=k.get())
        .map(|n| {
            let (found, urls, queue) = (Arc::clone(&found), Arc::clone(&urls), queue.clone());
            spawn(&format!("worker-{n}"), move || {
                loop {
                    let Ok(url) = urls.lock().expect("no worker panicked").recv() else {
                        break;
                    };
                    let body = fetch(&url);
                    let new = found.lock().expect("no worker panicked").record(&url, body);
                    note!("{}: found {} new", page_name(&url), new.len());
                    for link in new {
                        queue.send(link).expect("the receiver outlives the workers");
                    }
                }
            })
        })
        .collect();
    drop(queue); // main's own sender is gone; the workers' are not
    for worker in workers {
        worker.join();
    }
    let found = found.lock().expect("no worker panicked");
    found.summary()
}
// ANCHOR_END: hang

/// Runs one of the chapter's programs on its scenario.
pub(crate) fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let (k, capacity) = (scenario.limit, scenario.capacity);
    let feed = scenario.urls_under(FEED);
    crate::world::run(scenario, mode, move || match program.variant {
        Some("crawl") => Ok(crawl(SITE_START, k)),
        Some("scoped") => Ok(crawl_scoped(SITE_START, k)),
        Some("unbounded") => unbounded(feed),
        Some("bounded") => bounded(feed, capacity),
        Some("hang") => Ok(crawl_that_never_ends(SITE_START, k)),
        _ => unknown_program(program),
    })
}
