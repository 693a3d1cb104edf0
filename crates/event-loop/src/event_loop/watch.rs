//! The loop's callbacks, watched for a thread that blocks
//! (`threeways_sim::blocked`): in the simulated world no callback needs
//! the operating system to wait, so one that does (a `std::thread::sleep`,
//! a blocking read) is noted in the trace, and the exercises' checker names
//! it. A real run is not watched: its waits are real, and its clock shows
//! them.

use super::Callback;
use crate::EventLoop;
use threeways_sim::blocked::{self, Place};

impl EventLoop {
    /// Runs `callback`, watched in the simulated world.
    pub(super) fn run_watched(&mut self, callback: Callback) {
        if !self.clock.is_virtual() {
            return callback.run(self);
        }
        let (recorder, at, lane) = (self.recorder.clone(), self.now(), self.lane());
        blocked::watch(
            &recorder,
            || at,
            Place::Callback,
            &lane,
            || callback.run(self),
        );
    }
}
