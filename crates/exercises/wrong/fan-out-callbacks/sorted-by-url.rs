//! Wrong answer to `fan-out-callbacks`: the lines are kept in a `BTreeMap`
//! keyed by address, which hands them back sorted by address: an order
//! nobody asked for. (A `HashMap` would give one that changes from run to
//! run.)
//!
//! Expect: your board lists the pages in alphabetical order

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

struct Board {
    /// Each page's line, by its address.
    lines: BTreeMap<String, String>,
    done: Option<OnBoard>,
}

/// Fetches every page in `urls` at once; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    if urls.is_empty() {
        return done(lp, Vec::new());
    }
    let total = urls.len();
    let board = Rc::new(RefCell::new(Board {
        lines: BTreeMap::new(),
        done: Some(done),
    }));
    for url in urls {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |lp, body| {
            let mut state = board.borrow_mut();
            let line = describe_page(&url, body);
            state.lines.insert(url, line);
            if state.lines.len() == total
                && let Some(done) = state.done.take()
            {
                let lines = state.lines.values().cloned().collect();
                drop(state);
                done(lp, lines);
            }
        });
    }
}
