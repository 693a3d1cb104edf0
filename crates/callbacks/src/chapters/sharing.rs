//! Chapter `sharing`, callback style: `k` chains crawl a site, sharing a
//! queue of URLs and what they found in an `Rc<RefCell<..>>`, with no lock
//! at all; a fast fetcher and a slow writer with a queue between them,
//! unbounded and bounded; and a crawl whose last continuation is never
//! called.
//!
//! Compare `crates/blocking/src/chapters/sharing.rs` and
//! `crates/async/src/chapters/sharing.rs`.

use crate::io::{fetch, write_file};
use crate::{Done, EventLoop, Then, in_this_chain, note};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::rc::Rc;
use std::time::Duration;
use threeways_model::crawl::Found;
use threeways_model::{Body, Error, file_name_for, page_name};
use tracing::info_span;

// ANCHOR: shared
/// What the chains share. Every callback runs on the loop's one thread,
/// and runs to its end before the next one starts, so nothing can change
/// this between two lines of a callback: an `Rc<RefCell<..>>` is all the
/// sharing needs. No lock, and no `Send`.
struct Crawl {
    found: Found,
    queue: VecDeque<String>,
    /// The chains with nothing to fetch, each kept as its next step: each
    /// new URL restarts one.
    idle: Vec<Box<dyn Then<()>>>,
    /// The rest of the program, called once, when the crawl is over.
    done: Option<Box<dyn Done<Vec<String>>>>,
}
// ANCHOR_END: shared

// ANCHOR: crawl
/// Crawls the site from `start` with `k` chains, and calls `done` with
/// what each page gave.
pub fn crawl(lp: &mut EventLoop, start: &str, k: NonZeroUsize, done: impl Done<Vec<String>>) {
    let shared = Rc::new(RefCell::new(Crawl {
        found: Found::new(start),
        queue: VecDeque::from([start.to_owned()]),
        idle: Vec::new(),
        done: Some(Box::new(done)),
    }));
    for n in 1..=k.get() {
        // The chain runs in a span that names it: its lane in the trace.
        let chain = info_span!("chain", name = %format!("worker-{n}"));
        chain.in_scope(|| work(lp, Rc::clone(&shared)));
    }
}

// ANCHOR: work_fn
/// One chain's next step: fetch the next URL, or, with none queued, stop
/// and wait to be restarted.
fn work(lp: &mut EventLoop, shared: Rc<RefCell<Crawl>>) {
    let again = Rc::clone(&shared);
    let Some(url) = next_url(&shared, move |lp, ()| work(lp, again)) else {
        return;
    };
    fetch(lp, &url.clone(), move |lp, body| {
        if record(lp, &shared, &url, body) {
            work(lp, shared);
        }
    });
}
// ANCHOR_END: work_fn

/// The next URL to fetch. With none queued, the chain stops: its next
/// step, `resume`, is kept for the callback that queues a new link to
/// call. It is bound to this chain, so that it goes on in this chain
/// whoever calls it.
fn next_url(shared: &RefCell<Crawl>, resume: impl Then<()>) -> Option<String> {
    let mut crawl = shared.borrow_mut();
    let next = crawl.queue.pop_front();
    if next.is_none() {
        crawl.idle.push(Box::new(in_this_chain(resume)));
    }
    next
}

/// Records what `url` gave, queues its new links and restarts an idle
/// chain for each, and calls `done` if that was the last page. Returns
/// whether this chain goes on.
fn record(
    lp: &mut EventLoop,
    shared: &RefCell<Crawl>,
    url: &str,
    body: Result<Body, Error>,
) -> bool {
    let mut crawl = shared.borrow_mut();
    let new = crawl.found.record(url, body);
    note!(lp, "{}: found {} new", page_name(url), new.len());
    let restart: Vec<_> = (0..new.len()).map_while(|_| crawl.idle.pop()).collect();
    crawl.queue.extend(new);
    if crawl.found.is_done()
        && let Some(done) = crawl.done.take()
    {
        let summary = crawl.found.summary();
        drop(crawl); // `done` may borrow it again
        done(lp, Ok(summary));
        return false;
    }
    drop(crawl); // the next steps borrow it
    for chain in restart {
        chain(lp, ());
    }
    true
}
// ANCHOR_END: crawl

// ANCHOR: pipeline
/// A page fetched, on its way to the disk, and when it was fetched.
struct Fetched {
    name: String,
    body: Body,
    at: Duration,
}

/// What the fetcher and the writer share: the queue between them, and the
/// next step of whichever of them is paused. To pause a chain is to keep
/// its next step instead of calling it; the other chain calls it, and it
/// goes on in its own chain (`in_this_chain`).
struct Pipe {
    queue: VecDeque<Fetched>,
    /// How many pages the queue may hold; `None`: any number.
    capacity: Option<usize>,
    /// The fetcher's next step, page and all, kept while the queue is full.
    fetcher: Option<Box<dyn Then<()>>>,
    /// The writer's next step, kept while the queue is empty.
    writer: Option<Box<dyn Then<()>>>,
    fetched_all: bool,
    written: Vec<String>,
    done: Option<Box<dyn Done<Vec<String>>>>,
}

/// Runs a fetcher chain and a writer chain with a queue between them.
fn pipeline(
    lp: &mut EventLoop,
    urls: Vec<String>,
    capacity: Option<usize>,
    done: impl Done<Vec<String>>,
) {
    let pipe = Rc::new(RefCell::new(Pipe {
        queue: VecDeque::new(),
        capacity,
        fetcher: None,
        writer: None,
        fetched_all: false,
        written: Vec::new(),
        done: Some(Box::new(done)),
    }));
    let fetcher = Rc::clone(&pipe);
    info_span!("fetcher").in_scope(|| fetch_next(lp, fetcher, urls.into()));
    info_span!("writer").in_scope(|| write_next(lp, pipe));
}

/// Fetches the pages one after another, handing each on with `send`.
fn fetch_next(lp: &mut EventLoop, pipe: Rc<RefCell<Pipe>>, mut urls: VecDeque<String>) {
    let Some(url) = urls.pop_front() else {
        note!(lp, "fetched every page");
        pipe.borrow_mut().fetched_all = true;
        return wake_writer(lp, &pipe);
    };
    fetch(lp, &url.clone(), move |lp, body| {
        let body = match body {
            Ok(body) => body,
            Err(error) => return finish(lp, &pipe, Err(error)),
        };
        let page = Fetched {
            name: file_name_for(&url),
            body,
            at: lp.now(),
        };
        let again = Rc::clone(&pipe);
        send(lp, &pipe, page, move |lp, ()| fetch_next(lp, again, urls));
    });
}

/// Puts `page` in the queue, wakes the writer if it waits, then calls
/// `then`. If the queue is full, this whole step is kept instead, page and
/// all, and runs again when the writer takes a page: the fetcher is paused.
fn send(lp: &mut EventLoop, pipe: &Rc<RefCell<Pipe>>, page: Fetched, then: impl Then<()>) {
    let mut shared = pipe.borrow_mut();
    if shared
        .capacity
        .is_some_and(|capacity| shared.queue.len() >= capacity)
    {
        note!(lp, "the queue is full: the fetcher waits");
        let again = Rc::clone(pipe);
        let paused = move |lp: &mut EventLoop, ()| send(lp, &again, page, then);
        shared.fetcher = Some(Box::new(in_this_chain(paused)));
        return;
    }
    shared.queue.push_back(page);
    drop(shared);
    wake_writer(lp, pipe);
    then(lp, ());
}

/// Writes the next page in the queue, and lets a paused fetcher go on:
/// there is room now. With none queued, keeps this step for the fetcher
/// to call.
fn write_next(lp: &mut EventLoop, pipe: Rc<RefCell<Pipe>>) {
    let mut shared = pipe.borrow_mut();
    let Some(page) = shared.queue.pop_front() else {
        if shared.fetched_all {
            let written = std::mem::take(&mut shared.written);
            drop(shared);
            return finish(lp, &pipe, Ok(written));
        }
        let again = Rc::clone(&pipe);
        let paused = move |lp: &mut EventLoop, ()| write_next(lp, again);
        shared.writer = Some(Box::new(in_this_chain(paused)));
        return;
    };
    let paused = shared.fetcher.take();
    drop(shared);
    if let Some(fetcher) = paused {
        fetcher(lp, ());
    }
    write_page(lp, pipe, page);
}

/// Writes one page, then goes on with the next.
fn write_page(lp: &mut EventLoop, pipe: Rc<RefCell<Pipe>>, page: Fetched) {
    let waited = lp.now() - page.at;
    note!(
        lp,
        "{} waited {} ms in the queue",
        page.name,
        waited.as_millis()
    );
    write_file(lp, &page.name.clone(), page.body, move |lp, written| {
        if let Err(error) = written {
            return finish(lp, &pipe, Err(error));
        }
        pipe.borrow_mut().written.push(page.name);
        write_next(lp, pipe);
    });
}

/// Lets a writer waiting for a page go on: there is one now, or, once the
/// fetcher is done, there will be none and it finishes.
fn wake_writer(lp: &mut EventLoop, pipe: &Rc<RefCell<Pipe>>) {
    let waiting = pipe.borrow_mut().writer.take();
    if let Some(writer) = waiting {
        writer(lp, ());
    }
}

/// Calls `done`, once.
fn finish(lp: &mut EventLoop, pipe: &RefCell<Pipe>, result: Result<Vec<String>, Error>) {
    let done = pipe.borrow_mut().done.take();
    if let Some(done) = done {
        done(lp, result);
    }
}
// ANCHOR_END: pipeline

// ANCHOR: unbounded
/// A queue with no limit: the fetcher never pauses, and the pages it is
/// ahead by pile up in memory.
pub fn unbounded(lp: &mut EventLoop, urls: Vec<String>, done: impl Done<Vec<String>>) {
    pipeline(lp, urls, None, done);
}
// ANCHOR_END: unbounded

// ANCHOR: bounded
/// A queue of at most `capacity` pages: when it is full, the fetcher's
/// next step is kept, not called, until the writer takes a page.
pub fn bounded(
    lp: &mut EventLoop,
    urls: Vec<String>,
    capacity: NonZeroUsize,
    done: impl Done<Vec<String>>,
) {
    pipeline(lp, urls, Some(capacity.get()), done);
}
// ANCHOR_END: bounded

// ANCHOR: hang
/// The crawl's `work`, with one change that looks harmless: a page that
/// fails to fetch is skipped. But the crawl counts the pages still to do,
/// and the skipped one is never counted done, so the count never reaches
/// zero and `done` is never called. The loop runs out of callbacks, and
/// nobody hears that the crawl is over.
fn work_skipping_failures(lp: &mut EventLoop, shared: Rc<RefCell<Crawl>>) {
    let again = Rc::clone(&shared);
    let Some(url) = next_url(&shared, move |lp, ()| work_skipping_failures(lp, again)) else {
        return;
    };
    fetch(lp, &url.clone(), move |lp, body| {
        let Ok(body) = body else {
            note!(lp, "{}: failed, skipped", page_name(&url));
            return; // and with it, this chain
        };
        if record(lp, &shared, &url, Ok(body)) {
            work_skipping_failures(lp, shared);
        }
    });
}
// ANCHOR_END: hang

/// Crawls as [`crawl`] does, with `work_skipping_failures` as each chain.
pub fn crawl_that_never_ends(
    lp: &mut EventLoop,
    start: &str,
    k: NonZeroUsize,
    done: impl Done<Vec<String>>,
) {
    let shared = Rc::new(RefCell::new(Crawl {
        found: Found::new(start),
        queue: VecDeque::from([start.to_owned()]),
        idle: Vec::new(),
        done: Some(Box::new(done)),
    }));
    for n in 1..=k.get() {
        let chain = info_span!("chain", name = %format!("worker-{n}"));
        chain.in_scope(|| work_skipping_failures(lp, Rc::clone(&shared)));
    }
}
