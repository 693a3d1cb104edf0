//! Prediction `predict-join-all` (chapter `fan-out`): three fetches joined.
//! Aimed at the beliefs that `join_all` runs its futures one after another,
//! and that it hands their results back in the order they finish.

use futures::future::join_all;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_model::Run;

// ANCHOR: program
/// How long each page takes to arrive.
const PAGES: [(&str, u64); 3] = [("news", 120), ("weather", 40), ("sports", 200)];

async fn fetch_page(name: &str) -> &str {
    note!("{name}: started");
    let _ = fetch(&format!("http://example.com/{name}")).await;
    note!("{name}: came back");
    name
}

async fn main() {
    note!("main: joining three fetches");
    let names = join_all(PAGES.map(|(name, _)| fetch_page(name))).await;
    note!("main: got {}", names.join(", "));
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = super::site(&PAGES);
    super::run_main(&scenario, main)
}
