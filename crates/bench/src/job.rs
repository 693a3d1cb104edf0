//! What one child process runs, and the settings every run shares.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The hidden subcommand that runs one [`Job`] in a child process. The
/// binary's command line must accept it with the arguments of
/// [`Job::child_args`].
pub const CHILD_COMMAND: &str = "bench-one";

/// How long each timer waits, and how long the server takes to answer.
pub const WAIT: Duration = Duration::from_millis(100);
/// The size of the page each download fetches.
pub const PAGE_BYTES: usize = 1024;
/// The stack each thread of the thread-per-wait style asks for. Small, as a
/// server with many threads would choose: the default 2 MiB costs nothing
/// until touched, but 64 KiB is plenty for a sleep or a small download.
pub const THREAD_STACK: usize = 64 * 1024;
/// How long a download may take before it counts as failed: long enough
/// that a slow start under load is not mistaken for a failure.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// What is waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Sleeps of [`WAIT`].
    Timers,
    /// Downloads of a [`PAGE_BYTES`] page from a loopback server.
    Downloads,
}

impl Kind {
    /// Every kind, in the order runs and tables go.
    pub const ALL: [Kind; 2] = [Kind::Timers, Kind::Downloads];

    /// The name on the command line and in the record.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Timers => "timers",
            Kind::Downloads => "downloads",
        }
    }
}

/// The book's three ways to wait.
pub use threeways_model::Style;

/// Who does the waiting: one of the book's three styles (a thread per wait,
/// a callback per wait on one event loop, a task per wait on one tokio
/// thread), or the async code run on our own executor instead of tokio:
/// the callback style's event loop, turned into an executor as the chapter
/// `under-the-hood` builds it, with a task per wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runner {
    /// A style, as the book writes it.
    Style(Style),
    /// Tasks on our executor (`threeways_event_loop::executor`).
    OurExecutor,
    /// Timers only, on a bare `BinaryHeap` loop (`bare.rs`): the yardstick
    /// for the callback style's loop, run by `bench-one` alone, never by
    /// `bench scale`.
    Bare,
}

/// Every runner, in the order runs and tables go.
pub const RUNNERS: [Runner; 4] = [
    Runner::Style(Style::Blocking),
    Runner::Style(Style::Callbacks),
    Runner::Style(Style::Async),
    Runner::OurExecutor,
];

impl Runner {
    /// The name on the command line, in the record and in the chart:
    /// `threads` for the blocking style, which the bench runs as a thread
    /// per wait, the book's name for the other two, and `ours`.
    pub fn name(self) -> &'static str {
        match self {
            Runner::Style(Style::Blocking) => "threads",
            Runner::Style(style) => style.name(),
            Runner::OurExecutor => "ours",
            Runner::Bare => "bare",
        }
    }
}

impl fmt::Display for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The runner called `name` (see [`Runner::name`]): one of [`RUNNERS`], or
/// `bare`.
pub fn parse_runner(name: &str) -> Result<Runner, String> {
    RUNNERS
        .into_iter()
        .chain([Runner::Bare])
        .find(|runner| runner.name() == name)
        .ok_or_else(|| {
            "no such style; the styles are: threads, callbacks, async, ours, bare".to_owned()
        })
}

/// A runner in the record, by its name.
pub(crate) mod runner_by_name {
    use super::{Runner, parse_runner};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `runner` as its name.
    pub(crate) fn serialize<S: Serializer>(runner: &Runner, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(runner.name())
    }

    /// Reads a runner from its name.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Runner, D::Error> {
        let name = String::deserialize(from)?;
        parse_runner(&name).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(name: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| "no such kind; the kinds are: timers, downloads".to_owned())
    }
}

/// One run: `n` waits of one kind, by one runner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// What is waited for.
    pub kind: Kind,
    /// Who waits, and how.
    pub runner: Runner,
    /// How many waits at once.
    pub n: u64,
    /// For downloads: the page to fetch, on the parent's server.
    pub url: Option<String>,
}

impl Job {
    /// The arguments that run this job in a child process of the binary.
    pub fn child_args(&self) -> Vec<String> {
        let mut args = vec![
            CHILD_COMMAND.to_owned(),
            "--kind".to_owned(),
            self.kind.name().to_owned(),
            "--style".to_owned(),
            self.runner.name().to_owned(),
            "--n".to_owned(),
            self.n.to_string(),
        ];
        if let Some(url) = &self.url {
            args.extend(["--url".to_owned(), url.clone()]);
        }
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
        }
        for runner in RUNNERS.into_iter().chain([Runner::Bare]) {
            assert_eq!(parse_runner(runner.name()), Ok(runner));
        }
        assert!(parse_runner("blocking").is_err());
    }

    #[test]
    fn child_args_name_the_subcommand_and_the_url() {
        let job = Job {
            kind: Kind::Downloads,
            runner: Runner::Style(Style::Async),
            n: 100,
            url: Some("http://127.0.0.1:9/page".to_owned()),
        };
        assert_eq!(
            job.child_args().join(" "),
            "bench-one --kind downloads --style async --n 100 --url http://127.0.0.1:9/page"
        );
    }
}
