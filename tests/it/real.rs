//! The real world: every fetching program, run over TCP against the local
//! server with real files, returns what its simulated run returns; every
//! fault gives a typed error and leaves no file; the CLI reports failures in
//! one line.
//!
//! These tests wait on the wall clock, so they keep their waits short and
//! run the programs side by side. Nothing in them depends on timing except
//! where a scenario's margins are hundreds of milliseconds wide.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use threeways::{RealSetup, run_in};
use threeways_model::timeouts::Timeouts;
use threeways_model::{
    CHAPTERS, ChapterId, Error, Fault, Framing, Outcome, Oversize, Page, Program, Scenario, Style,
};
use threeways_real::server::Server;
use threeways_world::Mode;

/// Runs `program` on `scenario` in a fresh real world (its own server and
/// folder), and returns the outcome and the files left in the folder.
fn run_real(program: Program, scenario: &Scenario) -> Outcome {
    let setup = RealSetup::new(scenario, None, false).expect("a real world can be set up");
    run_in(program, scenario, &setup.mode).outcome
}

#[test]
fn every_fetching_program_returns_its_simulated_outcome_for_real() {
    let programs: Vec<Program> = CHAPTERS
        .iter()
        // cpu-bound computes for real: it has a test of its own, below,
        // with a small job, so that it does not load the machine.
        .filter(|chapter| chapter.real_run && chapter.id != ChapterId::CpuBound)
        .flat_map(|chapter| chapter.id.programs())
        // A program that never ends runs in the simulated world only,
        // which can tell and stop it.
        .filter(|program| program.runs_real())
        .collect();
    // Side by side: they spend their time waiting, so this takes about as
    // long as the slowest program, not the sum of them all.
    let results: Vec<(Program, Outcome, Outcome)> = std::thread::scope(|scope| {
        let running: Vec<_> = programs
            .iter()
            .map(|program| {
                scope.spawn(move || {
                    // Each chapter's own scenario, as `run --real` runs it,
                    // with the margins it was written with: the failures
                    // chapter's idle timeout, 2 s, is more than three times
                    // its slowest page (600 ms), so that a busy machine
                    // cannot turn that page into a timeout. (The callback
                    // program's loser holds the silent page that long:
                    // this test takes about 2 s.)
                    let scenario = Scenario::for_chapter(program.chapter);
                    let simulated = run_in(*program, &scenario, &Mode::Simulated).outcome;
                    (*program, simulated, run_real(*program, &scenario))
                })
            })
            .collect();
        running.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for (program, simulated, real) in results {
        assert_eq!(
            real, simulated,
            "{program}: the real run differs from the simulated one"
        );
    }
}

/// CPU work really computed returns what the simulated run returns. (How
/// late the ticks come depends on the machine: the CLI shows it, the
/// simulated snapshots pin it down.)
#[test]
fn cpu_bound_programs_compute_the_same_for_real() {
    let mut scenario = Scenario::for_chapter(ChapterId::CpuBound);
    scenario.job.to = 20_000;
    scenario.ticks = 2;
    for program in ChapterId::CpuBound.programs() {
        let simulated = run_in(program, &scenario, &Mode::Simulated).outcome;
        assert_eq!(run_real(program, &scenario), simulated, "{program}");
    }
}

/// The download chapter's page with `fault`, quick to time out and with a
/// small body limit, so that every fault shows up in well under a second.
fn faulty_download(fault: Fault) -> Scenario {
    let mut scenario = Scenario::for_chapter(ChapterId::Download);
    scenario.pages[0].fault = Some(fault);
    scenario.pages[0].latency = Duration::from_millis(10);
    // Only the silent server is meant to meet a timeout: 300 ms keeps the
    // test short. Every other fault answers within its 10 ms latency, and
    // gets timeouts it can never meet, so that a busy machine, which may
    // leave the server's thread unscheduled for a while, cannot turn its
    // error into a timeout.
    let limit = match fault {
        Fault::Silent => Duration::from_millis(300),
        _ => Duration::from_secs(30),
    };
    scenario.timeouts = Timeouts {
        connect: limit,
        idle: limit,
        deadline: limit + Duration::from_millis(700),
    };
    scenario.body_limit = 1000;
    scenario
}

const FAULTS: [Fault; 7] = [
    Fault::Refused,
    Fault::Silent,
    Fault::ResetMidBody,
    Fault::MalformedStatus,
    Fault::Oversized,
    Fault::Status(404),
    Fault::Status(500),
];

#[test]
fn every_fault_gives_a_typed_error_and_leaves_no_file_in_every_style() {
    let url = Scenario::for_chapter(ChapterId::Download).pages[0]
        .url
        .clone();
    let cases: Vec<(Fault, Style)> = FAULTS
        .iter()
        .flat_map(|fault| Style::ALL.map(|style| (*fault, style)))
        .collect();
    std::thread::scope(|scope| {
        for (fault, style) in cases {
            let url = url.clone();
            scope.spawn(move || {
                let scenario = faulty_download(fault);
                let program = ChapterId::Download.program(style, None).unwrap();
                let dir = tempfile::tempdir().unwrap();
                let setup = RealSetup::new(&scenario, Some(dir.path()), false).unwrap();
                let real = run_in(program, &scenario, &setup.mode).outcome;
                let simulated = run_in(program, &scenario, &Mode::Simulated).outcome;
                let error = real.result.as_ref().expect_err("a fault is an error");
                assert!(
                    expected_error(fault, error, &url),
                    "{fault:?}, {style}: {error:?}"
                );
                assert_eq!(
                    real, simulated,
                    "{fault:?}, {style}: real and simulated differ"
                );
                assert_eq!(
                    files_in(dir.path()),
                    Vec::<String>::new(),
                    "{fault:?}, {style}"
                );
            });
        }
    });
}

fn expected_error(fault: Fault, error: &Error, url: &str) -> bool {
    match (fault, error) {
        (Fault::Refused, Error::Refused { url: u }) => u == url,
        (Fault::Silent, Error::IdleTimedOut { url: u, after }) => {
            u == url && *after == Duration::from_millis(300)
        }
        (Fault::ResetMidBody, Error::Reset { url: u }) => u == url,
        (Fault::MalformedStatus, Error::Malformed { url: u, .. }) => u == url,
        (Fault::Oversized, Error::TooLarge { url: u, limit, how }) => {
            u == url && *limit == 1000 && *how == Oversize::Declared(1001)
        }
        (Fault::Status(code), Error::Status { url: u, code: c }) => u == url && code == *c,
        _ => false,
    }
}

/// A slow or faulty page, with the timeouts of every test below: short, so
/// that the whole matrix runs in about half a second, and each case's
/// margins are at least 100 ms wide.
fn slow_case(page: Page) -> Scenario {
    Scenario {
        pages: vec![page],
        // Connecting on loopback takes no time; a connect timeout longer
        // than the others shows that each client leaves it behind once
        // connected.
        timeouts: Timeouts {
            connect: Duration::from_millis(1000),
            idle: Duration::from_millis(200),
            deadline: Duration::from_millis(500),
        },
        body_limit: 4 << 20,
        ..Scenario::for_chapter(ChapterId::Download)
    }
}

const URL: &str = "http://example.com/poems/the-tyger.txt";

/// An outcome in a line: its result, and its files' names and sizes.
fn summary(outcome: &Outcome) -> String {
    let files: Vec<String> = outcome
        .files
        .iter()
        .map(|(name, body)| format!("{name} ({} bytes)", body.len()))
        .collect();
    format!("{:?} with files [{}]", outcome.result, files.join(", "))
}

/// A body of `len` bytes that is not all one byte.
fn bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A name, a page, and what fetching it must give in every style.
type Case = (&'static str, Page, Result<Vec<u8>, Error>);

#[test]
fn slow_large_and_endless_answers_end_the_same_in_every_style() {
    use threeways_test_support::ms;
    let deadline = ms(500);
    let idle_error = Err(Error::IdleTimedOut {
        url: URL.to_owned(),
        after: ms(200),
    });
    let deadline_error = Err(Error::TimedOut {
        url: URL.to_owned(),
        after: deadline,
    });
    let drip = |len: usize, every: u64| {
        Page::new(URL, bytes(len), 0).failing(Fault::DripBody { every: ms(every) })
    };
    // Each case: the page, and what every style must return.
    let cases: Vec<Case> = vec![
        ("a slow drip", drip(6, 30), Ok(bytes(6))),
        ("an endless drip", drip(10_000, 30), deadline_error.clone()),
        (
            "a drip slower than the idle timeout",
            drip(3, 350),
            idle_error.clone(),
        ),
        (
            "an endless head",
            Page::new(URL, "ok", 0).failing(Fault::DripHead { every: ms(30) }),
            deadline_error.clone(),
        ),
        (
            "endless 100 Continue",
            Page::new(URL, "ok", 0).failing(Fault::EndlessInterim { every: ms(30) }),
            deadline_error.clone(),
        ),
        (
            "a declared body never sent",
            Page::new(URL, "ok", 0).failing(Fault::DeclaredUnsent),
            idle_error.clone(),
        ),
        // Over the 1 MiB kept in memory: these stream to a file.
        (
            "a large body",
            Page::new(URL, bytes(2 << 20), 0),
            Ok(bytes(2 << 20)),
        ),
        (
            "a large chunked body",
            Page::new(URL, bytes(2 << 20), 0).framed(Framing::Chunked),
            Ok(bytes(2 << 20)),
        ),
        (
            "a chunked body over the limit",
            Page::new(URL, bytes((4 << 20) + 1), 0).framed(Framing::Chunked),
            // The server sends 64 KiB chunks: the 65th, of one byte, would
            // go over.
            Err(Error::TooLarge {
                url: URL.to_owned(),
                limit: 4 << 20,
                how: Oversize::Chunk {
                    size: 1,
                    after: 4 << 20,
                },
            }),
        ),
    ];
    let runs: Vec<_> = cases
        .iter()
        .flat_map(|(name, page, want)| Style::ALL.map(|style| (*name, page, want, style)))
        .collect();
    std::thread::scope(|scope| {
        for (name, page, want, style) in runs {
            scope.spawn(move || {
                let scenario = slow_case(page.clone());
                let program = ChapterId::Download.program(style, None).unwrap();
                let dir = tempfile::tempdir().unwrap();
                let setup = RealSetup::new(&scenario, Some(dir.path()), false).unwrap();
                let real = run_in(program, &scenario, &setup.mode).outcome;
                drop(setup);
                let simulated = run_in(program, &scenario, &Mode::Simulated).outcome;
                // Compared whole, but shown in short: a body is megabytes.
                assert!(
                    real == simulated,
                    "{name}, {style}: real and simulated differ: {} and {}",
                    summary(&real),
                    summary(&simulated)
                );
                match want {
                    Ok(body) => {
                        let file = real.files.get("the-tyger.txt");
                        assert!(file == Some(body), "{name}, {style}: the file is the body");
                    }
                    Err(error) => {
                        assert_eq!(real.result.as_ref(), Err(error), "{name}, {style}");
                        assert_eq!(
                            files_in(dir.path()),
                            Vec::<String>::new(),
                            "{name}, {style}"
                        );
                    }
                }
                // When a timeout fires is the clock model's to decide, and
                // `http::timeouts` tests it on instants it is given: a
                // wall-clock bound here would fail on a busy machine.
            });
        }
    });
}

/// Every file under `dir`, in subfolders too, hidden and temporary files
/// included, by its path inside `dir`.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            names.extend(
                files_in(&entry.path())
                    .into_iter()
                    .map(|inner| format!("{name}/{inner}")),
            );
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

fn threeways(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_threeways"))
        .args(args)
        .output()
        .expect("the threeways binary runs")
}

/// Exit code `code`, and one line on stderr containing every one of `names`.
pub(crate) fn assert_one_line(output: &std::process::Output, code: i32, names: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for name in names {
        assert!(stderr.contains(name), "{stderr} does not name {name}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn any_url_can_be_downloaded_and_a_failure_is_one_line() {
    let mut scenario = faulty_download(Fault::Status(404));
    scenario.pages[0].fault = None;
    scenario.pages.push(
        threeways_model::Page::new("http://example.com/gone", "", 10).failing(Fault::Status(404)),
    );
    let server = Server::start(&scenario).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();

    let good = server.url_for(&scenario.pages[0].url);
    let ok = threeways(&[
        "run", "download", "--real", "--style", "async", "--url", &good, "--out", out,
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(files_in(dir.path()), ["the-tyger.txt"]);
    std::fs::remove_file(dir.path().join("the-tyger.txt")).unwrap();

    let gone = server.url_for("http://example.com/gone");
    let failed = threeways(&["run", "download", "--real", "--url", &gone, "--out", out]);
    assert_one_line(&failed, 1, &["404", "/gone", "2 more of 3 runs"]);
    assert_eq!(files_in(dir.path()), Vec::<String>::new());

    let tls = threeways(&[
        "run",
        "download",
        "--real",
        "--style",
        "blocking",
        "--url",
        "https://example.com/",
    ]);
    assert_one_line(&tls, 1, &["https://example.com/", "TLS"]);
    let ftp = threeways(&[
        "run",
        "download",
        "--real",
        "--style",
        "callbacks",
        "--url",
        "ftp://example.com/x",
    ]);
    assert_one_line(&ftp, 1, &["ftp://example.com/x", "only http://"]);
}

#[test]
fn every_fault_through_the_cli_is_one_line_a_failure_and_no_file() {
    let mut scenario = faulty_download(Fault::Refused);
    scenario.pages = FAULTS
        .iter()
        .enumerate()
        .map(|(i, fault)| {
            threeways_model::Page::new(format!("http://example.com/fault-{i}"), "x".repeat(200), 10)
                .failing(*fault)
        })
        .collect();
    // The server sends one byte over this limit, and holds a silent
    // connection longer than this idle timeout.
    scenario.body_limit = 1000;
    scenario.timeouts = Timeouts {
        idle: Duration::from_millis(300),
        ..Timeouts::DEFAULT
    };
    let server = Server::start(&scenario).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for (i, fault) in FAULTS.iter().enumerate() {
        let url = server.url_for(&format!("http://example.com/fault-{i}"));
        let mut args = vec![
            "run",
            "download",
            "--real",
            "--url",
            &url,
            "--out",
            out,
            "--max-body",
            "1000",
            "--idle-timeout",
            "300ms",
        ];
        if *fault == Fault::Silent {
            args.extend(["--style", "async"]);
            assert_one_line(
                &threeways(&args),
                1,
                &[
                    "error: download, async",
                    "sent nothing for 300 ms",
                    "--idle-timeout",
                ],
            );
        } else {
            assert_one_line(
                &threeways(&args),
                1,
                &["error: download", "2 more of 3 runs"],
            );
        }
        assert_eq!(files_in(dir.path()), Vec::<String>::new(), "{fault:?}");
    }
}

#[test]
fn real_runs_refuse_what_they_cannot_do_in_one_line() {
    assert_one_line(
        &threeways(&["run", "ticker", "--real"]),
        2,
        &["ticker", "download"],
    );
    assert_one_line(
        &threeways(&["run", "fan-out", "--real", "--url", "http://127.0.0.1:1/"]),
        2,
        &["--url", "download"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let unwritable = file.join("out");
    let out = threeways(&[
        "run",
        "download",
        "--real",
        "--out",
        unwritable.to_str().unwrap(),
    ]);
    assert_one_line(&out, 2, &["choose one you can write to"]);
    let out = threeways(&["run", "download", "--real", "--out", file.to_str().unwrap()]);
    assert_one_line(&out, 2, &["--out", "is a file, not a folder"]);
    // Bad limits are usage errors, naming the program as it was run.
    let program = env!("CARGO_BIN_EXE_threeways");
    for (option, value, says) in [
        ("--deadline", "5", "is not a time"),
        ("--idle-timeout", "0ms", "no time at all"),
        ("--max-body", "12XB", "is not a size"),
    ] {
        let out = threeways(&["run", "download", "--real", option, value]);
        assert_one_line(&out, 2, &[option, says, &format!("`{program} --help`")]);
    }
    assert_one_line(
        &threeways(&["run", "download", "--out", "x"]),
        2,
        &["--real"],
    );
}

/// Starts a real download of a page that takes seconds to come, with
/// `args` and `TMPDIR` set to `tmp`, waits until the folder `started`
/// holds something of its own, sends it `signal`, and returns what it said
/// and did.
fn stopped_by(signal: &str, args: &[&str], tmp: &Path, started: &Path) -> std::process::Output {
    let page = Page::new("http://example.com/slow.txt", bytes(100), 0).failing(Fault::DripBody {
        every: Duration::from_millis(50),
    });
    let server = Server::start(&slow_case(page)).unwrap();
    let url = server.url_for("http://example.com/slow.txt");
    let child = Command::new(env!("CARGO_BIN_EXE_threeways"))
        .args(["run", "download", "--real", "--url", &url])
        .args(args)
        .env("TMPDIR", tmp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Under way once its folder of partial files is there (and the signal
    // handler with it: it is set before anything is written). The bound
    // only keeps a broken build from hanging the test.
    let waiting = Instant::now();
    while std::fs::read_dir(started).map_or(0, Iterator::count) == 0 {
        assert!(
            waiting.elapsed() < Duration::from_secs(60),
            "the run starts"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait_with_output().unwrap()
}

/// Ctrl-C, SIGTERM and SIGHUP alike: one line, every partial file, the
/// temporary folder and the empty folders the run made removed, and the
/// exit code a shell gives a program that the signal ended.
#[test]
fn a_signal_in_a_real_run_leaves_nothing_and_exits_128_plus_its_number() {
    let cases = [
        ("INT", 130, "interrupted"),
        ("TERM", 143, "terminated"),
        ("HUP", 129, "hung up"),
    ];
    std::thread::scope(|scope| {
        for (signal, code, says) in cases {
            scope.spawn(move || {
                // Into a new `--out`, a subfolder per style.
                let dir = tempfile::tempdir().unwrap();
                let out = dir.path().join("new");
                let output = stopped_by(
                    signal,
                    &["--style", "all", "--out", out.to_str().unwrap()],
                    dir.path(),
                    &out.join("blocking"),
                );
                assert_one_line(&output, code, &[says, "removed"]);
                let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
                assert!(left.is_empty(), "{signal}: nothing is left: {left:?}");
                // Into a temporary folder.
                let tmp = tempfile::tempdir().unwrap();
                let output = stopped_by(signal, &[], tmp.path(), tmp.path());
                assert_one_line(&output, code, &[says, "removed"]);
                assert_eq!(files_in(tmp.path()), Vec::<String>::new(), "{signal}");
                let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
                assert!(left.is_empty(), "{signal}: nothing is left: {left:?}");
            });
        }
    });
}

/// A status line that is not HTTP reads, in the real client's parser, as
/// the simulated network reports `Fault::MalformedStatus`: the same error,
/// word for word. (The server's answer to that fault is the same bad line.)
#[test]
fn a_bad_status_line_reads_as_the_simulated_network_reports_it() {
    const URL: &str = "http://example.com/page";
    let page = Page::new(URL, "ok", 10).failing(Fault::MalformedStatus);
    let scenario = Scenario {
        pages: vec![page],
        ..Scenario::default()
    };
    let (simulated, _) = threeways_sim::SimNet::new(&scenario).fetch(URL);
    let mut reader = threeways_real::http::ResponseReader::new(URL, scenario.body_limit);
    let real = reader
        .feed(b"HTTP/1.1 two hundred OK\r\n\r\n", &mut Vec::new())
        .and_then(|_| reader.end_of_stream())
        .map(|()| Vec::new());
    assert_eq!(real, simulated);
}

/// `run download --style async --real --out OUT` with `executor`, and
/// `args` after: the file it saved, by name and bytes.
fn download_on(executor: &str, args: &[&str]) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let base = [
        "run",
        "download",
        "--style",
        "async",
        "--real",
        "--executor",
        executor,
        "--out",
        out,
    ];
    let ran = threeways(&[&base[..], args].concat());
    assert!(
        ran.status.success(),
        "{executor}: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    files_in(dir.path())
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.path().join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn our_executor_saves_the_file_tokio_saves_from_the_local_server() {
    let ours = download_on("ours", &[]);
    assert_eq!(ours, download_on("tokio", &[]));
    let page = &Scenario::for_chapter(ChapterId::Download).pages[0];
    assert_eq!(ours, [("the-tyger.txt".to_owned(), page.body.clone())]);
}

/// Against a server that is not ours: Python's `http.server`, serving a
/// file of 100 KB (several reads, several wakes). Without python3 the test
/// says it skipped, except under CI, which has it.
#[test]
fn our_executor_saves_the_file_tokio_saves_from_python_http_server() {
    let folder = tempfile::tempdir().unwrap();
    let poem: Vec<u8> = (0..100_000u32).map(|i| b"tyger "[i as usize % 6]).collect();
    std::fs::write(folder.path().join("poem.txt"), &poem).unwrap();
    let server = Command::new("python3")
        .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"])
        .current_dir(folder.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut server = match server {
        Ok(server) => server,
        Err(error) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipped: python3 cannot be started here ({error})");
            return;
        }
        Err(error) => panic!("python3 is on CI's machines: {error}"),
    };
    // "Serving HTTP on 127.0.0.1 port 43817 (http://127.0.0.1:43817/) ..."
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    let port = first
        .split_whitespace()
        .skip_while(|word| *word != "port")
        .nth(1)
        .unwrap_or_else(|| panic!("http.server said {first:?}"));
    let url = format!("http://127.0.0.1:{port}/poem.txt");
    let ours = download_on("ours", &["--url", &url]);
    let tokio = download_on("tokio", &["--url", &url]);
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(ours, tokio);
    assert_eq!(ours, [("poem.txt".to_owned(), poem)]);
}
