//! Wrong answer to `fan-out-callbacks`: instead of counting the pages that
//! come back, it sets a timer for 200 ms, the time the slowest page took
//! when it was tried, and calls `done` then. Right for that list only: with
//! other pages the board is ready too late, or before every page is in.
//!
//! Expect: With four other pages, at other speeds
//! Expect: `done` was called at 200 ms, when no page came back

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_callbacks::time::sleep;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

/// Fetches every page in `urls` at once; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    let board = Rc::new(RefCell::new(vec![None; urls.len()]));
    for (index, url) in urls.into_iter().enumerate() {
        let board = Rc::clone(&board);
        fetch(lp, &url.clone(), move |_, body| {
            board.borrow_mut()[index] = Some(describe_page(&url, body));
        });
    }
    // Every page is back by then.
    sleep(lp, Duration::from_millis(200), move |lp| {
        let lines = board.borrow_mut().drain(..).flatten().collect();
        done(lp, lines);
    });
}
