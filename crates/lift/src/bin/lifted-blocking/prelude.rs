//! The blocking lessons' prelude, made real: each item of
//! `threeways_blocking::prelude`, by the same name, as a real program has
//! it. The runtime items are std's own; the I/O is a real socket and a
//! real file (`threeways_lift`); the data types are the model's, as in the
//! style crate's prelude.

use std::sync::OnceLock;
use std::time::{Duration, Instant};
use threeways_lift as real;

pub use std::{sync, thread};
pub use threeways_model::crawl::Found;
pub use threeways_model::{
    Body, CpuJob, Error, describe_page, file_name_for, page_name, tick_note, user_url,
};

/// `reqwest::blocking::get(url)?.bytes()?`: the body of `url`.
pub fn fetch(url: &str) -> Result<Body, Error> {
    real::get(url, None)
}

/// `client.get(url).timeout(limit).send()?.bytes()?`: [`fetch`], given
/// `limit` to finish, as reqwest's blocking client gives a request a
/// timeout.
pub fn fetch_within(url: &str, limit: Duration) -> Result<Body, Error> {
    real::get(url, Some(limit))
}

/// `std::fs::write(name, body)`.
pub fn write_file(name: &str, body: &Body) -> Result<(), Error> {
    real::write(name, body)
}

/// The CPU work itself: `job.run()`.
pub fn compute(job: &CpuJob) -> u64 {
    job.run()
}

/// When the program started, which [`now`] counts from.
static START: OnceLock<Instant> = OnceLock::new();

/// `start.elapsed()`: the time since the program started, `start` being
/// the `Instant` it took then.
pub fn now() -> Duration {
    START.get_or_init(Instant::now).elapsed()
}

/// `println!(..)`: a line, as a real program writes one (or, with a
/// subscriber, `tracing::info!`).
macro_rules! note {
    ($($arg:tt)*) => {
        ::std::println!($($arg)*)
    };
}
pub(crate) use note;
