//! The check binaries, end to end: each one runs its exercise's file and
//! prints a verdict that `exercise check` reads, and `exercise check`'s
//! logic, given those binaries, reports the exercises as shipped as 0 of N
//! done, naming the first one and the file to edit. A file a student has
//! edited is checked as an answer instead, never skipped; in CI every file
//! must be as shipped.
//!
//! Cargo builds the binaries for this test, and each runs in milliseconds.
//! The one step of `exercise check` not run here is its `cargo build`
//! (`check::build`): a cargo inside `cargo test` would build everything
//! again, for minutes. Its output is read by `check::parse_cargo_messages`,
//! which the unit tests of `src/check.rs` hold to cargo's format.

use std::path::PathBuf;
use threeways_exercises::check::{self, Build, Checked, Status};
use threeways_exercises::{EXERCISES, Exercise, Kind};

/// Every check binary, by exercise id.
const BINARIES: &[(&str, &str)] = &[
    (
        "download-callbacks",
        env!("CARGO_BIN_EXE_download-callbacks"),
    ),
    ("download-async", env!("CARGO_BIN_EXE_download-async")),
    ("bug-never-called", env!("CARGO_BIN_EXE_bug-never-called")),
    ("first-await-spawn", env!("CARGO_BIN_EXE_first-await-spawn")),
    ("bug-never-awaited", env!("CARGO_BIN_EXE_bug-never-awaited")),
    ("fan-out-callbacks", env!("CARGO_BIN_EXE_fan-out-callbacks")),
    ("fan-out-async", env!("CARGO_BIN_EXE_fan-out-async")),
    (
        "bug-sequential-awaits",
        env!("CARGO_BIN_EXE_bug-sequential-awaits"),
    ),
    ("ticker-callbacks", env!("CARGO_BIN_EXE_ticker-callbacks")),
    ("ticker-stream", env!("CARGO_BIN_EXE_ticker-stream")),
    (
        "bug-endless-stream",
        env!("CARGO_BIN_EXE_bug-endless-stream"),
    ),
    ("timer-future", env!("CARGO_BIN_EXE_timer-future")),
    ("executor-wake", env!("CARGO_BIN_EXE_executor-wake")),
    ("state-machine", env!("CARGO_BIN_EXE_state-machine")),
    ("odd-ticks-stream", env!("CARGO_BIN_EXE_odd-ticks-stream")),
    ("bug-await-in-loop", env!("CARGO_BIN_EXE_bug-await-in-loop")),
    ("bug-lost-order", env!("CARGO_BIN_EXE_bug-lost-order")),
    (
        "bug-timeout-leaves-file",
        env!("CARGO_BIN_EXE_bug-timeout-leaves-file"),
    ),
    (
        "bug-select-loses-data",
        env!("CARGO_BIN_EXE_bug-select-loses-data"),
    ),
    ("bug-thread-sleep", env!("CARGO_BIN_EXE_bug-thread-sleep")),
    ("shared-state-send", env!("CARGO_BIN_EXE_shared-state-send")),
    ("backpressure", env!("CARGO_BIN_EXE_backpressure")),
    ("bug-hang", env!("CARGO_BIN_EXE_bug-hang")),
    ("port-pool", env!("CARGO_BIN_EXE_port-pool")),
];

use threeways_test_support::root;

fn untouched(exercise: &Exercise) -> bool {
    let text = std::fs::read_to_string(root().join(exercise.file())).unwrap();
    exercise.is_untouched(&text)
}

/// Every exercise whose answer is code has its binary; a prediction has
/// none (`exercise check` judges it in its own process).
#[test]
fn there_is_a_check_binary_for_every_exercise() {
    let mut ids: Vec<&str> = BINARIES.iter().map(|(id, _)| *id).collect();
    let mut registered: Vec<&str> = EXERCISES
        .iter()
        .filter(|e| e.has_binary())
        .map(|e| e.id)
        .collect();
    ids.sort_unstable();
    registered.sort_unstable();
    assert_eq!(ids, registered);
}

/// Whether the tests run in CI, where every exercise must be as shipped.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Every check binary runs and prints a verdict. As shipped, the exercises
/// are 0 of N done: a conversion is "not started", a find-the-bug exercise
/// shows its bug. A file a student is editing is checked as the answer it
/// is (its binary must still come back with a verdict), and said so; in CI,
/// where nobody is editing, every file must be as shipped.
#[test]
fn the_exercises_as_shipped_are_0_of_n_done() {
    let build = Build {
        executables: BINARIES
            .iter()
            .map(|(id, exe)| ((*id).to_owned(), PathBuf::from(exe)))
            .collect(),
        ..Build::default()
    };
    let checked: Vec<Checked> = EXERCISES
        .iter()
        .map(|exercise| check::check(&root(), &build, exercise))
        .collect();
    let mut edited = Vec::new();
    for one in &checked {
        let exercise = one.exercise;
        if !untouched(exercise) {
            let text = std::fs::read_to_string(root().join(exercise.file())).unwrap();
            assert!(
                !in_ci(),
                "{} is not the stub as shipped. If you changed the stub on purpose, its \
                 fingerprint in crates/exercises/src/registry.rs is now {:#x}.",
                exercise.file(),
                threeways_exercises::registry::fingerprint(&text)
            );
            // A student's answer, passing or not; an answer that runs for
            // ever is stopped and said so. Anything else is the checker's
            // fault.
            let answered = match &one.status {
                Status::Done(_) | Status::NotStarted | Status::Failing { .. } => true,
                Status::Broken(why) => why.starts_with("your answer was still running"),
                Status::DoesNotCompile { .. } => false,
            };
            assert!(answered, "{}: {:?}", exercise.id, one.status);
            edited.push(exercise.id);
            continue;
        }
        match exercise.kind {
            Kind::Convert | Kind::Finish | Kind::Predict => {
                assert_eq!(one.status, Status::NotStarted, "{}", exercise.id)
            }
            Kind::FindTheBug => assert!(
                matches!(
                    one.status,
                    Status::Failing {
                        untouched: true,
                        ..
                    }
                ),
                "{}: {:?}",
                exercise.id,
                one.status
            ),
        }
        assert!(one.printed.is_empty(), "{}: {:?}", exercise.id, one.printed);
        let line = check::summary_line(one);
        assert!(line.contains("not started"), "{line}");
    }
    let done = checked.iter().filter(|one| one.status.is_done()).count();
    let progress = check::progress(&checked);
    assert!(
        progress.starts_with(&format!("{done}/{} done", EXERCISES.len())),
        "{progress}"
    );
    if edited.is_empty() {
        let first = &EXERCISES[0];
        assert_eq!(
            progress,
            format!(
                "0/{} done, next: {}\n  Edit {}, then run `{}`.\n",
                EXERCISES.len(),
                first.id,
                first.file(),
                first.check_command()
            )
        );
    } else {
        eprintln!(
            "checked as answers, since they are being edited: {}",
            edited.join(", ")
        );
    }
}
