//! Prediction `predict-blocking-task` (chapter `cpu-bound`): a heartbeat
//! task, and a task that blocks its thread. Aimed at the belief that
//! async tasks run in parallel, so a blocking call holds up only its own
//! task.

use std::time::Duration;
use threeways_async::prelude::note;
use threeways_async::prelude::sleep;
use threeways_async::prelude::spawn;
use threeways_model::{Run, Scenario};

/// `std::thread::sleep`, as the simulated clock feels it.
use crate::thread as std_thread;
use tracing::{Instrument, info_span};

// ANCHOR: program
async fn heartbeat() {
    for beat in 1..=3 {
        sleep(Duration::from_millis(100)).await;
        note!("heartbeat: {beat}");
    }
}

async fn worker() {
    note!("worker: starts");
    // Blocks the thread: no `.await`, so no other task runs meanwhile.
    std_thread::sleep(Duration::from_millis(250));
    note!("worker: done");
}

async fn main() {
    let beating = spawn(heartbeat().instrument(info_span!("heartbeat")));
    let working = spawn(worker().instrument(info_span!("worker")));
    note!("main: spawned both");
    let _ = beating.await;
    let _ = working.await;
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let run = super::run_main(&Scenario::default(), main);
    Run {
        trace: crate::thread::name_sleeps(run.trace),
        outcome: run.outcome,
    }
}
