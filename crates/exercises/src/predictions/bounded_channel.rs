//! Prediction `predict-bounded-channel` (chapter `sharing`): a producer
//! faster than its consumer, a channel with room for two between them.
//! Aimed at the beliefs that `send` never waits, that the producer is done
//! long before the consumer, and that the channel's values are lost when
//! the producer is done.

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_async::prelude::spawn;
use threeways_async::prelude::sync::mpsc;
use threeways_model::{Run, Scenario};
use tracing::{Instrument, info_span};

// ANCHOR: program
async fn producer(queue: mpsc::Sender<u32>) {
    for n in 1..=4 {
        queue.send(n).await.expect("the consumer is there");
        note!("producer: sent {n}");
    }
    note!("producer: done");
    // `queue`, the only sender, is dropped here: the channel closes.
}

async fn main() {
    // Room for two values; the consumer takes 100 ms over each.
    let (queue, mut values) = mpsc::channel(2);
    let producing = spawn(producer(queue).instrument(info_span!("producer")));
    while let Some(n) = values.recv().await {
        note!("consumer: got {n}");
        sleep(Duration::from_millis(100)).await;
    }
    note!("consumer: the channel is closed");
    let _ = producing.await;
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    super::run_main(&Scenario::default(), main)
}
