//! Chapter `sharing`, async style: `k` tasks crawl a site, first on one
//! thread (`Rc<RefCell<..>>` and `spawn_local`), then ready for many
//! (`Arc<Mutex<..>>` and `tokio::spawn`, which need `Send` and `'static`);
//! a cache behind std's `Mutex` and behind tokio's; a fast fetcher and a
//! slow writer with a channel between them, unbounded and bounded; and a
//! crawl that never ends.
//!
//! Compare `crates/blocking/src/chapters/sharing.rs` and
//! `crates/callbacks/src/chapters/sharing.rs`.

use crate::prelude::sync::Mutex;
use crate::prelude::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use crate::prelude::{
    Body, Error, Found, fetch, file_name_for, note, now, page_name, spawn, spawn_local, write_file,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::LocalSet;
use tracing::{Instrument, info_span};

// ANCHOR: shared
/// What the workers share: what the crawl has found, and the queue's one
/// sender, dropped (closing the queue) by the worker that finishes the last
/// page, as in the blocking crawl.
struct Crawl {
    found: Found,
    queue: Option<UnboundedSender<String>>,
}

/// Records what `url` gave, queues the links not seen yet, and closes the
/// queue when nothing is left: the same in both crawls, between two waits.
fn record(crawl: &mut Crawl, url: &str, body: Result<Body, Error>) {
    let new = crawl.found.record(url, body);
    note!("{}: found {} new", page_name(url), new.len());
    if let Some(queue) = &crawl.queue {
        for link in new {
            queue.send(link).expect("the receiver outlives the workers");
        }
    }
    if crawl.found.is_done() {
        crawl.queue = None; // the last sender: the queue closes
    }
}
// ANCHOR_END: shared

// ANCHOR: crawl
/// Crawls the site with `k` tasks on this one thread. `spawn_local` keeps
/// each task on the thread that spawned it, so what they share may be an
/// `Rc<RefCell<..>>`, as in the callback crawl: neither is `Send`, and
/// need not be.
pub async fn crawl_local(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::unbounded_channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Rc::new(RefCell::new(Crawl {
        found: Found::new(start),
        queue: Some(queue),
    }));
    // One receiver, many workers: an async lock, since a worker holds it
    // across `recv().await` (a `RefCell` borrow held there would panic as
    // soon as a second worker tried to borrow it).
    let urls = Rc::new(Mutex::new(urls));
    // Local tasks live in a `LocalSet`, which runs them on this thread.
    LocalSet::new()
        .run_until(async {
            let workers: Vec<_> = (1..=k.get())
                .map(|n| {
                    let worker = work_local(Rc::clone(&shared), Rc::clone(&urls));
                    // The span a task runs in names it: its lane.
                    let span = info_span!("worker", name = %format!("worker-{n}"));
                    spawn_local(worker.instrument(span))
                })
                .collect();
            for worker in workers {
                worker.await.expect("a worker does not panic");
            }
        })
        .await;
    shared.borrow().found.summary()
}

/// One worker: takes a URL, fetches it, records what it found, until the
/// queue is closed.
async fn work_local(shared: Rc<RefCell<Crawl>>, urls: Rc<Mutex<UnboundedReceiver<String>>>) {
    loop {
        // The guard of `urls` is a temporary: it lives across `recv().await`
        // (which tokio's `Mutex` allows) to the end of this statement, and
        // no further. In `while let Some(url) = ...` it would live through
        // the whole loop body, fetch included, and the workers would take
        // turns at fetching.
        let Some(url) = urls.lock().await.recv().await else {
            break; // closed: every page is done
        };
        let body = fetch(&url).await;
        // A `RefCell` borrow, never held across an `.await`.
        record(&mut shared.borrow_mut(), &url, body);
    }
}
// ANCHOR_END: crawl

// ANCHOR: crawl_send
// ANCHOR: crawl_send_fn
/// The same crawl with `tokio::spawn`, whose tasks a multi-thread runtime
/// may run on any of its threads, and move between them at any `.await`.
/// So each task's future must be `Send` (all it holds across an `.await`
/// may go to another thread) and `'static` (it owns all it uses): `Arc`
/// for `Rc`, and a `Mutex` for the `RefCell`. The crawl itself is unchanged.
pub async fn crawl_send(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::unbounded_channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Crawl {
        found: Found::new(start),
        queue: Some(queue),
    };
    run_workers(shared, urls, k).await
}
// ANCHOR_END: crawl_send_fn

/// Spawns `k` workers on what they share, awaits them, and says what the
/// crawl found.
async fn run_workers(
    shared: Crawl,
    urls: UnboundedReceiver<String>,
    k: NonZeroUsize,
) -> Vec<String> {
    let shared = Arc::new(std::sync::Mutex::new(shared));
    let urls = Arc::new(Mutex::new(urls));
    let workers: Vec<_> = (1..=k.get())
        .map(|n| {
            let worker = work_send(Arc::clone(&shared), Arc::clone(&urls));
            let span = info_span!("worker", name = %format!("worker-{n}"));
            spawn(worker.instrument(span))
        })
        .collect();
    for worker in workers {
        worker.await.expect("a worker does not panic");
    }
    let crawl = shared.lock().expect("no worker panicked");
    crawl.found.summary()
}

/// One worker, as [`work_local`], with what it shares behind `Arc`s.
async fn work_send(
    shared: Arc<std::sync::Mutex<Crawl>>,
    urls: Arc<Mutex<UnboundedReceiver<String>>>,
) {
    loop {
        let Some(url) = urls.lock().await.recv().await else {
            break;
        };
        let body = fetch(&url).await;
        // std's lock, for a short critical section: taken and let go with
        // no `.await` in between. Its guard is not `Send`; held across an
        // `.await`, it would make this future not `Send` either.
        record(&mut shared.lock().expect("no worker panicked"), &url, body);
    }
}
// ANCHOR_END: crawl_send

// ANCHOR: std_mutex
/// Readers of a cache of pages. With std's `Mutex`, a reader locks the
/// cache only to look and to store, never across the fetch, so the readers
/// never wait for each other. The cost: two readers that miss the same
/// page at once both fetch it.
pub async fn readers_std_mutex(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let cache = Arc::new(std::sync::Mutex::new(HashMap::<String, Body>::new()));
    let readers: Vec<_> = urls
        .into_iter()
        .enumerate()
        .map(|(n, url)| {
            let cache = Arc::clone(&cache);
            let span = info_span!("reader", name = %format!("reader-{}", n + 1));
            let reader = async move {
                let cached = cache.lock().expect("no reader panicked").get(&url).cloned();
                let body = match cached {
                    Some(body) => {
                        note!("{}: from the cache", page_name(&url));
                        body
                    }
                    None => {
                        let body: Body = fetch(&url).await?;
                        let mut cache = cache.lock().expect("no reader panicked");
                        cache.insert(url.clone(), body.clone());
                        body
                    }
                };
                Ok(format!("{}: {} bytes", page_name(&url), body.len()))
            };
            spawn(reader.instrument(span))
        })
        .collect();
    let mut read = Vec::new();
    for reader in readers {
        read.push(reader.await.expect("a reader does not panic")?);
    }
    Ok(read)
}
// ANCHOR_END: std_mutex

// ANCHOR: tokio_mutex
/// The same readers, with tokio's `Mutex`, whose guard may be held across
/// an `.await`: a reader holds the cache while it fetches, so a page is
/// fetched once. The cost: every other reader waits for that fetch, even
/// one that wants another page.
pub async fn readers_tokio_mutex(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let cache = Arc::new(Mutex::new(HashMap::<String, Body>::new()));
    let readers: Vec<_> = urls
        .into_iter()
        .enumerate()
        .map(|(n, url)| {
            let cache = Arc::clone(&cache);
            let span = info_span!("reader", name = %format!("reader-{}", n + 1));
            let reader = async move {
                let mut cache = cache.lock().await;
                let body = match cache.get(&url) {
                    Some(body) => {
                        note!("{}: from the cache", page_name(&url));
                        body.clone()
                    }
                    None => {
                        let body: Body = fetch(&url).await?; // still holding the cache
                        cache.insert(url.clone(), body.clone());
                        body
                    }
                };
                Ok(format!("{}: {} bytes", page_name(&url), body.len()))
            };
            spawn(reader.instrument(span))
        })
        .collect();
    let mut read = Vec::new();
    for reader in readers {
        read.push(reader.await.expect("a reader does not panic")?);
    }
    Ok(read)
}
// ANCHOR_END: tokio_mutex

// ANCHOR: pipeline
/// A page fetched, on its way to the disk, and when it was fetched.
struct Fetched {
    name: String,
    body: Body,
    at: Duration,
}

/// Fetches one page for the queue.
async fn fetch_page(url: &str) -> Result<Fetched, Error> {
    let body = fetch(url).await?;
    Ok(Fetched {
        name: file_name_for(url),
        body,
        at: now(),
    })
}

/// Writes one page taken from the queue, saying how long it waited there:
/// which says how long the queue was.
async fn write_page(page: Fetched) -> Result<String, Error> {
    let waited = now() - page.at;
    note!(
        "{} waited {} ms in the queue",
        page.name,
        waited.as_millis()
    );
    write_file(&page.name, &page.body).await?;
    Ok(page.name)
}

/// Runs `fetcher` and `writer` as tasks, each in a span that names it,
/// and returns what the writer wrote.
async fn run_pipeline(
    fetcher: impl Future<Output = Result<(), Error>> + Send + 'static,
    writer: impl Future<Output = Result<Vec<String>, Error>> + Send + 'static,
) -> Result<Vec<String>, Error> {
    let fetcher = spawn(fetcher.instrument(info_span!("fetcher")));
    let writer = spawn(writer.instrument(info_span!("writer")));
    let written = writer.await.expect("the writer does not panic")?;
    fetcher.await.expect("the fetcher does not panic")?;
    Ok(written)
}
// ANCHOR_END: pipeline

// ANCHOR: unbounded
/// A channel with no limit: `send` never waits (it is not even `async`),
/// and the pages the fetcher is ahead by pile up in memory.
pub async fn unbounded(urls: Vec<String>) -> Result<Vec<String>, Error> {
    let (queue, mut pages) = mpsc::unbounded_channel();
    let fetcher = async move {
        for url in urls {
            let page = fetch_page(&url).await?;
            queue.send(page).expect("the writer outlives the fetcher");
        }
        note!("fetched every page");
        Ok::<(), Error>(())
    };
    let writer = async move {
        let mut written = Vec::new();
        while let Some(page) = pages.recv().await {
            written.push(write_page(page).await?);
        }
        Ok::<_, Error>(written)
    };
    run_pipeline(fetcher, writer).await
}
// ANCHOR_END: unbounded

// ANCHOR: bounded
/// A channel of at most `capacity` pages: `send(..).await` waits while it
/// is full, until the writer takes one. The fetcher goes at the writer's
/// pace.
pub async fn bounded(urls: Vec<String>, capacity: NonZeroUsize) -> Result<Vec<String>, Error> {
    let (queue, mut pages) = mpsc::channel(capacity.get());
    let fetcher = async move {
        for url in urls {
            let page = fetch_page(&url).await?;
            queue
                .send(page)
                .await
                .expect("the writer outlives the fetcher");
        }
        note!("fetched every page");
        Ok::<(), Error>(())
    };
    let writer = async move {
        let mut written = Vec::new();
        while let Some(page) = pages.recv().await {
            written.push(write_page(page).await?);
        }
        Ok::<_, Error>(written)
    };
    run_pipeline(fetcher, writer).await
}
// ANCHOR_END: bounded

// ANCHOR: hang
/// The crawl with one line changed: the shared state gets a *clone* of the
/// queue's sender, and `queue` itself lives on in this function, which
/// awaits the workers. The worker that finishes the last page drops its
/// sender, but this one keeps the queue open: every worker waits for a URL
/// that nobody will send, and this function waits for the workers.
pub async fn crawl_that_never_ends(start: &str, k: NonZeroUsize) -> Vec<String> {
    let (queue, urls) = mpsc::unbounded_channel();
    queue
        .send(start.to_owned())
        .expect("the receiver is right here");
    let shared = Crawl {
        found: Found::new(start),
        queue: Some(queue.clone()),
    };
    run_workers(shared, urls, k).await
}
// ANCHOR_END: hang

/// What the compiler refuses, and why: three tasks that `tokio::spawn`
/// will not take. Each is a doctest that must *fail* to compile
/// (`compile_fail`): `cargo test` fails if one ever compiles. (Stable
/// rustdoc does not check which error stops it; the messages in the
/// comments were read off the compiler, and `fixed.rs`, which compiles,
/// keeps the rest of the code honest.)
///
/// A task that borrows a local variable, when a task must own what it
/// uses (`'static`), since it may outlive the function that spawned it:
///
/// ```compile_fail
#[doc = include_str!("sharing/borrows_a_local.rs")]
/// ```
///
/// A task that holds an `Rc` across an `.await`, when `tokio::spawn`
/// needs a future that is `Send` (it may go on on another thread after
/// any `.await`), and an `Rc` is not:
///
/// ```compile_fail
#[doc = include_str!("sharing/rc_across_await.rs")]
/// ```
///
/// A task that holds std's `MutexGuard` across an `.await`: the guard is
/// not `Send` either (a lock must be let go by the thread that took it):
///
/// ```compile_fail
#[doc = include_str!("sharing/guard_across_await.rs")]
/// ```
///
/// And the three fixed, which compiles:
///
/// ```no_run
#[doc = include_str!("sharing/fixed.rs")]
/// ```
pub mod what_the_compiler_refuses {}
