//! Wrong answer to `ticker-stream`: a task counts down by itself and sends
//! each value into a channel, and the stream is the channel's other end.
//! The values come on time, but the task goes on counting when the
//! consumer has stopped listening: a stream that pushes, as a callback
//! producer does, without being told to stop.
//!
//! Expect: the consumer stopped at 200 ms, but the program went on until 500 ms
//! Expect: not in a task that produces by itself

use futures::channel::mpsc;
use futures::stream::Stream;
use std::time::Duration;
use threeways_async::prelude::spawn;
use threeways_async::prelude::sleep;
use tracing::{Instrument, info_span};

/// `from`, `from - 1`, ..., `1`, one every `delay`.
pub fn countdown(from: u32, delay: Duration) -> impl Stream<Item = u32> {
    let (sender, receiver) = mpsc::unbounded();
    // The task starts at once; the stream ends when it drops the sender.
    drop(spawn(async move {
        for value in (1..=from).rev() {
            sleep(delay).await;
            let _ = sender.unbounded_send(value); // nobody listening? never mind
        }
    }.instrument(info_span!("producer"))));
    receiver
}
