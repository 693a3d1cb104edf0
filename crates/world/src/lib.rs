//! Which world a run happens in, and what each style's plumbing asks of
//! it: a network to fetch from, a disk to write to, and a recorder for its
//! trace.
//!
//! - **Simulated** (the default, the tests, the book): the network is a
//!   table ([`SimNet`]), the disk is memory ([`SimDisk`]), and each style
//!   waits for them on a virtual clock (`threeways-sim`).
//! - **Real** (`--real`): the network is TCP, to the in-process server on
//!   127.0.0.1 or to any `http://` URL, and the disk is a real folder
//!   (`threeways-real`).
//!
//! Chapter code never sees this: it calls its style's `fetch` and
//! `write_file`, and the plumbing asks the world.
//!
//! # Layout
//!
//! - `lib.rs`: [`Mode`], which a run is given; [`Net`] and [`Disk`], which
//!   the plumbing of each style matches on to fetch and to write.
//!
//! # Invariants
//!
//! - The two worlds stand side by side below this crate and neither knows
//!   the other; this is the one place that names both.
//! - What a run is told (its world, and who listens to its trace) comes in
//!   the [`Mode`] it is given: nothing is read from a global.

#![forbid(unsafe_code)]

use threeways_model::{Error, Outcome, Recorder, Scenario};
use threeways_real::{RealDisk, RealNet, RealWorld};
use threeways_sim::{SimDisk, SimNet};

/// Which world a run happens in.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Virtual time, a table for a network, memory for a disk.
    Simulated,
    /// The simulated world, with its seams (each poll of a task, each
    /// callback of the loop, each `wake`) watching for a thread that
    /// blocks, and noting each block in the trace
    /// (`threeways_sim::blocked`): how the exercises' checker runs a
    /// student's code. The chapters never run so, so that their bytes
    /// cannot depend on the machine.
    Watched,
    /// Wall-clock time, TCP, and a real folder.
    Real(RealWorld),
}

/// The network of one run.
#[derive(Clone, Debug)]
pub enum Net {
    /// The scenario's table.
    Simulated(SimNet),
    /// TCP.
    Real(RealNet),
}

/// The disk of one run.
#[derive(Clone, Debug)]
pub enum Disk {
    /// Files in memory.
    Simulated(SimDisk),
    /// Files in a folder.
    Real(RealDisk),
}

impl Mode {
    /// The network and disk a run of `scenario` uses in this mode.
    pub fn net_and_disk(&self, scenario: &Scenario) -> (Net, Disk) {
        match self {
            Mode::Simulated | Mode::Watched => (
                Net::Simulated(SimNet::new(scenario)),
                Disk::Simulated(SimDisk::new(scenario)),
            ),
            Mode::Real(real) => (Net::Real(real.net.clone()), Disk::Real(real.disk.clone())),
        }
    }

    /// The recorder a run in this mode records into: in the real world,
    /// one that tells the world's live listener of each event as it
    /// happens, if it has one.
    pub fn recorder(&self) -> Recorder {
        match self {
            Mode::Simulated => Recorder::new(),
            Mode::Watched => Recorder::watching_blocks(),
            Mode::Real(real) => real.recorder(),
        }
    }

    /// Whether times are virtual.
    pub fn is_simulated(&self) -> bool {
        matches!(self, Mode::Simulated | Mode::Watched)
    }
}

impl Disk {
    /// The outcome of a run that wrote to this disk and ended with `result`.
    pub fn outcome(&self, result: Result<Vec<String>, Error>) -> Outcome {
        let files = match self {
            Disk::Simulated(sim) => sim.files(),
            Disk::Real(real) => real.files(),
        };
        Outcome { files, result }
    }
}
