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
use std::time::Duration;
use threeways::{RealSetup, run_in};
use threeways_core::server::Server;
use threeways_core::world::Mode;
use threeways_core::{CHAPTERS, ChapterId, Error, Fault, Outcome, Program, Scenario, Style};

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
        .collect();
    // Side by side: they spend their time waiting, so this takes about as
    // long as the slowest program, not the sum of them all.
    let results: Vec<(Program, Outcome, Outcome)> = std::thread::scope(|scope| {
        let running: Vec<_> = programs
            .iter()
            .map(|program| {
                scope.spawn(move || {
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
    scenario.timeout = Duration::from_millis(300);
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
        (Fault::Silent, Error::TimedOut { url: u, after }) => {
            u == url && *after == Duration::from_millis(300)
        }
        (Fault::ResetMidBody, Error::Reset { url: u }) => u == url,
        (Fault::MalformedStatus, Error::Malformed { url: u, .. }) => u == url,
        (Fault::Oversized, Error::TooLarge { url: u, limit }) => u == url && *limit == 1000,
        (Fault::Status(code), Error::Status { url: u, code: c }) => u == url && code == *c,
        _ => false,
    }
}

/// Every entry in `dir`, temporary files included.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
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
fn assert_one_line(output: &std::process::Output, code: i32, names: &[&str]) {
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
        threeways_core::Page::new("http://example.com/gone", "", 10).failing(Fault::Status(404)),
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
            threeways_core::Page::new(format!("http://example.com/fault-{i}"), "x".repeat(200), 10)
                .failing(*fault)
        })
        .collect();
    // The CLI uses the default limit and timeout, so the server must exceed
    // that limit, and hold a silent connection longer than that timeout.
    scenario.body_limit = Scenario::default().body_limit;
    scenario.timeout = Scenario::default().timeout;
    let server = Server::start(&scenario).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for (i, fault) in FAULTS.iter().enumerate() {
        let url = server.url_for(&format!("http://example.com/fault-{i}"));
        let mut args = vec!["run", "download", "--real", "--url", &url, "--out", out];
        if *fault == Fault::Silent {
            // The CLI waits its default timeout (2 s) for a silent server:
            // one style is enough to see that.
            args.extend(["--style", "async"]);
            assert_one_line(
                &threeways(&args),
                1,
                &["error: download, async", "did not answer"],
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
    assert_one_line(
        &threeways(&["run", "download", "--out", "x"]),
        2,
        &["--real"],
    );
}
