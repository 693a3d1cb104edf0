//! Wrong answer to `fan-out-callbacks`: each continuation pushes its line
//! onto the board as its page comes back, so the board is in the order the
//! pages arrived, not the order they were asked for.
//!
//! Expect: in the order they came back

use std::cell::RefCell;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

/// Fetches every page in `urls` at once; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    if urls.is_empty() {
        return done(lp, Vec::new());
    }
    let total = urls.len();
    let board: Rc<RefCell<(Vec<String>, Option<OnBoard>)>> =
        Rc::new(RefCell::new((Vec::new(), Some(done))));
    for url in urls {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |lp, body| {
            let mut state = board.borrow_mut();
            state.0.push(describe_page(&url, body));
            if state.0.len() == total
                && let Some(done) = state.1.take()
            {
                let lines = std::mem::take(&mut state.0);
                drop(state);
                done(lp, lines);
            }
        });
    }
}
