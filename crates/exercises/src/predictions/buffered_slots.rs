//! Prediction `predict-buffered-slots` (page `porting`): four fetches, at
//! most two at a time, with `buffered`. Aimed at the belief that it starts
//! the next fetch as soon as any fetch finishes, as a pool's free worker
//! takes the next job.

use futures::stream::{self, StreamExt};
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_model::Run;

// ANCHOR: program
/// How long each page takes to arrive.
const PAGES: [(&str, u64); 4] = [
    ("news", 120),
    ("weather", 40),
    ("sports", 200),
    ("markets", 80),
];

async fn fetch_page(name: &str) -> &str {
    note!("{name}: started");
    let _ = fetch(&format!("http://example.com/{name}")).await;
    note!("{name}: back");
    name
}

async fn main() {
    let names: Vec<&str> = stream::iter(PAGES.map(|(name, _)| name))
        .map(fetch_page)
        .buffered(2)
        .collect()
        .await;
    note!("main: got {}", names.join(", "));
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = super::site(&PAGES);
    super::run_main(&scenario, main)
}
