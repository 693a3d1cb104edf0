//! The check binaries, end to end: each one runs its exercise's file and
//! prints a verdict that `exercise check` reads, and `exercise check`'s
//! logic, given those binaries, reports the exercises as shipped as 0 of N
//! done, naming the first one and the file to edit. A file a student has
//! edited is checked as an answer instead, never skipped; where the project
//! itself is tested (`THREEWAYS_STUBS_AS_SHIPPED=true`) every file must be
//! as shipped.
//!
//! Cargo builds the binaries for this test, and each runs in milliseconds.
//! The one step of `exercise check` not run here is its `cargo build`
//! (`check::build`): a cargo inside `cargo test` would build everything
//! again, for minutes. Its output is read by `check::parse_cargo_messages`,
//! which the unit tests of `src/check.rs` hold to cargo's format.

mod common;

use threeways_exercises::EXERCISES;
use threeways_exercises::check;
use threeways_exercises::registry::stubs_as_shipped;
use threeways_test_support::root;

/// Every exercise whose answer is code has its binary; a prediction has
/// none (`exercise check` judges it in its own process).
#[test]
fn there_is_a_check_binary_for_every_exercise() {
    let mut ids: Vec<&str> = common::BINARIES.iter().map(|(id, _)| *id).collect();
    let mut registered: Vec<&str> = EXERCISES
        .iter()
        .filter(|e| e.has_binary())
        .map(|e| e.id)
        .collect();
    ids.sort_unstable();
    registered.sort_unstable();
    assert_eq!(ids, registered);
}

/// Every check binary runs and prints a verdict. As shipped, the exercises
/// are 0 of N done: a conversion is "not started", a find-the-bug exercise
/// shows its bug. A file a student is editing is checked as the answer it
/// is (its binary must still come back with a verdict), and said so; where
/// the project itself is tested (`THREEWAYS_STUBS_AS_SHIPPED=true`), every
/// file must be as shipped. `fork.rs` holds a student's fork to the same.
#[test]
fn the_exercises_as_shipped_are_0_of_n_done() {
    let (checked, edited) =
        match common::suite_says(&root(), &common::prebuilt(), stubs_as_shipped()) {
            Ok(said) => said,
            Err(failure) => panic!("{failure}"),
        };
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
