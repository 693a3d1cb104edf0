//! Chapter `sharing`, blocking style: `k` threads crawl a site, sharing
//! a queue of URLs (a channel) and what they found (`Arc<Mutex<..>>`); the
//! same with `thread::scope`, which lets threads borrow; a fast fetcher
//! and a slow writer with a queue between them, unbounded and bounded; and
//! a crawl that never ends.
//!
//! Compare `crates/callbacks/src/chapters/sharing.rs` and
//! `crates/async/src/chapters/sharing.rs`.

use crate::prelude::sync::mpsc::{self, Receiver, SendError, Sender};
use crate::prelude::sync::{Arc, Mutex};
use crate::prelude::{
    Body, Error, Found, fetch, file_name_for, note, now, page_name, thread, write_file,
};
use std::num::NonZeroUsize;
use std::time::Duration;

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
// ANCHOR: crawl_fn
/// Crawls the site from `start` with `k` threads, and says what each page
/// gave. Everything the threads share is behind an `Arc` (each thread
/// needs its own handle, and a thread must own what it uses: `'static`)
/// and a `Mutex` (only one thread may change it at a time).
pub fn crawl(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Crawl {
        found: Found::new(start),
        queue: Some(queue),
    };
    run_workers(shared, urls, k)
}
// ANCHOR_END: crawl_fn

/// Starts `k` workers on what they share, waits for them, and says what
/// the crawl found.
fn run_workers(shared: Crawl, urls: Receiver<String>, k: NonZeroUsize) -> Vec<String> {
    let shared = Arc::new(Mutex::new(shared));
    // One receiver, many workers: they take turns with a lock.
    let urls = Arc::new(Mutex::new(urls));
    let workers: Vec<_> = (1..=k.get())
        .map(|n| {
            let (shared, urls) = (Arc::clone(&shared), Arc::clone(&urls));
            thread::Builder::new()
                .name(format!("worker-{n}")) // its lane in the trace
                .spawn(move || work(&shared, &urls))
                .expect("the system starts a thread")
        })
        .collect();
    for worker in workers {
        worker.join().expect("no worker panicked");
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
    thread::scope(|threads| {
        for n in 1..=k.get() {
            thread::Builder::new()
                .name(format!("worker-{n}"))
                .spawn_scoped(threads, || work(&shared, &urls))
                .expect("the system starts a thread");
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

/// Runs `job` on a new thread called `name`.
fn start<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> thread::JoinHandle<T> {
    thread::Builder::new()
        .name(name.to_owned())
        .spawn(job)
        .expect("the system starts a thread")
}
// ANCHOR_END: pipeline

// ANCHOR: unbounded
/// A queue with no limit: the fetcher never waits, and the pages it is
/// ahead by pile up in memory.
pub fn unbounded(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let (queue, pages) = mpsc::channel();
    let fetcher = start("fetcher", move || fetch_all(urls, |page| queue.send(page)));
    let writer = start("writer", move || write_all(&pages));
    let written = writer.join().expect("the writer does not panic")?;
    fetcher.join().expect("the fetcher does not panic")?;
    Ok(written)
}
// ANCHOR_END: unbounded

// ANCHOR: bounded
/// A queue of at most `capacity` pages: when it is full, `send` waits
/// until the writer takes one. The fetcher goes at the writer's pace.
pub fn bounded(urls: Vec<String>, capacity: NonZeroUsize) -> Result<Vec<String>, Error> {
    let (queue, pages) = mpsc::sync_channel(capacity.get());
    let fetcher = start("fetcher", move || fetch_all(urls, |page| queue.send(page)));
    let writer = start("writer", move || write_all(&pages));
    let written = writer.join().expect("the writer does not panic")?;
    fetcher.join().expect("the fetcher does not panic")?;
    Ok(written)
}
// ANCHOR_END: bounded

// ANCHOR: hang
/// The crawl with one line changed: the shared state gets a *clone* of
/// the queue's sender, and `queue` itself lives on in this function until
/// the workers are joined. The worker that finishes the last page drops
/// the shared sender, but this one keeps the queue open: every worker
/// waits in `recv` for a URL that nobody will send, and this function
/// waits in `join` for the workers.
pub fn crawl_that_never_ends(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Crawl {
        found: Found::new(start),
        queue: Some(queue.clone()),
    };
    run_workers(shared, urls, k)
}
// ANCHOR_END: hang
