//! Exercise `state-machine`: the future of an `async fn`, written by hand.
//!
//! The async fn `fetch_then_wait` (on the chapter's page, and in
//! `crates/exercises/src/judges/under_the_hood.rs`) fetches `url`, writes
//! the note "got N bytes; waiting P ms", sleeps `pause`, and returns the
//! page's length: two `.await`s, `fetch(url).await?` and
//! `sleep(pause).await`.
//!
//! Write the future it compiles to, as the chapter wrote `download`'s: an
//! enum with one state for each place the function can stop, each holding
//! what the rest of the function needs, and `poll`, which runs the body
//! from one `.await` to the next. `Start` and `Done` are there; add a state
//! for each `.await` (a future under way is a `BoxFuture`: `fetch(url)`
//! and `sleep(pause)` become one with `.boxed()`), then write `poll`.
//!
//! The checker runs your future and the `async fn` side by side, a page
//! that is there, another with other times, and one that is missing, and
//! compares what they return, when, and their traces line by line.
//!
//! Check your answer: `cargo run -- exercise check state-machine`

use futures::future::BoxFuture;
use futures::{FutureExt, ready};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::{Body, Error};

/// What `fetch_then_wait(url, pause)` returns, written by hand.
pub enum FetchThenWait<'a> {
    /// Made, not yet polled: none of the body has run.
    Start { url: &'a str, pause: Duration },
    // A state for each `.await` goes here.
    /// Returned: there is nothing left to do.
    Done,
}

/// `fetch_then_wait(url, pause)`: makes the future, and runs none of it.
pub fn fetch_then_wait(url: &str, pause: Duration) -> FetchThenWait<'_> {
    FetchThenWait::Start { url, pause }
}

impl Future for FetchThenWait<'_> {
    type Output = Result<usize, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        todo!("run the body from one `.await` to the next, changing state as you go")
    }
}
