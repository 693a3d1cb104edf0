//! What the three styles share: the chapters, their inputs, the trace they
//! record, and the simulated world they run in.
//!
//! Nothing here knows how to wait. Each style crate (`threeways-blocking`,
//! `threeways-callbacks`, `threeways-async`) brings its own way of waiting and
//! records what happened into a [`Recorder`]; this crate turns the result into
//! the text that the CLI prints, the snapshots hold and the book shows.
//!
//! # Layout
//!
//! - [`chapter`]: the registry of chapters and styles that the CLI, the tests
//!   and the book all read.
//! - [`scenario`]: a chapter's inputs (pages, latencies), the same for every
//!   style.
//! - [`trace`]: notes and spans with a time and a lane, and their text form.
//! - [`timeline`]: a trace drawn as an SVG picture for the book.
//! - [`columns`]: several traces side by side for a terminal.
//! - [`sim`]: the simulated network and disk; the styles add simulated time.
//! - [`http`]: the HTTP/1.1 client's parsing, without any I/O, shared by the
//!   three styles' real clients.
//! - [`server`]: the real HTTP server on 127.0.0.1 that `--real` runs and
//!   the tests fetch from.
//! - [`file_name`]: the file name a download is saved under.
//! - [`error`]: what can go wrong when a chapter fetches or writes.

#![forbid(unsafe_code)]

pub mod chapter;
pub mod columns;
pub mod error;
pub mod file_name;
pub mod http;
pub mod scenario;
pub mod server;
pub mod sim;
pub mod timeline;
pub mod trace;

pub use chapter::{CHAPTERS, Chapter, ChapterId, Program, Style, Variant};
pub use error::Error;
pub use file_name::file_name_for;
pub use scenario::{Fault, Framing, Page, Scenario, page_name, user_url};
pub use trace::{Clock, Lane, Recorder, SpanKind, Trace};

use std::collections::BTreeMap;

/// What a chapter produced, in a form the three styles can be compared by.
///
/// Tests assert that all three styles of a chapter return equal outcomes;
/// only their traces (who waited when) may differ.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files written, by name, with their contents.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Values the chapter returned, in the order it returned them.
    pub values: Vec<String>,
}

impl Outcome {
    /// The outcome of a run that wrote `files` and ended with `result`. An
    /// error becomes one value, `error: ...`, so failures compare like values.
    pub fn new(files: BTreeMap<String, Vec<u8>>, result: Result<Vec<String>, Error>) -> Outcome {
        let values = result.unwrap_or_else(|error| vec![format!("error: {error}")]);
        Outcome { files, values }
    }
}

/// Stops a run whose program the registry lists but the style crate does not
/// implement. The tests run every listed program, so this is found there.
pub fn unknown_program(program: Program) -> ! {
    panic!("{program} is listed in CHAPTERS but not implemented")
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
            self.outcome.values.join("; "),
            self.trace.summary()
        )
    }
}
