//! Wrong answer to `fan-out-callbacks`: right for every list but the empty
//! one. With no pages no fetch starts, so no continuation ever runs to call
//! `done`.
//!
//! Expect: With no pages, `done` was never called

use std::cell::RefCell;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

struct Board {
    lines: Vec<Option<String>>,
    remaining: usize,
    done: Option<OnBoard>,
}

/// Fetches every page in `urls` at once; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    let board = Rc::new(RefCell::new(Board {
        lines: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    for (index, url) in urls.into_iter().enumerate() {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |lp, body| {
            let mut state = board.borrow_mut();
            state.lines[index] = Some(describe_page(&url, body));
            state.remaining -= 1;
            if state.remaining == 0
                && let Some(done) = state.done.take()
            {
                let lines = state.lines.drain(..).flatten().collect();
                drop(state);
                done(lp, lines);
            }
        });
    }
}
