//! Wrong answer to `fan-out-callbacks`: each continuation starts the next
//! fetch, as the chapter's `sequential` does. The board is right, but the
//! pages take turns: 500 ms, where at once they take 200 ms.
//!
//! Expect: took 500 ms of virtual time; a concurrent version takes 200 ms
//! Expect: the pages were fetched one after another

use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
use threeways_exercises::OnBoard;

/// Fetches the pages in `urls`, one after another; `done` gets the board.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    fetch_from(lp, urls, Vec::new(), done);
}

fn fetch_from(lp: &mut EventLoop, urls: Vec<String>, mut lines: Vec<String>, done: OnBoard) {
    let Some(url) = urls.get(lines.len()).cloned() else {
        return done(lp, lines);
    };
    fetch(lp, &url.clone(), move |lp, body| {
        lines.push(describe_page(&url, body));
        fetch_from(lp, urls, lines, done);
    });
}
