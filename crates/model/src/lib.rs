//! The model every other crate shares: the chapters, their inputs, the
//! trace a run records, what can go wrong, and what a run produces.
//!
//! This is the ground floor. It depends on no other crate of the
//! workspace, and nothing here waits, sleeps, opens a socket or writes a
//! file: each style crate brings its own way of waiting, and the worlds
//! (`threeways-sim`, `threeways-real`) bring the network and the disk.
//! What they must agree on is written here once: the scenario a run
//! reads, the trace it records into a [`Recorder`], the [`Error`] values
//! a fetch or a write ends with, the timeout rules and the loopback
//! server's answers that both worlds follow.
//!
//! # Layout
//!
//! - [`chapter`]: the registry of chapters and styles that the CLI, the tests
//!   and the book all read.
//! - [`scenario`]: a chapter's inputs (pages, latencies, faults), the same
//!   for every style and both worlds.
//! - [`trace`]: notes and spans with a time and a lane, and their text form.
//! - [`error`]: what can go wrong when a chapter fetches or writes.
//! - [`timeouts`]: the one timeout model (connect, idle, deadline) that the
//!   real clients follow and the simulated network reports.
//! - [`answer`]: what the loopback server answers a slow or endless page
//!   with, and how that meets a client's timeouts: the real server sends
//!   it, the simulated network reports it.
//! - [`body`]: what a fetch returns, in memory or in a file.
//! - [`url`]: the one URL splitter (page names, file names, routing) and
//!   the strict [`url::Url`] the real clients fetch.
//! - [`cpu`]: a CPU-bound job, the input of the `cpu-bound` chapter.
//! - [`crawl`]: the `sharing` chapter's crawler's bookkeeping (pages seen,
//!   what each gave, how many are pending), the same in every style.
//! - [`file_name`]: the file name a download is saved under.
//! - [`lock`]: locking a mutex, poisoned or not, written once.
//! - [`lanes`]: the `tracing` subscriber that names a task's or a chain's
//!   lane after the span it runs in.
//!
//! # Invariants
//!
//! - No dependency on another crate of the workspace (`tests/it/tidy.rs`
//!   reads the manifests).
//! - No I/O but a body's spooled file, read back on demand.
//! - Traces render deterministically: by time, then by recording order.

#![forbid(unsafe_code)]

pub mod answer;
pub mod body;
pub mod chapter;
pub mod cpu;
pub mod crawl;
pub mod error;
pub mod file_name;
pub mod lanes;
pub mod lock;
pub mod scenario;
pub mod timeouts;
pub mod trace;
pub mod url;

pub use body::Body;
pub use chapter::{CHAPTERS, Chapter, ChapterId, Program, Programs, Style, Variant};
pub use cpu::{CpuJob, tick_note};
pub use error::{Error, Oversize};
pub use file_name::file_name_for;
pub use scenario::{
    DEFAULT_BODY_LIMIT, FEED, Fault, Framing, Page, SITE_START, Scenario, links_in, page_name,
    user_url,
};
pub use trace::{Clock, Lane, Recorder, SpanKind, SpanRef, Trace};

use std::collections::BTreeMap;

/// What a chapter produced, in a form the three styles can be compared by.
///
/// Tests assert that all three styles of a chapter return equal outcomes,
/// and that a real run returns what the simulated one does; only their
/// traces (who waited when) may differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Files written, by name, with their contents.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The values the program returned, or the error that stopped it.
    pub result: Result<Vec<String>, Error>,
}

/// A program's result as one value: `14 bytes`, or `error: ...`. The
/// `failures` chapter reports its errors this way, as values, because
/// handling them is the lesson, not a reason to stop.
pub fn value_or_error<T: std::fmt::Display>(result: Result<T, Error>) -> String {
    match result {
        Ok(value) => value.to_string(),
        Err(error) => format!("error: {error}"),
    }
}

/// `news: 14 bytes`, or `news: error: ...`: what became of one page.
pub fn describe_page(url: &str, body: Result<Body, Error>) -> String {
    let size = body.map(|body| format!("{} bytes", body.len()));
    format!("{}: {}", page_name(url), value_or_error(size))
}

/// Stops a run whose program the registry lists but the style crate does not
/// implement, or does not list at all (a style with no program for the
/// chapter). The tests run every listed program, so the first is found
/// there; the CLI and the book only ask for listed ones.
pub fn unknown_program(program: Program) -> ! {
    panic!("{program} is not a program that CHAPTERS lists and the style implements")
}

/// One run of one chapter in one style: what happened, and what it produced.
#[derive(Clone, Debug)]
pub struct Run {
    /// The recorded notes and spans.
    pub trace: Trace,
    /// The files and values the chapter produced.
    pub outcome: Outcome,
}

impl Run {
    /// The text the CLI prints and the snapshots hold: the trace's events,
    /// a `result:` line with the values the program returned, and the
    /// `total:` line.
    pub fn render_text(&self) -> String {
        format!(
            "{}result: {}\n{}\n",
            self.trace.render_events(),
            match &self.outcome.result {
                Ok(values) => values.join("; "),
                Err(error) => format!("error: {error}"),
            },
            self.trace.summary()
        )
    }
}
