//! Prediction `predict-lazy-stream` (chapter `ticker`): a countdown stream,
//! of which the consumer takes two values. Aimed at the belief that a
//! stream produces on its own, ahead of its consumer, like a thread.

use futures::stream::{self, Stream, StreamExt};
use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_model::{Run, Scenario};

// ANCHOR: program
/// Counts down from `from`, one value every 100 ms.
fn countdown(from: u32) -> impl Stream<Item = u32> {
    stream::unfold(from, |next| async move {
        if next == 0 {
            return None;
        }
        note!("producer: waiting for {next}");
        sleep(Duration::from_millis(100)).await;
        note!("producer: gives {next}");
        Some((next, next - 1))
    })
}

async fn main() {
    let values = countdown(5);
    note!("main: made the stream");
    let first: Vec<u32> = values.take(2).collect().await;
    note!("main: took {first:?}");
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    super::run_main(&Scenario::default(), main)
}
