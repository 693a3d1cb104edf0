//! Chapter `fan-out`, callback style: fetch several pages one after another,
//! all at once with a shared counter, or at most `k` at a time.
//!
//! Compare `crates/blocking/src/chapters/fan_out.rs` and
//! `crates/async/src/chapters/fan_out.rs`.

use crate::io::fetch;
use crate::{Done, EventLoop};
use std::cell::{Cell, RefCell};
use std::num::NonZeroUsize;
use std::rc::Rc;
use std::vec;
use threeways_model::{Error, page_name};
use tracing::info_span;

// ANCHOR: summary
/// Starts fetching one page; `then` gets how big it was.
fn fetch_summary(lp: &mut EventLoop, url: &str, then: impl Done<String>) {
    let name = page_name(url).to_owned();
    fetch(lp, url, move |lp, body| {
        then(lp, body.map(|body| format!("{name}: {} bytes", body.len())));
    });
}
// ANCHOR_END: summary

// ANCHOR: sequential
/// One page after another. A loop cannot wait, so the loop becomes a
/// function that the callback calls again for the next page. The first
/// error ends it: `done` gets it, and no later page is fetched.
pub fn sequential(lp: &mut EventLoop, urls: Vec<String>, done: impl Done<Vec<String>>) {
    fetch_from(lp, urls.into_iter(), Vec::new(), done);
}

fn fetch_from(
    lp: &mut EventLoop,
    mut left: vec::IntoIter<String>,
    mut summaries: Vec<String>,
    done: impl Done<Vec<String>>,
) {
    let Some(url) = left.next() else {
        return done(lp, Ok(summaries));
    };
    // Everything the next step needs rides along in the closure: the pages
    // left, the summaries so far, and `done`.
    fetch_summary(lp, &url, move |lp, summary| match summary {
        Ok(summary) => {
            summaries.push(summary);
            fetch_from(lp, left, summaries, done);
        }
        Err(error) => done(lp, Err(error)),
    });
}
// ANCHOR_END: sequential

// ANCHOR: all_at_once
/// What the callbacks of one fan-out share. Every callback runs on the
/// loop's one thread, so `Rc<RefCell<..>>` is enough: no locks.
struct Progress {
    summaries: Vec<Option<String>>,
    remaining: usize,
    /// Taken by whichever callback finishes the work, so it runs once. A
    /// continuation kept in a struct goes in a `Box`.
    done: Option<Box<dyn Done<Vec<String>>>>,
}

/// Starts every fetch at once; a shared counter calls `done` when the last
/// one has come back. The first error calls it at once, with that error;
/// fetches still under way go on, and nobody hears of them.
pub fn counter(lp: &mut EventLoop, urls: Vec<String>, done: impl Done<Vec<String>>) {
    if urls.is_empty() {
        return done(lp, Ok(Vec::new())); // no callback would ever call it
    }
    let progress = Rc::new(RefCell::new(Progress {
        summaries: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(Box::new(done)),
    }));
    for (index, url) in urls.iter().enumerate() {
        let progress = Rc::clone(&progress);
        // Each fetch starts a chain, in a span named after its page.
        info_span!("page", name = %page_name(url)).in_scope(|| {
            fetch_summary(lp, url, move |lp, summary| {
                record(lp, &progress, index, summary);
            });
        });
    }
}

/// Stores one result, and calls `done` if it was the last or an error.
fn record(
    lp: &mut EventLoop,
    progress: &RefCell<Progress>,
    index: usize,
    summary: Result<String, Error>,
) {
    let mut state = progress.borrow_mut();
    let finished = match summary {
        Ok(summary) => {
            state.summaries[index] = Some(summary);
            state.remaining -= 1;
            (state.remaining == 0).then(|| Ok(state.summaries.drain(..).flatten().collect()))
        }
        Err(error) => Some(Err(error)),
    };
    if let Some(result) = finished
        && let Some(done) = state.done.take()
    {
        drop(state); // `done` may start new work that borrows `progress` again
        done(lp, result);
    }
}
// ANCHOR_END: all_at_once

// ANCHOR: at_most_k
/// Starts `k` fetches; each callback starts the next page, until none is
/// left. Like a pool of `k` threads, with chains in place of threads. The
/// first error calls `done` at once; the chains then start no new page.
pub fn limited(
    lp: &mut EventLoop,
    urls: Vec<String>,
    k: NonZeroUsize,
    done: impl Done<Vec<String>>,
) {
    if urls.is_empty() {
        return done(lp, Ok(Vec::new())); // no callback would ever call it
    }
    let urls = Rc::new(urls);
    let progress = Rc::new(RefCell::new(Progress {
        summaries: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(Box::new(done)),
    }));
    // The next page to start: a number shared by the chains, so a `Cell`.
    let next = Rc::new(Cell::new(0));
    for n in 1..=k.get() {
        info_span!("chain", name = %format!("chain-{n}")).in_scope(|| {
            fetch_next(lp, Rc::clone(&urls), Rc::clone(&next), Rc::clone(&progress));
        });
    }
}

fn fetch_next(
    lp: &mut EventLoop,
    urls: Rc<Vec<String>>,
    next: Rc<Cell<usize>>,
    progress: Rc<RefCell<Progress>>,
) {
    if progress.borrow().done.is_none() {
        return; // finished, or failed: start nothing more
    }
    let index = next.get();
    let Some(url) = urls.get(index).cloned() else {
        return;
    };
    next.set(index + 1);
    fetch_summary(lp, &url, move |lp, summary| {
        record(lp, &progress, index, summary);
        fetch_next(lp, urls, next, progress);
    });
}
// ANCHOR_END: at_most_k
