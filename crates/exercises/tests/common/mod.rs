//! What the tests of the check binaries share: the binaries cargo built
//! for them, and what the test suite accepts of the exercise files in a
//! checkout (`bins.rs` on this checkout, `fork.rs` on a student's fork).

#![allow(dead_code)] // each test file uses some of it

use std::path::{Path, PathBuf};
use threeways_exercises::check::{self, Build, Checked, Status};
use threeways_exercises::{EXERCISES, Kind};

/// Every check binary, by exercise id.
pub const BINARIES: &[(&str, &str)] = &[
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

/// The check binaries, as `exercise check` would have built them.
pub fn prebuilt() -> Build {
    Build {
        executables: BINARIES
            .iter()
            .map(|(id, exe)| ((*id).to_owned(), PathBuf::from(exe)))
            .collect(),
        ..Build::default()
    }
}

/// What the test suite says about the exercise files of the checkout at
/// `root`, checked with `build`: as shipped, each is 0 of N done (a
/// conversion or a prediction "not started", a find-the-bug exercise
/// showing its bug); a file a student has edited is checked as the answer
/// it is, passing or not, unless `stubs_as_shipped` (the maintainers'
/// check), where it is a failure. `Ok` with every exercise checked and the
/// ids of the edited files; `Err` with what fails.
pub fn suite_says(
    root: &Path,
    build: &Build,
    stubs_as_shipped: bool,
) -> Result<(Vec<Checked>, Vec<&'static str>), String> {
    let checked: Vec<Checked> = EXERCISES
        .iter()
        .map(|exercise| check::check(root, build, exercise))
        .collect();
    let mut edited = Vec::new();
    for one in &checked {
        let exercise = one.exercise;
        let text = std::fs::read_to_string(root.join(exercise.file()))
            .map_err(|e| format!("{}: {e}", exercise.file()))?;
        if !exercise.is_untouched(&text) {
            if stubs_as_shipped {
                return Err(format!(
                    "{} is not the stub as shipped. If you changed the stub on purpose, its \
                     fingerprint in crates/exercises/src/registry.rs is now {:#x}.",
                    exercise.file(),
                    threeways_exercises::registry::fingerprint(&text)
                ));
            }
            // A student's answer, passing or not; an answer that runs for
            // ever is stopped and said so. Anything else is the checker's
            // fault.
            let answered = match &one.status {
                Status::Done(_) | Status::NotStarted | Status::Failing { .. } => true,
                Status::Broken(why) => why.starts_with("your answer was still running"),
                Status::DoesNotCompile { .. } => false,
            };
            if !answered {
                return Err(format!("{}: {:?}", exercise.id, one.status));
            }
            edited.push(exercise.id);
            continue;
        }
        let as_shipped = match exercise.kind {
            Kind::Convert | Kind::Finish | Kind::Predict => one.status == Status::NotStarted,
            Kind::FindTheBug => matches!(
                one.status,
                Status::Failing {
                    untouched: true,
                    ..
                }
            ),
        };
        if !as_shipped || !one.printed.is_empty() {
            return Err(format!(
                "{} as shipped: {:?}, printed {:?}",
                exercise.id, one.status, one.printed
            ));
        }
        let line = check::summary_line(one);
        if !line.contains("not started") {
            return Err(line);
        }
    }
    Ok((checked, edited))
}
