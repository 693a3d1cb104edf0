//! Does not compile: `Pin::new` pins only futures that may move, and an
//! `async fn`'s future may not.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};
use threeways_async::chapters::download::download;

fn main() {
    let mut cx = Context::from_waker(Waker::noop());
    let mut future = download("http://example.com/poems/the-tyger.txt");
    // error[E0277]: `{async fn body of download::download()}` cannot be unpinned
    let _ = Pin::new(&mut future).poll(&mut cx);
}
