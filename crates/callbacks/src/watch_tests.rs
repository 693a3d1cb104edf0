//! The loop's callbacks, watched for a thread that blocks
//! (`threeways_sim::blocked`), as a callback program meets them.

use std::time::Duration;
use threeways_model::Scenario;
use threeways_sim::blocked::{self, Place};
use threeways_world::Mode;

/// A callback that sleeps on the wall clock is told, as one of the
/// chain it belongs to; only while watching.
#[test]
fn a_callback_that_sleeps_is_told_while_watching() {
    if !blocked::available() {
        return;
    }
    let run = |mode| {
        crate::run_loop_program(&mode, &Scenario::default(), |lp| {
            tracing::info_span!("ticker").in_scope(|| {
                crate::time::sleep(lp, Duration::from_millis(30), |_| {
                    std::thread::sleep(Duration::from_millis(2));
                });
            });
        })
    };
    assert_eq!(blocked::blocks(&run(Mode::Simulated).trace), []);
    let told = blocked::blocks(&run(Mode::Watched).trace);
    let told: Vec<(Place, &str, Duration)> = (told.iter())
        .map(|block| (block.place, block.lane.as_str(), block.at))
        .collect();
    assert_eq!(
        told,
        [(Place::Callback, "ticker", Duration::from_millis(30))]
    );
}
