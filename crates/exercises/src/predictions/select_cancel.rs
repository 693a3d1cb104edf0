//! Prediction `predict-select-cancel` (chapter `failures`): two fetches in
//! turn, raced against a deadline in `select!`. Aimed at the belief that
//! the losing branch runs on in the background, or to the end of its
//! current step, as a JavaScript promise would.

use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::{Page, Run, Scenario};

// ANCHOR: program
/// The report takes 100 ms to arrive, the forecast 600 ms.
const REPORT: (&str, u64) = ("http://example.com/report", 100);
const FORECAST: (&str, u64) = ("http://example.com/forecast", 600);

async fn fetch_both() {
    note!("fetcher: asking for the report");
    let _ = fetch(REPORT.0).await;
    note!("fetcher: got the report");
    note!("fetcher: asking for the forecast");
    let _ = fetch(FORECAST.0).await;
    note!("fetcher: got the forecast");
}

async fn main() {
    tokio::select! {
        biased;
        () = fetch_both() => note!("main: the fetcher finished first"),
        () = sleep(Duration::from_millis(300)) => note!("main: the deadline came first"),
    }
    note!("main: after select!");
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = Scenario {
        pages: vec![
            Page::new(REPORT.0, "all systems go", REPORT.1),
            Page::new(FORECAST.0, "rain, then sun", FORECAST.1),
        ],
        ..Scenario::default()
    };
    super::run_main(&scenario, main)
}
