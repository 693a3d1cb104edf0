//! A solution to `fan-out-callbacks`: every fetch starts at once, each
//! continuation fills in its page's line, and a shared counter tells the
//! last one to call `done`.

use std::cell::RefCell;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::{describe_page, page_name};
use threeways_exercises::OnBoard;
use tracing::info_span;

/// What the continuations share. They all run on the loop's one thread, so
/// `Rc<RefCell<..>>` is enough.
struct Board {
    /// Each page's line, in the order asked for, filled in as pages arrive.
    lines: Vec<Option<String>>,
    /// How many pages are still out.
    remaining: usize,
    /// Taken by the last page to come back.
    done: Option<OnBoard>,
}

/// Starts fetching every page in `urls` at once, and returns at once.
/// `done` gets one line per page, in the order of `urls`.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    if urls.is_empty() {
        return done(lp, Vec::new()); // no fetch would ever call it
    }
    let board = Rc::new(RefCell::new(Board {
        lines: vec![None; urls.len()],
        remaining: urls.len(),
        done: Some(done),
    }));
    for (index, url) in urls.into_iter().enumerate() {
        let board = Rc::clone(&board);
        // Each fetch starts a chain, named after its page in the trace.
        info_span!("page", name = %page_name(&url)).in_scope(|| {
            fetch(lp, &url.clone(), move |lp, body| {
                let mut state = board.borrow_mut();
                state.lines[index] = Some(describe_page(&url, body));
                state.remaining -= 1;
                if state.remaining == 0
                    && let Some(done) = state.done.take()
                {
                    let lines = state.lines.drain(..).flatten().collect();
                    drop(state); // `done` may start work that borrows the board
                    done(lp, lines);
                }
            });
        });
    }
}
