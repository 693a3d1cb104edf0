//! Prediction `predict-lazy-future` (chapter `first-await`): two futures
//! made, then awaited in the other order. Aimed at the belief that calling
//! an `async fn` starts it, as it does in JavaScript and C#.

use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_model::{Page, Run, Scenario};

// ANCHOR: program
/// The slow page takes 100 ms to arrive, the fast one 50 ms.
const SLOW: (&str, u64) = ("http://example.com/slow", 100);
const FAST: (&str, u64) = ("http://example.com/fast", 50);

async fn step(name: &str, url: &str) -> usize {
    note!("{name}: first line");
    let body = fetch(url).await.map(|body| body.len()).unwrap_or(0);
    note!("{name}: done");
    body
}

async fn main() {
    let a = step("a", SLOW.0);
    let b = step("b", FAST.0);
    note!("main: made both futures");
    b.await;
    note!("main: b is done");
    a.await;
    note!("main: a is done");
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = Scenario {
        pages: vec![
            Page::new(SLOW.0, "slow page\n", SLOW.1),
            Page::new(FAST.0, "fast page\n", FAST.1),
        ],
        ..Scenario::default()
    };
    super::run_main(&scenario, main)
}
