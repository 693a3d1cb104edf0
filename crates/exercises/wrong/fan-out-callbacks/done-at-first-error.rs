//! Wrong answer to `fan-out-callbacks`: it copies the chapter's `counter`,
//! which calls `done` at the first error. Right for a program that fails
//! as a whole; wrong for a status board, which must list every page,
//! failures included.
//!
//! Expect: failures included

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
    if urls.is_empty() {
        return done(lp, Vec::new());
    }
    let board = Rc::new(RefCell::new(Board {
        lines: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    for (index, url) in urls.into_iter().enumerate() {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |lp, body| {
            let mut state = board.borrow_mut();
            let finished = match body {
                Ok(body) => {
                    state.lines[index] = Some(describe_page(&url, Ok(body)));
                    state.remaining -= 1;
                    state.remaining == 0
                }
                Err(_) => true, // stop at the first error, as `counter` does
            };
            if finished && let Some(done) = state.done.take() {
                let lines = state.lines.iter().flatten().cloned().collect();
                drop(state);
                done(lp, lines);
            }
        });
    }
}
