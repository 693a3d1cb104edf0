//! `bench scale`, the parent: runs every (kind, N, runner) in a child
//! process, shows progress, and writes the record, the chart and the book
//! page's table.
//!
//! A child that crashes, hangs or prints nothing useful becomes a row that
//! says so; the other runs go on.

use crate::job::{CHILD_COMMAND, Job, Kind, RUNNERS, WAIT};
use crate::limits::SystemLimits;
use crate::record::{Machine, Outcome, Record, Row, Setup, today};
use crate::server::BenchServer;
use crate::{chart, table};
use std::io::{Read, Write as _};
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How many waits at once each run has, unless `--max` says fewer.
pub const SIZES: [u64; 4] = [100, 1_000, 10_000, 100_000];
/// The command that runs the benchmark and writes its outputs.
pub const COMMAND: &str = "cargo run --release -- bench scale";
/// Where the record goes, from the repository's root.
pub const RECORD_PATH: &str = "book/src/bench/scale.json";
/// Where the chart goes.
pub const CHART_PATH: &str = "book/src/bench/scale.svg";
/// The book page whose table is replaced.
pub const PAGE_PATH: &str = "book/src/scale.md";

/// How long a child may run before it is stopped and its row says so. The
/// slowest runs take seconds; a download that never ends gives up after
/// [`crate::job::DOWNLOAD_TIMEOUT`].
const CHILD_DEADLINE: Duration = Duration::from_secs(300);
/// How often the parent looks whether a child has ended.
const CHILD_POLL: Duration = Duration::from_millis(20);

/// What `bench scale` is asked to do.
#[derive(Clone, Debug)]
pub struct ScaleOptions {
    /// The binary that runs each child: the one running now.
    pub exe: PathBuf,
    /// The repository, where the outputs go.
    pub root: PathBuf,
    /// Only the sizes up to this.
    pub max: Option<u64>,
}

/// What `bench scale` found, and the files it wrote.
#[derive(Clone, Debug)]
pub struct ScaleReport {
    /// The rows and the machine.
    pub record: Record,
    /// The files written, for telling the user.
    pub written: Vec<PathBuf>,
}

/// Runs the whole benchmark and writes its outputs.
///
/// # Errors
///
/// A sentence, when the machine or its limits cannot be read, or an output
/// cannot be written. A run that fails is not an error: it is a row.
pub fn run_scale(options: &ScaleOptions) -> Result<ScaleReport, String> {
    let sizes = sizes_up_to(options.max)?;
    let machine = Machine::read()?;
    let limits = SystemLimits::read()?;
    let jobs: Vec<Job> = Kind::ALL
        .into_iter()
        .flat_map(|kind| sizes.iter().map(move |&n| (kind, n)))
        .flat_map(|(kind, n)| {
            RUNNERS.into_iter().map(move |runner| Job {
                kind,
                runner,
                n,
                url: None,
            })
        })
        .collect();
    let total = jobs.len();
    let mut progress = Progress::default();
    let mut rows = Vec::with_capacity(total);
    for (i, job) in jobs.into_iter().enumerate() {
        progress.show(&job, i + 1, total);
        rows.push(run_job(&options.exe, job, &limits));
    }
    progress.clear();
    let record = Record {
        command: command(options.max),
        date: today(),
        machine,
        setup: Setup::current(),
        limits,
        rows,
    };
    let written = write_outputs(&options.root, &record)?;
    Ok(ScaleReport { record, written })
}

/// The sizes to run, all of [`SIZES`] or those up to `max`.
fn sizes_up_to(max: Option<u64>) -> Result<Vec<u64>, String> {
    let sizes: Vec<u64> = SIZES
        .into_iter()
        .filter(|&n| max.is_none_or(|max| n <= max))
        .collect();
    if sizes.is_empty() {
        return Err(format!(
            "--max must be at least {}, the smallest N",
            SIZES[0]
        ));
    }
    Ok(sizes)
}

/// The command that makes this record again.
fn command(max: Option<u64>) -> String {
    match max {
        Some(max) => format!("{COMMAND} --max {max}"),
        None => COMMAND.to_owned(),
    }
}

/// Runs one job in a child process; downloads get a fresh server in this
/// process, on a new port, so that no run meets the connections another
/// left behind.
fn run_job(exe: &Path, mut job: Job, limits: &SystemLimits) -> Row {
    if job.kind == Kind::Downloads {
        if let Some(reason) = limits.downloads_beyond_open_files(job.n) {
            return Row::new(&job, Outcome::NotRun { reason }, None);
        }
        let server = match BenchServer::start(WAIT) {
            Ok(server) => server,
            Err(error) => {
                let reason = format!("cannot start the server on 127.0.0.1: {error}");
                return Row::new(&job, Outcome::Failed { reason }, None);
            }
        };
        job.url = Some(server.url());
        return run_in_child(exe, &job);
    }
    run_in_child(exe, &job)
}

fn run_in_child(exe: &Path, job: &Job) -> Row {
    child_row(exe, job).unwrap_or_else(|reason| Row::new(job, Outcome::Failed { reason }, None))
}

/// Starts the child, waits for it (stopping it at the deadline), and reads
/// its row from the last line it printed.
fn child_row(exe: &Path, job: &Job) -> Result<Row, String> {
    let mut child = Command::new(exe)
        .args(job.child_args())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start `{} {CHILD_COMMAND}`: {error}", exe.display()))?;
    // Read both pipes while the child runs: one that fills up (a flood of
    // panic messages, say) would block the child forever.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_at_most(&mut child, CHILD_DEADLINE);
    let (stdout, stderr) = (joined(stdout), joined(stderr));
    let status = status?;
    let last_line = |text: &str| {
        text.lines()
            .rfind(|line| !line.trim().is_empty())
            .map(str::to_owned)
    };
    let row = last_line(&stdout).map(|line| Row::from_json_line(&line));
    match row {
        Some(Ok(row)) if status.success() => Ok(row),
        _ => {
            let said = last_line(&stderr).unwrap_or_else(|| "it printed no error".to_owned());
            Err(format!("{}; {said}", describe_exit(status)))
        }
    }
}

/// Reads all of `pipe` on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> Option<JoinHandle<String>> {
    let mut pipe = pipe?;
    let reader = thread::Builder::new()
        .name("bench-pipe".into())
        .spawn(move || {
            let mut bytes = Vec::new();
            // What was read before an error is all there is to show.
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        });
    reader.ok()
}

fn joined(reader: Option<JoinHandle<String>>) -> String {
    reader
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default()
}

/// Waits for `child` to end; after `deadline`, stops it.
fn wait_at_most(child: &mut Child, deadline: Duration) -> Result<ExitStatus, String> {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if started.elapsed() < deadline => thread::sleep(CHILD_POLL),
            Ok(None) => {
                // It may end by itself between the look and the kill;
                // either way, it is over.
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "did not finish within {} s, and was stopped",
                    deadline.as_secs()
                ));
            }
            Err(error) => return Err(format!("cannot wait for the child: {error}")),
        }
    }
}

/// How a child that gave no row ended.
fn describe_exit(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(0), _) => "the child printed no result line".to_owned(),
        (Some(code), _) => format!("the child exited with code {code}"),
        (None, Some(6)) => "the child aborted (SIGABRT)".to_owned(),
        (None, Some(9)) => "the child was killed (SIGKILL; out of memory?)".to_owned(),
        (None, Some(signal)) => format!("the child was killed by signal {signal}"),
        (None, None) => format!("the child ended: {status}"),
    }
}

/// Writes the record, the chart, and the page's table if the page is there.
fn write_outputs(root: &Path, record: &Record) -> Result<Vec<PathBuf>, String> {
    let write = |relative: &str, text: &str| -> Result<PathBuf, String> {
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        }
        std::fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        Ok(path)
    };
    let mut written = vec![
        write(RECORD_PATH, &record.to_json())?,
        write(CHART_PATH, &chart::render_svg(record))?,
    ];
    let page_path = root.join(PAGE_PATH);
    if let Ok(page) = std::fs::read_to_string(&page_path) {
        let page = table::replace_table(&page, &record.rows)
            .map_err(|error| format!("{PAGE_PATH}: {error}"))?;
        written.push(write(PAGE_PATH, &page)?);
    }
    Ok(written)
}

/// One line on the terminal that says which run is going on, written over
/// by the next.
#[derive(Debug, Default)]
struct Progress {
    /// The longest line written, to blank it out.
    width: usize,
}

impl Progress {
    fn show(&mut self, job: &Job, number: usize, total: usize) {
        let line = format!(
            "{:<9} {:<9} N={:<7} … ({number}/{total})",
            job.kind.name(),
            job.runner.name(),
            job.n
        );
        self.width = self.width.max(line.chars().count());
        self.write(&format!("\r{line:<width$}", width = self.width));
    }

    fn clear(&self) {
        self.write(&format!("\r{}\r", " ".repeat(self.width)));
    }

    fn write(&self, text: &str) {
        let mut stderr = std::io::stderr().lock();
        // Progress is a courtesy: a terminal that has gone away is no
        // reason to stop measuring.
        let _ = stderr.write_all(text.as_bytes());
        let _ = stderr.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_keeps_the_sizes_up_to_it() {
        assert_eq!(sizes_up_to(None).unwrap(), SIZES);
        assert_eq!(sizes_up_to(Some(10_000)).unwrap(), [100, 1_000, 10_000]);
        assert_eq!(sizes_up_to(Some(999)).unwrap(), [100]);
        assert!(sizes_up_to(Some(99)).unwrap_err().contains("at least 100"));
        assert_eq!(
            command(Some(1_000)),
            "cargo run --release -- bench scale --max 1000"
        );
    }

    #[test]
    fn a_child_that_fails_is_a_row_that_says_how() {
        let job = Job {
            kind: Kind::Timers,
            runner: crate::job::Runner::Style(threeways_model::Style::Async),
            n: 100,
            url: None,
        };
        // `false` ignores its arguments and exits with 1, printing nothing.
        let row = run_in_child(Path::new("false"), &job);
        assert_eq!(
            row.outcome,
            Outcome::Failed {
                reason: "the child exited with code 1; it printed no error".to_owned()
            }
        );
        let row = run_in_child(Path::new("/no/such/binary"), &job);
        assert!(
            matches!(&row.outcome, Outcome::Failed { reason } if reason.starts_with("cannot start")),
            "{row:?}"
        );
    }

    #[test]
    fn a_child_past_its_deadline_is_stopped() {
        let mut child = Command::new("sleep").arg("10").spawn().unwrap();
        let error = wait_at_most(&mut child, Duration::from_millis(50)).unwrap_err();
        assert!(error.contains("did not finish"), "{error}");
    }
}
