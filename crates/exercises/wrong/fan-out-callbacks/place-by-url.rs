//! Wrong answer to `fan-out-callbacks`: each continuation finds its page's
//! place in the board by looking its address up in the list. When the list
//! names a page twice, both of its lines go to the first place, and the
//! second place stays empty.
//!
//! Expect: your board has 2 lines; it should have 3
//! Expect: news is in the list twice, and your board has one line for it

use std::cell::RefCell;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

struct Board {
    urls: Vec<String>,
    lines: Vec<Option<String>>,
    remaining: usize,
    done: Option<OnBoard>,
}

/// Fetches every page in `urls` at once; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    if urls.is_empty() {
        return done(lp, Vec::new());
    }
    let board = Rc::new(RefCell::new(Board {
        urls: urls.clone(),
        lines: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    for url in urls {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |lp, body| {
            let mut state = board.borrow_mut();
            let place = state.urls.iter().position(|u| *u == url).expect("listed");
            state.lines[place] = Some(describe_page(&url, body));
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
