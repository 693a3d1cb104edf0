//! `threeways bench bounds`: 10,000 downloads, three ways to bound them,
//! on one tokio thread with the async style's real client.
//!
//! - **`join_all`**: every download's future at once, in one task: 10,000
//!   sockets open together, and the server sees 10,000 requests at once.
//! - **`buffer_unordered(100)`**: a stream of the same futures, at most 100
//!   polled at a time; the next starts as one ends.
//! - **a pool of 100**: 100 tasks, each taking the next URL until none is
//!   left (the blocking style's pool, with tasks).
//!
//! Each way runs in a child process of its own (`threeways
//! bench-bounds-one`), as `bench scale`'s runs do, so that its peak memory
//! is its own; the child counts the downloads under way, and reports the
//! most at once: the sockets open together. The parent runs the server,
//! writes `book/src/bench/bounds.json` and the table on the page
//! `scale.md`, and a test checks that the two agree.

use crate::job::PAGE_BYTES;
use crate::meter::Meter;
use crate::number::thousands;
use crate::record::Measurement;
use crate::server::BenchServer;
use futures::StreamExt as _;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How many downloads each way makes.
pub const DOWNLOADS: u64 = 10_000;

/// The bound of the two bounded ways.
pub const BOUND: usize = 100;

/// How long the server takes to answer each request.
const LATENCY: Duration = Duration::from_millis(100);

/// The hidden command that runs one way in a child process.
pub const CHILD_COMMAND: &str = "bench-bounds-one";

/// One way of running the downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Way {
    /// `futures::future::join_all` of every download.
    JoinAll,
    /// `stream::iter(..).buffer_unordered(BOUND)`.
    BufferUnordered,
    /// `BOUND` tasks taking the next download until none is left.
    Pool,
}

/// The three ways, in the page's order.
pub const WAYS: [Way; 3] = [Way::JoinAll, Way::BufferUnordered, Way::Pool];

impl Way {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Way::JoinAll => "join-all",
            Way::BufferUnordered => "buffer-unordered",
            Way::Pool => "pool",
        }
    }

    /// Its name on the page.
    fn shown(self) -> String {
        match self {
            Way::JoinAll => "`join_all`".to_owned(),
            Way::BufferUnordered => format!("`buffer_unordered({BOUND})`"),
            Way::Pool => format!("a pool of {BOUND} tasks"),
        }
    }
}

/// `way`, from its name on the command line.
pub fn parse_way(name: &str) -> Result<Way, String> {
    WAYS.into_iter()
        .find(|way| way.name() == name)
        .ok_or_else(|| format!("no way called {name:?}: join-all, buffer-unordered or pool"))
}

/// What one way cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundRow {
    /// The way.
    pub way: Way,
    /// How many downloads it made.
    pub n: u64,
    /// How many of them failed.
    pub errors: u64,
    /// The most downloads under way at once: the sockets open together.
    pub peak_open: u64,
    /// Time and memory, as `bench scale` measures them.
    pub measurement: Measurement,
}

/// Runs `n` downloads of `url` the way `way` says, in this process, and
/// measures them.
pub fn run_child(way: Way, n: u64, url: &str) -> Result<BoundRow, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|error| format!("cannot start a tokio runtime: {error}"))?;
    // The network `bench scale`'s downloads use: its timeouts, its limit.
    let net = crate::downloads::real_net();
    let counter = Arc::new(UnderWay::default());
    let download = {
        let (net, url, counter) = (Arc::new(net), Arc::<str>::from(url), Arc::clone(&counter));
        move || {
            let (net, url, counter) = (Arc::clone(&net), Arc::clone(&url), Arc::clone(&counter));
            async move {
                counter.begin();
                let fetched = threeways_async::http::fetch(&net, &url).await;
                counter.end();
                fetched.is_ok_and(|body| body.len() == PAGE_BYTES)
            }
        }
    };
    let mut meter = Meter::default();
    meter.start();
    let succeeded = runtime.block_on(async move {
        match way {
            Way::JoinAll => {
                let all = (0..n).map(|_| download());
                let results = futures::future::join_all(all).await;
                results.into_iter().filter(|ok| *ok).count() as u64
            }
            Way::BufferUnordered => {
                let all = futures::stream::iter((0..n).map(|_| download()));
                let results: Vec<bool> = all.buffer_unordered(BOUND).collect().await;
                results.into_iter().filter(|ok| *ok).count() as u64
            }
            Way::Pool => {
                let next = Arc::new(AtomicU64::new(0));
                let workers: Vec<_> = (0..BOUND)
                    .map(|_| {
                        let (next, download) = (Arc::clone(&next), download.clone());
                        tokio::spawn(async move {
                            let mut succeeded = 0;
                            while next.fetch_add(1, Ordering::Relaxed) < n {
                                succeeded += u64::from(download().await);
                            }
                            succeeded
                        })
                    })
                    .collect();
                let mut succeeded = 0;
                for worker in workers {
                    succeeded += worker.await.unwrap_or(0);
                }
                succeeded
            }
        }
    });
    Ok(BoundRow {
        way,
        n,
        errors: n - succeeded,
        peak_open: counter.peak.load(Ordering::Relaxed),
        measurement: meter.finish(n)?,
    })
}

/// [`run_child`]'s row as the one JSON line the parent reads.
pub fn child_line(way: Way, n: u64, url: &str) -> Result<String, String> {
    let row = run_child(way, n, url)?;
    serde_json::to_string(&row).map_err(|error| error.to_string())
}

/// How many downloads are under way, and the most there have been.
#[derive(Debug, Default)]
struct UnderWay {
    now: AtomicU64,
    peak: AtomicU64,
}

impl UnderWay {
    fn begin(&self) {
        let now = self.now.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
    }

    fn end(&self) {
        self.now.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Runs each way in a child process of this binary against a server on
/// 127.0.0.1, `n` downloads each, and returns their rows.
pub fn run_bounds(n: u64) -> Result<Vec<BoundRow>, String> {
    let server = BenchServer::start(LATENCY)
        .map_err(|error| format!("cannot start the server on 127.0.0.1 ({error})"))?;
    let exe = std::env::current_exe()
        .map_err(|error| format!("cannot find this program to run a child ({error})"))?;
    WAYS.into_iter()
        .map(|way| {
            let out = Command::new(&exe)
                .args([CHILD_COMMAND, "--way", way.name(), "--n", &n.to_string()])
                .args(["--url", &server.url()])
                .output()
                .map_err(|error| format!("cannot start a child ({error})"))?;
            let line = String::from_utf8_lossy(&out.stdout);
            serde_json::from_str(line.trim()).map_err(|error| {
                let stderr = String::from_utf8_lossy(&out.stderr);
                format!(
                    "{}: the child said {line:?} ({error}); {stderr}",
                    way.name()
                )
            })
        })
        .collect()
}

/// Where the record is kept, under the repository's root.
pub const RECORD: &str = "book/src/bench/bounds.json";

/// Where the page's table begins and ends.
const BEGIN: &str =
    "<!-- bench bounds: the table below is written by `cargo run --release -- bench bounds` -->";
const END: &str = "<!-- bench bounds: end of the table -->";

/// The rows as the page's Markdown table.
pub fn markdown_table(rows: &[BoundRow]) -> String {
    let mut table = String::from(
        "| way | downloads | sockets at once | peak memory | time |\n\
         |---|--:|--:|--:|--:|\n",
    );
    for row in rows {
        let m = &row.measurement;
        let failed = match row.errors {
            0 => String::new(),
            errors => format!(" ({} failed)", thousands(errors)),
        };
        table.push_str(&format!(
            "| {} | {}{failed} | {} | {:.1} MiB | {:.1} s |\n",
            row.way.shown(),
            thousands(row.n),
            thousands(row.peak_open),
            m.peak_rss_kib as f64 / 1024.0,
            m.wall_ms / 1000.0,
        ));
    }
    table
}

/// `page` with the table between its markers replaced by `rows`'.
pub fn replace_table(page: &str, rows: &[BoundRow]) -> Result<String, String> {
    crate::table::between_markers(page, BEGIN, END, &markdown_table(rows))
}

/// Writes the record and the page's table under `root`.
pub fn write(root: &Path, rows: &[BoundRow]) -> Result<(), String> {
    let json = serde_json::to_string_pretty(rows).map_err(|error| error.to_string())?;
    let record = root.join(RECORD);
    std::fs::write(&record, format!("{json}\n"))
        .map_err(|error| format!("cannot write {}: {error}", record.display()))?;
    let page = root.join("book/src/scale.md");
    let text = std::fs::read_to_string(&page)
        .map_err(|error| format!("cannot read {}: {error}", page.display()))?;
    std::fs::write(&page, replace_table(&text, rows)?)
        .map_err(|error| format!("cannot write {}: {error}", page.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small, against a fast server: each way downloads every page, and
    /// the bounded ones never have more than their bound under way.
    #[test]
    fn each_way_downloads_every_page_within_its_bound() {
        let server = BenchServer::start(Duration::from_millis(20)).unwrap();
        for way in WAYS {
            let row = run_child(way, 300, &server.url()).unwrap();
            assert_eq!(row.errors, 0, "{way:?}");
            let most = match way {
                Way::JoinAll => 300,
                Way::BufferUnordered | Way::Pool => BOUND as u64,
            };
            assert_eq!(row.peak_open, most, "{way:?}");
        }
    }

    /// The page shows the record: the table between its markers is the
    /// one the record makes.
    #[test]
    fn the_page_shows_the_record() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let json = std::fs::read_to_string(root.join(RECORD)).unwrap();
        let rows: Vec<BoundRow> = serde_json::from_str(&json).unwrap();
        assert_eq!(rows.iter().map(|row| row.way).collect::<Vec<_>>(), WAYS);
        let page = std::fs::read_to_string(root.join("book/src/scale.md")).unwrap();
        assert_eq!(
            replace_table(&page, &rows).unwrap(),
            page,
            "book/src/scale.md's bounds table is not {RECORD}'s: run `cargo run --release -- bench bounds`"
        );
    }
}
