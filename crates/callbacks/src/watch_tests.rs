//! The loop's callbacks, watched for a thread that blocks
//! (`threeways_sim::blocked`), as a callback program meets them.

use std::time::Duration;
use threeways_model::Scenario;
use threeways_sim::blocked::{self, Place};

/// A callback that sleeps on the wall clock is told, as one of the
/// chain it belongs to; only while watching.
#[test]
fn a_callback_that_sleeps_is_told_while_watching() {
    if !blocked::available() {
        return;
    }
    let run = || {
        crate::run_loop_program(&Scenario::default(), |lp| {
            lp.start_chain("ticker", |lp| {
                crate::time::sleep(lp, Duration::from_millis(30), |_| {
                    std::thread::sleep(Duration::from_millis(2));
                });
            });
        })
    };
    assert_eq!(blocked::blocks(&run().trace), []);
    let told = blocked::blocks(&blocked::watching(run).trace);
    let told: Vec<(Place, &str, Duration)> = (told.iter())
        .map(|block| (block.place, block.lane.as_str(), block.at))
        .collect();
    assert_eq!(
        told,
        [(Place::Callback, "ticker", Duration::from_millis(30))]
    );
}
