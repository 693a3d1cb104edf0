//! Does not compile: a state that holds `body` and a write that borrows it.

use threeways_async::prelude::write_file;

fn main() {
    let body = b"Tyger Tyger, burning bright".to_vec();
    let write = write_file("the-tyger.txt", &body); // borrows `body`
    // error[E0505]: cannot move out of `body` because it is borrowed
    let writing = (body, write);
    drop(writing);
}
