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
//! - [`trace_text`]: that text read back into a trace, for runs another
//!   program printed (the book's Python twins).
//! - [`timeline`]: a trace drawn as an SVG picture for the book.
//! - [`svg`]: the small SVG writer the timelines and the bench's chart
//!   share: how a picture opens, coordinates, escaping, text widths.
//! - [`columns`]: several traces side by side for a terminal.
//! - [`prediction`]: "predict the output": a learner's order of a
//!   program's lines and its total, compared with its trace.
//! - [`sim`]: the simulated network and disk; the styles add simulated time.
//! - [`hang`]: the report a simulated world writes when nothing can ever
//!   happen again.
//! - [`blocked`]: the watch on a thread that blocks where it must not (in
//!   a poll, a callback of the loop, a `wake`), and its note in the trace.
//! - [`url`]: the one URL type: strict parsing for fetching.
//! - [`http`]: the HTTP/1.1 client's parsing, without any I/O, shared by the
//!   three styles' real clients (the request, then the response's head and
//!   body in their own modules).
//! - [`server`]: the real HTTP server on 127.0.0.1 that `--real` runs and
//!   the tests fetch from.
//! - [`world`]: the simulated and the real world: which network and disk a
//!   run uses.
//! - [`body`]: what a fetch returns, in memory or spooled to a file.
//! - [`interrupt`]: what Ctrl-C removes from the disk.
//! - [`cpu`]: a CPU-bound job, charged in virtual time when simulated.
//! - [`crawl`]: the `sharing` chapter's crawler's bookkeeping (pages seen,
//!   what each gave, how many are pending), the same in every style.
//! - [`file_name`]: the file name a download is saved under.
//! - [`lock`]: locking a mutex, poisoned or not, written once.
//! - [`error`]: what can go wrong when a chapter fetches or writes.

#![forbid(unsafe_code)]

pub mod blocked;
pub mod body;
pub mod chapter;
pub mod columns;
pub mod cpu;
pub mod crawl;
pub mod error;
pub mod file_name;
pub mod hang;
pub mod http;
pub mod interrupt;
pub mod lock;
pub mod prediction;
pub mod scenario;
pub mod server;
pub mod sim;
pub mod svg;
pub mod timeline;
pub mod trace;
pub mod trace_text;
pub mod url;
pub mod world;

pub use body::Body;
pub use chapter::{CHAPTERS, Chapter, ChapterId, Program, Programs, Style, Variant};
pub use cpu::{CpuJob, tick_note};
pub use error::Error;
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
