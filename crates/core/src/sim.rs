//! The simulated network and disk, shared by the three styles.
//!
//! They answer at once and say how long the answer *would* take; each style
//! then waits that long in its own way (a parked simulated thread, a timer on
//! the event loop, a tokio sleep on a paused clock). Keeping the data here
//! means the three styles cannot disagree about what a URL holds or what a
//! file contains.

use crate::http::Timeouts;
use crate::{Error, Fault, Framing, Page, Scenario};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

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
    /// real server (`crate::server`).
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
                // Only a Content-Length declares the size up front.
                declared: (page.framing == Framing::Length).then_some(page.body.len() as u64),
            },
            None => return (Ok(page.body.clone()), page.latency),
            Some(Fault::Refused) => {
                return (Err(Error::Refused { url: url_owned() }), Duration::ZERO);
            }
            // Slow and endless answers: the server module says how its
            // drips meet the client's timeouts.
            Some(
                Fault::DripBody { .. }
                | Fault::DripHead { .. }
                | Fault::EndlessInterim { .. }
                | Fault::DeclaredUnsent,
            ) => {
                return crate::server::slow_answer(page, &self.timeouts)
                    .expect("a slow answer's fault");
            }
            Some(Fault::Silent) => {
                let (error, after) = self.timeouts.silent_server(url);
                return (Err(error), after);
            }
            Some(Fault::ResetMidBody) => Error::Reset { url: url_owned() },
            Some(Fault::MalformedStatus) => Error::Malformed {
                url: url_owned(),
                reason: crate::http::BAD_STATUS_LINE.to_owned(),
            },
            // The server declares one byte more than the limit.
            Some(Fault::Oversized) => Error::TooLarge {
                url: url_owned(),
                limit: self.body_limit,
                declared: Some(self.body_limit as u64 + 1),
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
}

impl SimDisk {
    /// An empty disk on which each write takes the scenario's disk latency.
    pub fn new(scenario: &Scenario) -> SimDisk {
        SimDisk {
            files: Arc::default(),
            latency: scenario.disk_latency,
        }
    }

    /// How long one write takes.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// Stores `body` under `name`, replacing what was there. The whole file
    /// appears at once, as a real write-then-rename would make it appear.
    pub fn write(&self, name: &str, body: &[u8]) -> Result<(), Error> {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files.insert(name.to_owned(), body.to_vec());
        Ok(())
    }

    /// Every file written so far.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
