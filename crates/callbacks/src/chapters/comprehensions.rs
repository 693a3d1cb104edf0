//! Chapter `comprehensions`, callback style: a comprehension over values
//! that arrive over time collects in `on_tick`; `await` inside a
//! comprehension becomes recursion through continuations.
//!
//! Compare `crates/blocking/src/chapters/comprehensions.rs` and
//! `crates/async/src/chapters/comprehensions.rs`.

use super::ticker::start_ticker;
use crate::io::fetch;
use crate::{Done, EventLoop, Then};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;
use std::time::Duration;
use std::vec;
use threeways_model::user_url;

// ANCHOR: odd_ticks
/// Python: `[x async for x in ticker() if x % 2]`.
pub fn odd_ticks(lp: &mut EventLoop, count: u32, delay: Duration, done: impl Then<Vec<u32>>) {
    let odd = Rc::new(RefCell::new(Vec::new()));
    let keeper = Rc::clone(&odd);
    let on_tick = move |_: &mut EventLoop, x| {
        if x % 2 == 1 {
            keeper.borrow_mut().push(x);
        }
        ControlFlow::Continue(())
    };
    let on_done = move |lp: &mut EventLoop| done(lp, odd.take());
    start_ticker(lp, count, delay, Box::new(on_tick), on_done);
}
// ANCHOR_END: odd_ticks

// ANCHOR: is_free
/// Asks the server whether a user name is free; `then` gets the answer.
pub fn is_free(lp: &mut EventLoop, name: &str, then: impl Done<bool>) {
    fetch(lp, &user_url(name), move |lp, answer| {
        then(lp, answer.map(|answer| answer == b"free"));
    });
}
// ANCHOR_END: is_free

// ANCHOR: free_names
/// Python: `[name for name in names if await is_free(name)]`. The loop
/// becomes a function that the callback calls again for the next name,
/// carrying the names left and the free ones so far.
pub fn free_names(lp: &mut EventLoop, names: Vec<String>, done: impl Done<Vec<String>>) {
    check_from(lp, names.into_iter(), Vec::new(), done);
}

fn check_from(
    lp: &mut EventLoop,
    mut left: vec::IntoIter<String>,
    mut free: Vec<String>,
    done: impl Done<Vec<String>>,
) {
    let Some(name) = left.next() else {
        return done(lp, Ok(free));
    };
    // `name` moves into the closure, so the call gets a copy.
    is_free(lp, &name.clone(), move |lp, answer| match answer {
        Ok(is_free) => {
            if is_free {
                free.push(name);
            }
            check_from(lp, left, free, done);
        }
        Err(error) => done(lp, Err(error)),
    });
}
// ANCHOR_END: free_names
