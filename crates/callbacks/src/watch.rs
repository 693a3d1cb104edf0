//! The loop's callbacks, watched for a thread that blocks
//! (`threeways_core::blocked`): in the simulated world no callback needs
//! the operating system to wait, so one that does (a `std::thread::sleep`,
//! a blocking read) is noted in the trace, and the exercises' checker names
//! it. A real run is not watched: its waits are real, and its clock shows
//! them.

use crate::EventLoop;
use threeways_core::blocked::{self, Place};

impl EventLoop {
    /// Runs `callback`, watched in the simulated world.
    pub(crate) fn run_watched(&mut self, callback: Box<dyn FnOnce(&mut EventLoop)>) {
        if !self.clock.is_virtual() {
            return callback(self);
        }
        let (recorder, at, lane) = (self.recorder.clone(), self.now(), self.lane.clone());
        blocked::watch(&recorder, || at, Place::Callback, &lane, || callback(self));
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;
    use threeways_core::Scenario;
    use threeways_core::blocked::{self, Place};

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
}
