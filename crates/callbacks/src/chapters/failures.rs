//! Chapter `failures`, callback style: every continuation receives the error
//! of the step before; a timeout is a race against a timer; a chain is
//! stopped by a flag that its next callback checks.
//!
//! Compare `crates/blocking/src/chapters/failures.rs` and
//! `crates/async/src/chapters/failures.rs`.

use crate::io::fetch;
use crate::time::sleep;
use crate::{Done, EventLoop, Then, note};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use std::vec;
use threeways_model::{Error, describe_page};
use tracing::info_span;

// ANCHOR: error
/// Fetches the report, then the missing page. Each continuation gets the
/// previous step's `Result` and must pass an error on to `done` itself.
pub fn both(lp: &mut EventLoop, report: &str, missing: String, done: impl Done<usize>) {
    fetch(lp, report, move |lp, first| {
        let first = match first {
            Ok(body) => body,
            Err(error) => return done(lp, Err(error)),
        };
        note!(lp, "got the report");
        fetch(lp, &missing, move |lp, second| {
            let second = match second {
                Ok(body) => body,
                Err(error) => return done(lp, Err(error)),
            };
            note!(lp, "got the missing page"); // never runs: the fetch failed
            done(lp, Ok(first.len() + second.len()));
        });
    });
}
// ANCHOR_END: error

// ANCHOR: timeout
/// Races the fetch against a timer. Whichever calls back first answers;
/// the other must find out that it lost, by hand.
pub fn with_timeout(lp: &mut EventLoop, slow: &str, limit: Duration, done: impl Done<usize>) {
    // Both callbacks hold `done`; the first to take it answers.
    let done = Rc::new(RefCell::new(Some(done)));
    let for_timer = Rc::clone(&done);
    let url = slow.to_owned();
    let timer = lp.set_timer(limit, move |lp| {
        if let Some(done) = for_timer.borrow_mut().take() {
            note!(lp, "{} ms are up: giving up", limit.as_millis());
            done(lp, Err(Error::TimedOut { url, after: limit }));
        }
    });
    fetch(lp, slow, move |lp, body| {
        let won = done.borrow_mut().take();
        match won {
            Some(done) => {
                lp.cancel_timer(timer); // the fetch won: the timer must not fire
                done(lp, body.map(|body| body.len()));
            }
            // The fetch went on after the timer fired, until now.
            None => note!(lp, "the fetch has ended too, and nobody is waiting for it"),
        }
    });
}
// ANCHOR_END: timeout

// ANCHOR: cancel
/// Fetches the pages in turn, and asks the chain to stop after `deadline`.
/// A fetch in progress cannot be called back: the flag is looked at only
/// when its callback decides whether to start the next one.
pub fn cancel(
    lp: &mut EventLoop,
    urls: Vec<String>,
    deadline: Duration,
    done: impl Then<Vec<String>>,
) {
    let stop = Rc::new(Cell::new(false));
    let asker = Rc::clone(&stop);
    info_span!("canceller").in_scope(|| {
        sleep(lp, deadline, move |lp| {
            note!(lp, "asking the chain to stop");
            asker.set(true);
        });
    });
    fetch_in_turn(lp, urls.into_iter(), Vec::new(), stop, done);
}

fn fetch_in_turn(
    lp: &mut EventLoop,
    mut left: vec::IntoIter<String>,
    mut fetched: Vec<String>,
    stop: Rc<Cell<bool>>,
    done: impl Then<Vec<String>>,
) {
    let Some(url) = left.next() else {
        return done(lp, fetched);
    };
    if stop.get() {
        note!(lp, "asked to stop: not starting {url}");
        return done(lp, fetched);
    }
    fetch(lp, &url.clone(), move |lp, body| {
        fetched.push(describe_page(&url, body));
        fetch_in_turn(lp, left, fetched, stop, done);
    });
}
// ANCHOR_END: cancel
