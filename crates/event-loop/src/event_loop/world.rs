//! The loop and the world it runs in: what a callback or a future reads
//! of it (its network, its disk, its recorder, whether its clock is
//! virtual), and what a simulated world sets on it (CPU time, and a limit
//! on how long a run goes on).
//!
//! This, with `event_loop.rs`, `handle.rs` and `offload.rs`, is the loop's
//! whole public surface: the executor and the styles' worlds use nothing
//! else of it, so its fields stay its own.

use crate::EventLoop;
use std::time::Duration;
use threeways_model::Recorder;
use threeways_world::{Disk, Net};

impl EventLoop {
    /// The network the loop's fetches go to.
    pub fn net(&self) -> &Net {
        &self.net
    }

    /// The disk the loop's writes go to.
    pub fn disk(&self) -> &Disk {
        &self.disk
    }

    /// Where the run's trace is recorded.
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Whether the loop's clock is virtual (the simulated world).
    pub fn is_simulated(&self) -> bool {
        self.clock.is_virtual()
    }

    /// CPU work done in a callback: a virtual clock moves on by `cost` at
    /// once, while nothing else runs; timers due meanwhile run late. The
    /// wall clock moves by itself.
    pub fn charge_cpu(&self, cost: Duration) {
        self.clock.advance(cost);
    }

    /// How many timers are set and not yet run.
    pub fn timers_set(&self) -> usize {
        self.timers.len()
    }

    /// Makes [`run`](EventLoop::run) run no timer due after `until`: the
    /// simulated world's limit on a run that would go on for ever.
    pub fn set_limit(&mut self, until: Duration) {
        self.until = until;
    }

    /// Moves a virtual clock on to the limit: what a run stopped there,
    /// still going, shows as its end.
    pub fn jump_to_limit(&self) {
        self.clock.move_to(self.until);
    }
}
