//! The async lessons' prelude, made real: each item of
//! `threeways_async::prelude`, by the same name, as a real program has
//! it. The runtime items are tokio's own; the I/O is a real socket and a
//! real file (`threeways_lift`); the data types are the model's, as in the
//! style crate's prelude.

use std::sync::OnceLock;
use std::time::{Duration, Instant};
use threeways_lift as real;

pub use threeways_model::crawl::Found;
pub use threeways_model::{
    Body, CpuJob, Error, describe_page, file_name_for, page_name, tick_note, user_url,
};
pub use tokio::sync;
pub use tokio::task::{JoinSet, spawn, spawn_blocking, spawn_local, yield_now};
pub use tokio::time::{sleep, timeout};

/// `reqwest::get(url).await?.bytes().await?`: the body of `url`.
pub async fn fetch(url: &str) -> Result<Body, Error> {
    real::get_async(url).await
}

/// `tokio::fs::write(name, body).await`, which hands the write to tokio's
/// pool of threads for blocking work, as this does.
pub async fn write_file(name: &str, body: &Body) -> Result<(), Error> {
    let (name, body) = (name.to_owned(), body.clone());
    let written = spawn_blocking(move || real::write(&name, &body)).await;
    written.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
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
