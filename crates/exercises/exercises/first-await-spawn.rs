//! Exercise `first-await-spawn`: start the work now, with async/await.
//!
//! The blocking `report_while_working` (in
//! `crates/exercises/src/blocking.rs`, and in the book) starts fetching a
//! report on a thread of its own, does other work while the report is on
//! its way, then waits for the report and returns its length:
//!
//! ```text
//! let report = thread::Builder::new()
//!     .name("report".to_owned())
//!     .spawn(move || fetch(&owned).map(|body| body.len()))
//!     .expect("the system starts a thread");
//! sleep(work); // other work, while the report is on its way
//! report.join().expect("the report thread does not panic")
//! ```
//!
//! Write it below as an `async fn`. The work is `sleep(work).await`: it
//! stands for anything else the task has to wait for. The report must be on
//! its way *during* the work, so the function is done when the longer of
//! the two is, not after both one after the other. Return the fetch's
//! error if the report is missing.
//!
//! The checker runs your code next to the blocking version, with a slow
//! report, with long work, and with a missing report, and compares the
//! results, when the fetch begins and when your function returns.
//!
//! Check your answer: `cargo run -- exercise check first-await-spawn`

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::sleep;
use threeways_async::prelude::spawn;
use threeways_model::Error;

/// Fetches the report at `url` while working for `work`, and returns the
/// report's length, or the fetch's error.
pub async fn report_while_working(url: &str, work: Duration) -> Result<usize, Error> {
    todo!("start the fetch, do the work, then wait for the report")
}
