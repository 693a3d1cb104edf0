//! Compiles: two ways to pin a future before polling it.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};
use threeways_async::chapters::download::download;

fn main() {
    let mut cx = Context::from_waker(Waker::noop());
    // On the heap: the box may move; the future inside it stays put.
    let mut future = Box::pin(download("http://example.com/poems/the-tyger.txt"));
    let _ = future.as_mut().poll(&mut cx);
    // On the stack: `pin!` takes the future and hides it, so that nothing
    // can move it again; `.await` does the same.
    let mut future = pin!(download("http://example.com/poems/the-tyger.txt"));
    let _ = future.as_mut().poll(&mut cx);
}
