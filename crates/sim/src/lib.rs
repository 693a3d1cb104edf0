//! The simulated world, shared by the three styles: the network and the
//! disk, how long a simulated run goes on after its program has ended, and
//! what a simulated world says when its program hangs ([`hang`]).
//!
//! The network and disk answer at once and say how long the answer *would*
//! take; each style then waits that long in its own way (a parked simulated
//! thread, a timer on the event loop, a tokio sleep on a paused clock).
//! Keeping the data here means the three styles cannot disagree about what
//! a URL holds or what a file contains.
//!
//! A program can end and leave work behind: a task nobody awaits, a timer
//! that re-arms itself, a producer that goes on after its consumer stopped.
//! Each simulated world runs on after the program's end until nothing is
//! left to happen, so that work shows in the trace, for at most [`RUN_ON`]
//! of virtual time; if work is still going then, the world stops it and
//! says so with a note from [`stopped_note`].
//!
//! # Layout
//!
//! - `lib.rs`: [`SimNet`] (a table of URLs with bodies and latencies),
//!   [`SimDisk`] (files in memory; it fails the writes a scenario names),
//!   [`RUN_ON`] and the note of a run stopped still going.
//! - [`hang`]: the hang report, written into the run's trace.
//! - [`blocked`]: the watch on a thread that blocks where it must not (in
//!   a poll, a callback of the loop, a `wake`), and its note in the trace.
//!
//! # Invariants
//!
//! - It depends on the model only: it calls no server and opens no socket.
//!   How a slow or endless answer meets a client's timeouts is the model's
//!   (`threeways_model::answer`), which the real server follows too.
//! - Nothing here waits: virtual time is each style's to keep.

#![forbid(unsafe_code)]

pub mod blocked;
pub mod hang;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use threeways_model::answer::{BAD_STATUS_LINE, chunk_over_the_limit, slow_answer};
use threeways_model::lock::lock;
use threeways_model::timeouts::Timeouts;
use threeways_model::{Error, Fault, Framing, Oversize, Page, Scenario};

/// How long a simulated run goes on, in virtual time, after its program has
/// its result (the main function returned, the last continuation was
/// called), for the work it left behind to finish. A run whose program
/// never has its result goes on for at most this long from its start.
pub const RUN_ON: Duration = Duration::from_secs(10);

/// The lane of the note a simulated world writes when it stops a run that
/// still had work going on.
pub const STOPPED_LANE: &str = "world";

/// The words every such note begins with.
pub const STOPPED: &str = "stopped: still going";

/// The note a simulated world writes when it stops a run at its limit:
/// `stopped: still going 10000 ms after the program ended (2 tasks)`.
/// `what` says what was still going, in the world's own terms.
pub fn stopped_note(after_end: bool, what: &str) -> String {
    let since = if after_end {
        "after the program ended"
    } else {
        "after the program began, and it never ended"
    };
    format!("{STOPPED} {} ms {since} ({what})", RUN_ON.as_millis())
}

/// A table of URLs with their bodies and latencies, instead of sockets.
#[derive(Clone, Debug)]
pub struct SimNet {
    pages: Arc<[Page]>,
    timeouts: Timeouts,
    body_limit: usize,
}

impl SimNet {
    /// A network that serves the scenario's pages.
    pub fn new(scenario: &Scenario) -> SimNet {
        SimNet {
            pages: scenario.pages.clone().into(),
            timeouts: scenario.timeouts,
            body_limit: scenario.body_limit,
        }
    }

    /// What fetching `url` gives, and how long it takes to find out: the
    /// same result, after the same wait, as the real client meets on the
    /// real server (`threeways_real::server`).
    pub fn fetch(&self, url: &str) -> (Result<Vec<u8>, Error>, Duration) {
        let url_owned = || url.to_owned();
        let Some(page) = self.pages.iter().find(|page| page.url == url) else {
            // The real server answers an unknown path at once.
            let not_found = Error::Status {
                url: url_owned(),
                code: 404,
            };
            return (Err(not_found), Duration::ZERO);
        };
        let error = match page.fault {
            None if page.body.len() > self.body_limit => Error::TooLarge {
                url: url_owned(),
                limit: self.body_limit,
                // As the client finds out from what the server sends.
                how: match page.framing {
                    Framing::Length => Oversize::Declared(page.body.len() as u64),
                    Framing::Chunked => chunk_over_the_limit(page.body.len(), self.body_limit),
                    Framing::Close => Oversize::Sent,
                },
            },
            None => return (Ok(page.body.clone()), page.latency),
            Some(Fault::Refused) => {
                return (Err(Error::Refused { url: url_owned() }), Duration::ZERO);
            }
            // Slow and endless answers: the model says how the server's
            // drips meet the client's timeouts.
            Some(
                Fault::DripBody { .. }
                | Fault::DripHead { .. }
                | Fault::EndlessInterim { .. }
                | Fault::DeclaredUnsent,
            ) => {
                return slow_answer(page, &self.timeouts).expect("a slow answer's fault");
            }
            Some(Fault::Silent) => {
                let (error, after) = self.timeouts.silent_server(url);
                return (Err(error), after);
            }
            Some(Fault::ResetMidBody) => Error::Reset { url: url_owned() },
            Some(Fault::MalformedStatus) => Error::Malformed {
                url: url_owned(),
                reason: BAD_STATUS_LINE.to_owned(),
            },
            // The server declares one byte more than the limit.
            Some(Fault::Oversized) => Error::TooLarge {
                url: url_owned(),
                limit: self.body_limit,
                how: Oversize::Declared(self.body_limit as u64 + 1),
            },
            Some(Fault::Status(code)) => Error::Status {
                url: url_owned(),
                code,
            },
        };
        (Err(error), page.latency)
    }
}

/// Files kept in memory, so a simulated run leaves nothing on the real disk.
///
/// Cloning shares the same files: a writer thread and the run that reads the
/// outcome see one disk.
#[derive(Clone, Debug, Default)]
pub struct SimDisk {
    files: Arc<Mutex<BTreeMap<String, Vec<u8>>>>,
    latency: Duration,
    /// The names whose writes fail (`Scenario::failing_writes`).
    failing: Arc<[String]>,
}

/// Why a write to a name in `Scenario::failing_writes` fails.
pub const DISK_FULL: &str = "no space left on device";

impl SimDisk {
    /// An empty disk on which each write takes the scenario's disk latency,
    /// and the writes the scenario names fail.
    pub fn new(scenario: &Scenario) -> SimDisk {
        SimDisk {
            files: Arc::default(),
            latency: scenario.disk_latency,
            failing: scenario.failing_writes.clone().into(),
        }
    }

    /// How long one write takes.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// Stores `body` under `name`, replacing what was there. The whole file
    /// appears at once, as a real write-then-rename would make it appear.
    /// A name the scenario says fails is not written: the disk is full.
    pub fn write(&self, name: &str, body: &[u8]) -> Result<(), Error> {
        if self.failing.iter().any(|failing| failing == name) {
            return Err(Error::Disk {
                name: name.to_owned(),
                reason: DISK_FULL.to_owned(),
            });
        }
        let mut files = lock(&self.files);
        files.insert(name.to_owned(), body.to_vec());
        Ok(())
    }

    /// Every file written so far.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        lock(&self.files).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_the_scenario_names_fails_and_leaves_no_file() {
        let scenario = Scenario {
            failing_writes: vec!["full.txt".to_owned()],
            ..Scenario::default()
        };
        let disk = SimDisk::new(&scenario);
        assert_eq!(
            disk.write("full.txt", b"x"),
            Err(Error::Disk {
                name: "full.txt".to_owned(),
                reason: DISK_FULL.to_owned()
            })
        );
        assert_eq!(disk.write("other.txt", b"y"), Ok(()));
        assert_eq!(disk.files().keys().collect::<Vec<_>>(), ["other.txt"]);
    }

    #[test]
    fn the_stopped_note_says_since_when() {
        assert_eq!(
            stopped_note(true, "1 task"),
            "stopped: still going 10000 ms after the program ended (1 task)"
        );
        assert!(stopped_note(false, "a timer").starts_with(STOPPED));
    }
}
