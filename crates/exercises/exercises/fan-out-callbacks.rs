//! Exercise `fan-out-callbacks`: a status board of many pages at once, with
//! callbacks.
//!
//! The blocking `status_board` (in `crates/exercises/src/blocking.rs`, and
//! in the book) starts a thread per page, so every fetch waits at the same
//! time, and lists what became of each page, in the order of `urls`: its
//! size, or its error (`describe_page` writes the line). A page that fails
//! does not stop the others. The board is ready when the slowest page is.
//!
//! Write it below with callbacks. Start every fetch at once; there are no
//! threads to join, so the continuations must share the board and count
//! the pages still out (`Rc<RefCell<..>>`, as the chapter's `counter`
//! does). The continuation of the last page to come back calls `done`, once.
//!
//! The checker fetches five pages, one of which answers 404. Fetched one
//! after another they take 500 ms of virtual time; at once, 200 ms, the
//! time of the slowest. It also tries four other pages at other speeds, a
//! list that names the same page twice (the board then has a line for
//! each), and an empty list.
//!
//! Check your answer: `cargo run -- exercise check fan-out-callbacks`

use std::cell::RefCell;
use std::rc::Rc;
use threeways_callbacks::EventLoop;
use threeways_callbacks::io::fetch;
use threeways_model::describe_page;
// `OnBoard` is `Box<dyn FnOnce(&mut EventLoop, Vec<String>)>`: a
// continuation that gets the board.
use threeways_exercises::OnBoard;

/// Starts fetching every page in `urls` at once, and returns at once.
/// `done` gets one line per page, in the order of `urls`.
pub fn status_board(lp: &mut EventLoop, urls: Vec<String>, done: OnBoard) {
    todo!("start every fetch; the last one back calls `done` with the board")
}
