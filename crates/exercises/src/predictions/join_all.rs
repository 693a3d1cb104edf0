//! Prediction `predict-join-all` (chapter `fan-out`): three fetches joined.
//! Aimed at the beliefs that `join_all` runs its futures one after another,
//! and that it hands their results back in the order they finish.

use futures::future::join_all;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_model::{Run, Scenario};

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

/// The program's world: its pages, and how long each takes. The
/// teacher's question bank (`crate::questions`) runs the same program with
/// other latencies.
pub fn scenario() -> Scenario {
    super::site(&PAGES)
}

/// Runs the program in the simulated world of `scenario`.
pub fn run_on(scenario: &Scenario) -> Run {
    super::run_main(scenario, main)
}

/// Runs the program in the simulated world.
pub fn run() -> Run {
    run_on(&scenario())
}
