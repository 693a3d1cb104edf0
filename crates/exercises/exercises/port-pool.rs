//! Exercise `port-pool`: port a blocking program with a pool of threads
//! to async/await, one step at a time.
//!
//! The fan-out chapter's blocking program (in
//! `crates/blocking/src/chapters/fan_out.rs`, and in the book) fetches a
//! list of pages and says how big each is: a helper, `fetch_summary`; a
//! thread per page, `thread_per_request`; and `pool`, where `k` threads
//! take pages from a shared queue, so that no more than `k` fetches are
//! under way at once. Port it from the leaves up, as the porting page
//! does, and check after each step: the checker judges the steps in order,
//! and says which is next.
//!
//! 1. `fetch_summary`: the same body, with `.await` where it waits.
//! 2. `all_at_once`: every page at once, the summaries in the order of
//!    `urls`, ready when the slowest page is.
//! 3. `at_most`: no more than `k` fetches under way at once, the summaries
//!    in the order of `urls`, and no slower than the pool: a worker of the
//!    pool takes the next page as soon as it is done with one, whichever
//!    page that was. (The porting page's own step 4 is not that fast: the
//!    checker shows where, beside the pool.)
//!
//! If a page fails, return the first error in the order of `urls`, as the
//! blocking versions do.
//!
//! Check your answer: `cargo run -- exercise check port-pool`

use futures::future::join_all;
use futures::stream::{self, StreamExt};
use std::num::NonZeroUsize;
use threeways_async::prelude::fetch;
use threeways_model::{Error, page_name};

/// Step 1: fetches one page and says how big it was.
pub async fn fetch_summary(url: &str) -> Result<String, Error> {
    todo!("step 1: the blocking body, with `.await`")
}

/// Step 2: every page at once.
pub async fn all_at_once(urls: &[String]) -> Result<Vec<String>, Error> {
    todo!("step 2: start every fetch, then wait for all of them")
}

/// Step 3: at most `k` pages at a time, as fast as the pool.
pub async fn at_most(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    todo!("step 3: `k` at a time, the next one as soon as any is done")
}
