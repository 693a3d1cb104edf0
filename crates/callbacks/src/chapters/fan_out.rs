//! Chapter `fan-out`, callback style: fetch several pages one after another,
//! all at once with a shared counter, or at most `k` at a time.
//!
//! Compare `crates/blocking/src/chapters/fan_out.rs` and
//! `crates/async/src/chapters/fan_out.rs`.

use crate::io::fetch;
use crate::{Done, EventLoop};
use std::cell::RefCell;
use std::rc::Rc;
use threeways_core::world::Mode;
use threeways_core::{Error, Program, Run, Scenario, page_name, unknown_program};

// ANCHOR: summary
/// Starts fetching one page; `then` gets how big it was.
fn fetch_summary(
    lp: &mut EventLoop,
    url: &str,
    then: impl FnOnce(&mut EventLoop, Result<String, Error>) + 'static,
) {
    let name = page_name(url).to_owned();
    fetch(lp, url, move |lp, body| {
        then(lp, body.map(|body| format!("{name}: {} bytes", body.len())));
    });
}
// ANCHOR_END: summary

// ANCHOR: sequential
/// One page after another. A loop cannot wait, so the loop becomes a
/// function that the callback calls again for the next page.
pub fn sequential(lp: &mut EventLoop, urls: Vec<String>, done: Done<Vec<String>>) {
    fetch_from(lp, urls, 0, Vec::new(), done);
}

fn fetch_from(
    lp: &mut EventLoop,
    urls: Vec<String>,
    next: usize,
    mut summaries: Vec<String>,
    done: Done<Vec<String>>,
) {
    let Some(url) = urls.get(next).cloned() else {
        return done(lp, Ok(summaries));
    };
    // Everything the next step needs rides along in the closure.
    fetch_summary(lp, &url, move |lp, summary| match summary {
        Ok(summary) => {
            summaries.push(summary);
            fetch_from(lp, urls, next + 1, summaries, done);
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
    /// Taken by whichever callback finishes the work, so it runs once.
    done: Option<Done<Vec<String>>>,
}

/// Starts every fetch at once; a shared counter calls `done` when the last
/// one has come back.
pub fn counter(lp: &mut EventLoop, urls: Vec<String>, done: Done<Vec<String>>) {
    if urls.is_empty() {
        return done(lp, Ok(Vec::new())); // no callback would ever call it
    }
    let progress = Rc::new(RefCell::new(Progress {
        summaries: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    for (index, url) in urls.iter().enumerate() {
        let progress = Rc::clone(&progress);
        lp.start_chain(page_name(url), |lp| {
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
/// left. Like a pool of `k` threads, with chains in place of threads.
pub fn limited(lp: &mut EventLoop, urls: Vec<String>, k: usize, done: Done<Vec<String>>) {
    if urls.is_empty() {
        return done(lp, Ok(Vec::new())); // no callback would ever call it
    }
    let urls = Rc::new(urls);
    let progress = Rc::new(RefCell::new(Progress {
        summaries: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    let next = Rc::new(RefCell::new(0));
    for n in 1..=k {
        lp.start_chain(&format!("chain-{n}"), |lp| {
            fetch_next(lp, Rc::clone(&urls), Rc::clone(&next), Rc::clone(&progress));
        });
    }
}

fn fetch_next(
    lp: &mut EventLoop,
    urls: Rc<Vec<String>>,
    next: Rc<RefCell<usize>>,
    progress: Rc<RefCell<Progress>>,
) {
    if progress.borrow().done.is_none() {
        return; // finished, or failed: start nothing more
    }
    let index = next.replace_with(|n| *n + 1); // take the next page, move the counter on
    let Some(url) = urls.get(index).cloned() else {
        return;
    };
    fetch_summary(lp, &url, move |lp, summary| {
        record(lp, &progress, index, summary);
        fetch_next(lp, urls, next, progress);
    });
}
// ANCHOR_END: at_most_k

/// Runs one of the chapter's programs on its scenario.
pub(crate) fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let urls = scenario.urls();
    let k = scenario.limit;
    crate::world::run(scenario, mode, move |lp, finish| match program.variant {
        Some("sequential") => sequential(lp, urls, finish),
        Some("counter") => counter(lp, urls, finish),
        Some("limited") => limited(lp, urls, k, finish),
        _ => unknown_program(program),
    })
}
