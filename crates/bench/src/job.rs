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

/// How the waiting is done: the book's three styles, a thread per wait
/// (blocking), a callback per wait on one event loop, a task per wait on
/// one tokio thread.
pub use threeways_core::Style;

/// The styles, in the order runs and tables go.
pub const STYLES: [Style; 3] = Style::ALL;

/// A style's name on the command line, in the record and in the chart:
/// `threads` for the blocking style, which the bench runs as a thread per
/// wait, and the book's name for the others.
pub fn style_name(style: Style) -> &'static str {
    match style {
        Style::Blocking => "threads",
        Style::Callbacks | Style::Async => style.name(),
    }
}

/// The style called `name` (see [`style_name`]).
pub fn parse_style(name: &str) -> Result<Style, String> {
    STYLES
        .into_iter()
        .find(|style| style_name(*style) == name)
        .ok_or_else(|| "no such style; the styles are: threads, callbacks, async".to_owned())
}

/// A style in the record, by its bench name.
pub(crate) mod style_by_name {
    use super::{Style, parse_style, style_name};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `style` as its name.
    pub(crate) fn serialize<S: Serializer>(style: &Style, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(style_name(*style))
    }

    /// Reads a style from its name.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Style, D::Error> {
        let name = String::deserialize(from)?;
        parse_style(&name).map_err(serde::de::Error::custom)
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

/// One run: `n` waits of one kind, in one style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// What is waited for.
    pub kind: Kind,
    /// How.
    pub style: Style,
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
            style_name(self.style).to_owned(),
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
        for style in STYLES {
            assert_eq!(parse_style(style_name(style)), Ok(style));
        }
        assert!(parse_style("blocking").is_err());
    }

    #[test]
    fn child_args_name_the_subcommand_and_the_url() {
        let job = Job {
            kind: Kind::Downloads,
            style: Style::Async,
            n: 100,
            url: Some("http://127.0.0.1:9/page".to_owned()),
        };
        assert_eq!(
            job.child_args().join(" "),
            "bench-one --kind downloads --style async --n 100 --url http://127.0.0.1:9/page"
        );
    }
}
