//! The book's Python programs (`book/python/`), run with `python3`: each
//! against its snapshot in `tests/snapshots/python/`, and beside its Rust
//! twin where the two must agree (or must not).
//!
//! `book/python/run_all.py` runs every program in one process (about a
//! second; a process per program takes several), once for all the tests
//! here. Under `CI=true` a missing `python3` fails these tests; elsewhere
//! they say why they skip, and pass.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use threeways::{repo_root, run};
use threeways_model::trace::format_ms;
use threeways_model::{CHAPTERS, ChapterId, Clock, Fault, Program, Scenario, Style};
use threeways_present::timeline::render_svg;
use threeways_present::trace_text::read_run;

/// The oldest Python the snapshots hold for (`asyncio.timeout` is 3.11's).
const PYTHON: (u32, u32) = (3, 11);

/// What `run_all.py` printed: each program's trace and each chapter's
/// scenario, by name.
struct PythonRuns {
    programs: BTreeMap<String, String>,
    scenarios: BTreeMap<String, String>,
}

/// The runs of every Python program, or `None` (after saying why) when
/// there is no usable `python3` and this is not CI.
fn python_runs() -> Option<&'static PythonRuns> {
    static RUNS: OnceLock<Result<PythonRuns, String>> = OnceLock::new();
    let ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
    let runs = RUNS.get_or_init(|| {
        let runs = run_all();
        if let (Err(why), false) = (&runs, ci) {
            // Once, and past the test harness's capture of `eprintln!`, so
            // that a skip is seen.
            let _ = writeln!(std::io::stderr(), "skipping the Python tests: {why}");
        }
        runs
    });
    match runs {
        Ok(runs) => Some(runs),
        Err(why) if ci => panic!("{why} (CI=true: the Python tests must run)"),
        Err(_) => None,
    }
}

fn run_all() -> Result<PythonRuns, String> {
    let version = Command::new("python3")
        .arg("--version")
        .output()
        .map_err(|_| "python3 is not on the PATH; the Python tests need CPython 3.11".to_owned())?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let number = version.trim_start_matches("Python ");
    let mut parts = number
        .split('.')
        .map(|part| part.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if found < PYTHON {
        return Err(format!(
            "{version} is older than {}.{}, which the Python tests need",
            PYTHON.0, PYTHON.1
        ));
    }
    let output = Command::new("python3")
        .arg(repo_root().join("book/python/run_all.py"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .map_err(|error| format!("could not run python3: {error}"))?;
    assert!(
        output.status.success(),
        "book/python/run_all.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(parse_frames(&output.stdout))
}

/// Reads `=== KIND NAME LENGTH` frames (see `run_all.py`).
fn parse_frames(mut out: &[u8]) -> PythonRuns {
    let mut runs = PythonRuns {
        programs: BTreeMap::new(),
        scenarios: BTreeMap::new(),
    };
    while !out.is_empty() {
        let end = out
            .iter()
            .position(|b| *b == b'\n')
            .expect("a frame header");
        let header = std::str::from_utf8(&out[..end]).expect("UTF-8 header");
        out = &out[end + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        let ["===", kind, name, length] = fields[..] else {
            assert!(header.starts_with("=== python "), "bad frame {header:?}");
            continue;
        };
        let length: usize = length.parse().expect("a frame length");
        let text = String::from_utf8(out[..length].to_vec()).expect("UTF-8 frame");
        out = &out[length..];
        let into = match kind {
            "program" => &mut runs.programs,
            "scenario" => &mut runs.scenarios,
            _ => panic!("unknown frame kind {kind:?}"),
        };
        into.insert(name.to_owned(), text);
    }
    runs
}

fn snapshot_dir() -> std::path::PathBuf {
    repo_root().join("tests/snapshots/python")
}

#[test]
fn every_python_program_matches_its_snapshot() {
    let Some(runs) = python_runs() else { return };
    assert!(
        runs.programs.len() >= CHAPTERS.len(),
        "too few programs ran"
    );
    for (name, text) in &runs.programs {
        insta::with_settings!({
            snapshot_path => "../snapshots/python",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), text);
        });
    }
}

/// Each Python program's timeline, drawn from its text by the renderer
/// that draws the Rust ones, in `tests/snapshots/timelines/python/`.
#[test]
fn every_python_program_matches_its_timeline() {
    let Some(runs) = python_runs() else { return };
    for (name, text) in &runs.programs {
        let run = read_run(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::with_settings!({
            snapshot_path => "../snapshots/timelines/python",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), render_svg(&run.trace));
        });
    }
}

/// Reading a trace's text loses nothing a timeline draws: every Rust
/// program's text, read back, draws the picture its own trace draws.
#[test]
fn a_trace_read_from_its_text_draws_the_same_timeline() {
    for chapter in CHAPTERS {
        for program in chapter.id.programs() {
            let run = run(program);
            let read = read_run(&run.render_text()).unwrap_or_else(|e| panic!("{program}: {e}"));
            assert_eq!(read.trace, run.trace, "{program}");
            assert_eq!(render_svg(&read.trace), render_svg(&run.trace), "{program}");
        }
    }
}

/// A snapshot (a trace or a timeline) whose program is gone would still
/// be shown by the book.
#[test]
fn every_python_snapshot_has_a_program() {
    let Some(runs) = python_runs() else { return };
    let timelines = repo_root().join("tests/snapshots/timelines/python");
    for dir in [snapshot_dir(), timelines] {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(name) = name.strip_suffix(".snap") {
                assert!(
                    runs.programs.contains_key(name),
                    "{} has no program in book/python/",
                    path.display()
                );
            }
        }
    }
}

/// Every chapter has a Python program in each of Python's three styles
/// that has a Rust twin (threads for blocking, callbacks, asyncio for
/// async), and none in a style whose Rust twin has no program.
#[test]
fn every_chapter_has_python_in_three_styles() {
    let Some(runs) = python_runs() else { return };
    for chapter in CHAPTERS {
        let python_style = |style| match style {
            Style::Blocking => "threads",
            Style::Callbacks => "callbacks",
            Style::Async => "asyncio",
        };
        for style in Style::ALL {
            let prefix = format!("{}__{}", chapter.slug, python_style(style));
            if !chapter.id.has_programs(style) {
                assert!(
                    !runs.programs.keys().any(|name| name.starts_with(&prefix)),
                    "{prefix}: Rust has no {style} program for {}",
                    chapter.slug
                );
                continue;
            }
            assert!(
                runs.programs
                    .keys()
                    .any(|name| name == &prefix || name.starts_with(&format!("{prefix}__"))),
                "no Python program {prefix} in book/python/"
            );
        }
    }
}

/// `book/python/threeways/scenario.py` holds the same scenarios as
/// `crates/model/src/scenario.rs`, written out the way `describe` writes
/// them.
#[test]
fn python_runs_the_scenarios_rust_runs() {
    let Some(runs) = python_runs() else { return };
    for chapter in CHAPTERS {
        let python = runs
            .scenarios
            .get(chapter.slug)
            .unwrap_or_else(|| panic!("scenario.py has no scenario for {}", chapter.slug));
        assert_eq!(
            python,
            &describe(&Scenario::for_chapter(chapter.id)),
            "book/python/threeways/scenario.py differs from Rust's scenario for {}",
            chapter.slug
        );
    }
}

/// A scenario as `threeways.scenario.describe` writes one.
fn describe(scenario: &Scenario) -> String {
    let ms = |d| format_ms(d, Clock::Virtual);
    let mut out = String::new();
    for page in &scenario.pages {
        let fault = match page.fault {
            None => "none".to_owned(),
            Some(Fault::Status(code)) => code.to_string(),
            Some(other) => format!("{other:?}").to_lowercase(),
        };
        let body: String = page.body.iter().map(|b| format!("{b:02x}")).collect();
        out += &format!(
            "page {} {} ms fault {fault} body {body}\n",
            page.url,
            ms(page.latency)
        );
    }
    out += &format!("disk {} ms\n", ms(scenario.disk_latency));
    out += &format!(
        "limit {} ticks {} tick {} ms take {}\n",
        scenario.limit,
        scenario.ticks,
        ms(scenario.tick),
        scenario.take
    );
    out += &format!("names {}\n", scenario.names.join(" "));
    out += &format!(
        "timeouts connect {} ms idle {} ms deadline {} ms deadline {} ms body_limit {}\n",
        ms(scenario.timeouts.connect),
        ms(scenario.timeouts.idle),
        ms(scenario.timeouts.deadline),
        ms(scenario.deadline),
        scenario.body_limit
    );
    let job = &scenario.job;
    out += &format!(
        "job {}..{} cost {} ms chunks {}\n",
        job.from,
        job.to,
        ms(job.cost),
        scenario.chunks
    );
    out += &format!("capacity {}\n", scenario.capacity);
    out
}

/// One line of a trace: its time, its lane and what it says.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    time: String,
    lane: String,
    what: String,
}

/// The event lines of a trace (Rust's or Python's: the format is one).
fn lines(trace: &str) -> Vec<Line> {
    trace
        .lines()
        .filter_map(|line| {
            let (time, rest) = line.trim_start().split_once(" ms  ")?;
            let (lane, what) = rest.split_once("  ")?;
            Some(Line {
                time: time.to_owned(),
                lane: lane.trim_end().to_owned(),
                what: what.trim_start().to_owned(),
            })
        })
        .collect()
}

/// The `result:` and `total:` lines of a trace, without the thread count:
/// the Python programs write files on a thread, as Python must.
fn result_and_total(trace: &str) -> (String, String) {
    let result = trace
        .lines()
        .find(|line| line.starts_with("result: "))
        .expect("a result line");
    let total = trace
        .lines()
        .find_map(|line| line.strip_prefix("total: "))
        .expect("a total line");
    let total = total.split(" ms").next().expect("a time");
    (result.to_owned(), total.to_owned())
}

/// When each fetch started and how long it waited: the schedule of the
/// network, whoever waited.
fn fetches(trace: &str) -> Vec<(String, String)> {
    let mut fetches: Vec<_> = lines(trace)
        .into_iter()
        .filter(|line| line.what.contains("] fetch "))
        .map(|line| (line.time, line.what))
        .collect();
    fetches.sort();
    fetches
}

fn program(chapter: ChapterId, style: Style, variant: Option<&str>) -> Program {
    chapter
        .program(style, variant)
        .unwrap_or_else(|| panic!("{chapter} has no {style} program {variant:?}"))
}

/// Each Python program of `download`, `fan-out`, `ticker` and `sharing`,
/// with its Rust twin.
fn twins() -> Vec<(&'static str, Program)> {
    use ChapterId::{Download, FanOut, Sharing, Ticker};
    use Style::{Async, Blocking, Callbacks};
    vec![
        ("download__threads", program(Download, Blocking, None)),
        ("download__callbacks", program(Download, Callbacks, None)),
        ("download__asyncio", program(Download, Async, None)),
        (
            "fan-out__threads__sequential",
            program(FanOut, Blocking, Some("sequential")),
        ),
        (
            "fan-out__threads__thread-per-request",
            program(FanOut, Blocking, Some("thread-per-request")),
        ),
        (
            "fan-out__threads__pool",
            program(FanOut, Blocking, Some("pool")),
        ),
        (
            "fan-out__callbacks__sequential",
            program(FanOut, Callbacks, Some("sequential")),
        ),
        (
            "fan-out__callbacks__counter",
            program(FanOut, Callbacks, Some("counter")),
        ),
        (
            "fan-out__callbacks__limited",
            program(FanOut, Callbacks, Some("limited")),
        ),
        (
            "fan-out__asyncio__sequential",
            program(FanOut, Async, Some("sequential")),
        ),
        (
            "fan-out__asyncio__gather",
            program(FanOut, Async, Some("join-all")),
        ),
        (
            "fan-out__asyncio__as-completed",
            program(FanOut, Async, Some("join-set")),
        ),
        (
            "fan-out__asyncio__semaphore",
            program(FanOut, Async, Some("buffer-unordered")),
        ),
        (
            "fan-out__asyncio__queue",
            program(FanOut, Blocking, Some("pool")),
        ),
        ("ticker__threads", program(Ticker, Blocking, None)),
        ("ticker__callbacks", program(Ticker, Callbacks, None)),
        (
            "ticker__asyncio__async-generator",
            program(Ticker, Async, Some("unfold")),
        ),
        (
            "ticker__asyncio__anext",
            program(Ticker, Async, Some("poll-next")),
        ),
        (
            "ticker__asyncio__unclosed",
            program(Ticker, Async, Some("unfold")),
        ),
        (
            "sharing__threads__crawl",
            program(Sharing, Blocking, Some("crawl")),
        ),
        (
            "sharing__callbacks__crawl",
            program(Sharing, Callbacks, Some("crawl")),
        ),
        (
            "sharing__asyncio__crawl",
            program(Sharing, Async, Some("crawl-local")),
        ),
        (
            "sharing__asyncio__cache",
            program(Sharing, Async, Some("std-mutex")),
        ),
        (
            "sharing__asyncio__cache-locked",
            program(Sharing, Async, Some("tokio-mutex")),
        ),
    ]
}

fn python<'a>(runs: &'a PythonRuns, name: &str) -> &'a str {
    runs.programs
        .get(name)
        .unwrap_or_else(|| panic!("no Python program {name} ran"))
}

/// A Python program and its Rust twin return the same values, take the
/// same virtual time, and start the same fetches at the same moments.
#[test]
fn python_and_rust_twins_agree_on_result_time_and_fetches() {
    let Some(runs) = python_runs() else { return };
    for (name, twin) in twins() {
        let python = python(runs, name);
        let rust = run(twin).render_text();
        assert_eq!(
            result_and_total(python),
            result_and_total(&rust),
            "{name} and {twin} disagree on the result or the total time"
        );
        assert_eq!(
            fetches(python),
            fetches(&rust),
            "{name} and {twin} fetch at different moments"
        );
    }
}

/// The values of a ticker arrive at the same moments in both languages.
#[test]
fn python_and_rust_tickers_tick_at_the_same_moments() {
    let Some(runs) = python_runs() else { return };
    for (name, twin) in twins() {
        if twin.chapter != ChapterId::Ticker {
            continue;
        }
        let ticks = |trace: &str| -> Vec<(String, String)> {
            lines(trace)
                .into_iter()
                .filter(|line| line.what.starts_with("consumer: got "))
                .map(|line| (line.time, line.what))
                .collect()
        };
        let rust = run(twin).render_text();
        assert_eq!(ticks(python(runs, name)), ticks(&rust), "{name} and {twin}");
        assert_eq!(ticks(&rust).len(), 3, "{twin} takes three values");
    }
}

/// Where Python and Rust differ, the difference shows in the runs: an
/// async generator that the consumer leaves is closed after the consumer
/// has finished, unless `aclosing` closes it; a Rust stream is dropped
/// before.
#[test]
fn an_unclosed_async_generator_is_closed_after_the_consumer_is_done() {
    let Some(runs) = python_runs() else { return };
    let position = |trace: &str, prefix: &str| {
        lines(trace)
            .iter()
            .position(|line| line.what.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix:?} in\n{trace}"))
    };
    let closed = python(runs, "ticker__asyncio__async-generator");
    let unclosed = python(runs, "ticker__asyncio__unclosed");
    let rust = run(program(ChapterId::Ticker, Style::Async, Some("unfold"))).render_text();
    assert_eq!(closed.matches("ticker closed").count(), 1, "{closed}");
    assert!(position(closed, "ticker closed") < position(closed, "consumer: done"));
    assert!(position(&rust, "ticker dropped") < position(&rust, "consumer: done"));
    assert!(
        position(unclosed, "ticker closed") > position(unclosed, "consumer: done"),
        "without aclosing, the generator is closed after the consumer is done:\n{unclosed}"
    );
}

/// What the appendix says of `Semaphore` against `buffered(k)`: both
/// check two names at a time, but the semaphore starts the next check
/// whenever any is done, and `buffered` only when the oldest is, so the
/// Python comprehension finishes first.
#[test]
fn a_semaphore_starts_the_next_check_sooner_than_buffered() {
    let Some(runs) = python_runs() else { return };
    let total = |trace: &str| -> u64 { result_and_total(trace).1.parse().expect("whole ms") };
    let python = python(runs, "comprehensions__asyncio__semaphore");
    let rust = run(program(
        ChapterId::Comprehensions,
        Style::Async,
        Some("buffered"),
    ))
    .render_text();
    // The same names; Python quotes strings in a list with ', Rust with ".
    let python_result = result_and_total(python).0.replace('\'', "\"");
    assert_eq!(python_result, result_and_total(&rust).0);
    assert!(
        total(python) < total(&rust),
        "Python {} ms, Rust {} ms",
        total(python),
        total(&rust)
    );
}

/// The time at which the called function's first line ran, and its
/// position among the lines.
fn first_line(trace: &str, prefix: &str) -> (String, usize) {
    let lines = lines(trace);
    let index = lines
        .iter()
        .position(|line| line.what.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix:?} in\n{trace}"));
    (lines[index].time.clone(), index)
}

/// `first-await`: a Python coroutine, like a Rust future, runs none of its
/// body until it is awaited; a Python task, like a spawned Rust task,
/// starts as soon as its creator waits; a coroutine never awaited never
/// runs, and Python says so. (JavaScript's and C#'s async functions would
/// run their first line inside the call.)
#[test]
fn a_coroutine_waits_to_be_awaited_and_a_task_does_not() {
    use ChapterId::FirstAwait;
    let Some(runs) = python_runs() else { return };
    let coroutine = python(runs, "first-await__asyncio__await");
    let task = python(runs, "first-await__asyncio__task");
    let never = python(runs, "first-await__asyncio__never-awaited");
    let future = run(program(FirstAwait, Style::Async, Some("await"))).render_text();
    let spawned = run(program(FirstAwait, Style::Async, Some("spawn"))).render_text();

    // Not started until awaited, after 50 ms of other work: 50 + 120 ms.
    for lazy in [coroutine, future.as_str()] {
        let (time, index) = first_line(lazy, "fetch_report: first line");
        assert_eq!(time, "50", "{lazy}");
        assert!(index > first_line(lazy, "main: awaiting").1, "{lazy}");
        assert_eq!(result_and_total(lazy).1, "170", "{lazy}");
    }
    // Started at once, while the caller did its other work: 120 ms.
    for eager in [task, spawned.as_str()] {
        let (time, _) = first_line(eager, "fetch_report: first line");
        assert_eq!(time, "0", "{eager}");
        assert_eq!(result_and_total(eager).1, "120", "{eager}");
    }
    // The difference between the two, in one language.
    assert_ne!(result_and_total(coroutine).1, result_and_total(task).1);
    // Never awaited: never run, and a warning.
    assert!(!never.contains("fetch_report: first line"), "{never}");
    assert!(!never.contains("] fetch "), "{never}");
    assert!(
        never.contains("RuntimeWarning: coroutine 'fetch_report' was never awaited"),
        "{never}"
    );
}

/// A program run on its own, in a process of its own, prints exactly what
/// it printed among all the others: nothing leaks from one run into the
/// next, and a process at the same time as others (the test suite's load)
/// changes nothing.
#[test]
fn a_program_run_on_its_own_prints_the_same_bytes() {
    let Some(runs) = python_runs() else { return };
    let alone = [
        (
            "first_await_asyncio.py",
            Some("never-awaited"),
            "first-await__asyncio__never-awaited",
        ),
        ("download_callbacks.py", None, "download__callbacks"),
        (
            "cpu_bound_asyncio.py",
            Some("chunked"),
            "cpu-bound__asyncio__chunked",
        ),
    ];
    let children: Vec<_> = alone
        .iter()
        .map(|(file, variant, name)| {
            let child = Command::new("python3")
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .arg(Path::new("book/python").join(file))
                .args(variant)
                .current_dir(repo_root())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("python3 runs");
            (name, child)
        })
        .collect();
    for (name, child) in children {
        let output = child.wait_with_output().expect("python3 ends");
        assert!(output.status.success(), "{name} failed on its own");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            python(runs, name),
            "{name}, on its own"
        );
    }
}

/// What the `failures` page says of timeouts: Python's `asyncio.timeout`
/// block runs as `wait_for` does, line for line; and Python's callback
/// program cancels its loser (an asyncio future can be cancelled), where
/// Rust's callback program lets it run on to the network's own timeout.
#[test]
fn python_timeouts_stop_the_fetch_and_rusts_callbacks_do_not() {
    let Some(runs) = python_runs() else { return };
    assert_eq!(
        python(runs, "failures__asyncio__timeout"),
        python(runs, "failures__asyncio__wait-for")
    );
    let python = python(runs, "failures__callbacks__timeout");
    let rust = run(program(
        ChapterId::Failures,
        Style::Callbacks,
        Some("timeout"),
    ))
    .render_text();
    assert_eq!(result_and_total(python).0, result_and_total(&rust).0);
    assert!(python.contains("(cancelled)"), "{python}");
    assert_eq!(result_and_total(python).1, "300", "{python}");
    assert!(!rust.contains("(cancelled)"), "{rust}");
    assert_eq!(result_and_total(&rust).1, "2000", "{rust}");
}

/// What the `cpu-bound` page says of work in pieces: the same pieces, but
/// asyncio's ticks during the work come later than tokio's (a woken task
/// runs a loop turn after its timer, behind the computing task's steps),
/// by more than one piece, and the ticks after the work are on time in
/// both.
#[test]
fn asyncio_ticks_between_pieces_come_later_than_tokios() {
    let Some(runs) = python_runs() else { return };
    let ticks = |trace: &str| -> Vec<(u64, String)> {
        lines(trace)
            .into_iter()
            .filter(|line| line.what.starts_with("tick "))
            .map(|line| (line.time.parse().expect("whole ms"), line.what))
            .collect()
    };
    let python = ticks(python(runs, "cpu-bound__asyncio__chunked"));
    let rust =
        ticks(&run(program(ChapterId::CpuBound, Style::Async, Some("chunked"))).render_text());
    assert_eq!(python.len(), rust.len());
    let piece = 30;
    for ((python_at, python_tick), (rust_at, rust_tick)) in python.iter().zip(&rust) {
        let due = 100
            * python_tick[5..]
                .split(':')
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap();
        assert!(rust_at - due <= piece, "tokio: {rust_tick} at {rust_at}");
        if (120..570).contains(&due) {
            assert!(
                python_at - due > piece,
                "asyncio: {python_tick} at {python_at}"
            );
            assert!(python_tick.ends_with("(missed)"), "{python_tick}");
        } else {
            assert_eq!(python_at, rust_at, "{python_tick}");
        }
    }
}

/// `Scheduler.join_all`, the end of every Python run, waits for every
/// thread, those started after it began to wait included: here a child
/// starts a grandchild after `main` has begun to join, as the Rust
/// scheduler's own test does.
#[test]
fn join_all_waits_for_a_thread_started_while_it_waits() {
    if python_runs().is_none() {
        return;
    }
    let program = r#"
import sys
sys.path.insert(0, "book/python")
from threeways.sched import Scheduler

sched = Scheduler()
ended = []

def grandchild():
    sched.sleep(50_000)
    ended.append(("grandchild", sched.now))

def child():
    sched.sleep(10_000)
    sched.spawn("grandchild", grandchild)
    ended.append(("child", sched.now))

sched.spawn("child", child)
sched.join_all()
print(sched.now, ended)
"#;
    let output = Command::new("python3")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .args(["-c", program])
        .current_dir(repo_root())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "60000 [('child', 10000), ('grandchild', 60000)]\n",
        "join_all returned before the grandchild ended"
    );
}
