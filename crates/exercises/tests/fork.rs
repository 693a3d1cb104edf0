//! A student's fork, as its CI sees it: one exercise solved, one answered
//! wrong, every other as shipped. Its CI (`CI=true`, and no
//! `THREEWAYS_STUBS_AS_SHIPPED`, which only the project's own repository
//! sets) accepts every file as the answer it is, so the suite stays green;
//! where the project itself is tested the same files fail the "stubs as
//! shipped" check, as they should. Then `exercise grade`, over a folder
//! with that fork in it, names each exercise as it stands.
//!
//! The fork's code exercises are as shipped, so the check binaries cargo
//! built for the tests judge them: a build of a second checkout inside
//! `cargo test` would take minutes. The grading's own build is
//! `check::build_into`, the same call `exercise check` makes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use threeways_exercises::check::{Build, Status};
use threeways_exercises::grade::{self, Checkout};
use threeways_exercises::{EXERCISES, Exercise};
use threeways_test_support::{read, root};

/// The exercise the fork solved, and the one it answered wrong.
const SOLVED: &str = "predict-join-all";
const WRONG: &str = "predict-lazy-future";
/// The known-wrong answer the fork gave to [`WRONG`].
const WRONG_ANSWER: &str = "crates/exercises/wrong/predict-lazy-future/starts-when-called.txt";

/// The exercise files as shipped, by id: this checkout's, which the check
/// binaries were built from. `None`, after saying why, if one of them is
/// being edited here (the binaries then judge the edit, not the stub).
fn shipped() -> Option<BTreeMap<&'static str, String>> {
    let mut shipped = BTreeMap::new();
    for exercise in EXERCISES {
        let text = read(&root().join(exercise.file()));
        if !exercise.is_untouched(&text) {
            eprintln!(
                "skipped: {} is being edited here, and the check binaries were built from it",
                exercise.file()
            );
            return None;
        }
        shipped.insert(exercise.id, text);
    }
    Some(shipped)
}

/// A checkout at `root` holding `files` as its exercise files.
fn checkout_with(root: &Path, files: &BTreeMap<&'static str, String>) {
    for exercise in EXERCISES {
        let file = root.join(exercise.file());
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, &files[exercise.id]).unwrap();
    }
}

/// The fork's exercise files: the solution of [`SOLVED`], a known-wrong
/// answer to [`WRONG`], every other as shipped.
fn the_fork(shipped: &BTreeMap<&'static str, String>) -> BTreeMap<&'static str, String> {
    let mut files = shipped.clone();
    files.insert(SOLVED, Exercise::find(SOLVED).unwrap().solution.to_owned());
    files.insert(WRONG, read(&root().join(WRONG_ANSWER)));
    files
}

/// A clean checkout for grading whose code exercises are built already:
/// the binaries cargo built for the tests, good for as long as those files
/// are as shipped, which `build` makes sure of.
struct Prebuilt {
    root: PathBuf,
    shipped: BTreeMap<&'static str, String>,
}

impl Checkout for Prebuilt {
    fn root(&self) -> &Path {
        &self.root
    }

    fn shipped(&self) -> &BTreeMap<&'static str, String> {
        &self.shipped
    }

    fn build(&mut self) -> Build {
        for exercise in EXERCISES.iter().filter(|e| e.has_binary()) {
            assert_eq!(
                read(&self.root.join(exercise.file())),
                self.shipped[exercise.id],
                "the prebuilt binaries judge {} as shipped only",
                exercise.id
            );
        }
        common::prebuilt()
    }
}

/// The fork's CI stays green: the solved and the wrong answer are checked
/// as what they are; the maintainers' check would refuse them.
#[test]
fn a_fork_with_an_answer_keeps_its_suite_green() {
    let Some(shipped) = shipped() else { return };
    let fork = tempfile::tempdir().unwrap();
    checkout_with(fork.path(), &the_fork(&shipped));
    let build = common::prebuilt();

    let (checked, edited) = common::suite_says(fork.path(), &build, false)
        .unwrap_or_else(|failure| panic!("the fork's suite fails: {failure}"));
    assert_eq!(edited, [WRONG, SOLVED]);
    let status = |id: &str| &checked.iter().find(|c| c.exercise.id == id).unwrap().status;
    assert!(status(SOLVED).is_done(), "{:?}", status(SOLVED));
    assert!(
        matches!(
            status(WRONG),
            Status::Failing {
                untouched: false,
                ..
            }
        ),
        "{:?}",
        status(WRONG)
    );

    let refused = common::suite_says(fork.path(), &build, true).unwrap_err();
    assert!(
        refused.contains("is not the stub as shipped"),
        "where the project itself is tested, the fork's files are refused: {refused}"
    );
}

/// `exercise grade` over a folder holding the fork (a whole clone, with a
/// judge it edited and a file of its own) and a student who handed in
/// nothing: one table that names each exercise as it stands.
#[test]
fn the_grade_table_names_the_solved_and_the_unsolved() {
    let Some(shipped) = shipped() else { return };
    let work = tempfile::tempdir().unwrap();
    let submissions = work.path().join("submissions");
    let ada = submissions.join("ada");
    checkout_with(&ada, &the_fork(&shipped));
    // What the student edits besides the exercises does not count.
    let judge = ada.join("crates/exercises/src/judges/fan_out.rs");
    std::fs::create_dir_all(judge.parent().unwrap()).unwrap();
    std::fs::write(&judge, "everything passes").unwrap();
    std::fs::write(ada.join("crates/exercises/exercises/notes.md"), "mine").unwrap();
    std::fs::create_dir_all(submissions.join("grace/empty")).unwrap();

    let clean = work.path().join("checkout");
    checkout_with(&clean, &shipped);
    let mut checkout = Prebuilt {
        root: clean.clone(),
        shipped: shipped.clone(),
    };
    let found = grade::find_submissions(&submissions).unwrap();
    let mut told = Vec::new();
    let graded = grade::grade(&found, &mut checkout, &mut |student| {
        told.push(student.to_owned())
    });
    assert_eq!(told, ["ada", "grace"]);

    let csv = grade::to_csv(&graded);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "student,id,kind,chapter,status,passed,failure");
    assert_eq!(rows.len(), 1 + EXERCISES.len() + 1, "{csv}");
    let row = |id: &str| {
        rows.iter()
            .find(|row| row.starts_with(&format!("ada,{id},")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{csv}"))
            .to_string()
    };
    assert_eq!(
        row(SOLVED),
        format!("ada,{SOLVED},predict,fan-out,done,true,")
    );
    let wrong = row(WRONG);
    assert!(
        wrong.starts_with(&format!("ada,{WRONG},predict,first-await,failing,false,")),
        "{wrong}"
    );
    // The first failure's words: those the known-wrong answer expects.
    let expected = read(&root().join(WRONG_ANSWER));
    let words = expected
        .lines()
        .find_map(|line| line.strip_prefix("# Expect: "))
        .unwrap();
    assert!(wrong.contains(words.trim()), "{wrong} should say {words:?}");
    assert_eq!(
        row("download-async"),
        "ada,download-async,convert,download,not-started,false,"
    );
    assert!(
        row("bug-never-called")
            .starts_with("ada,bug-never-called,find-the-bug,download,not-started,false,"),
        "a bug as shipped is not started: {}",
        row("bug-never-called")
    );
    let done = rows.iter().filter(|row| row.contains(",true,")).count();
    assert_eq!(done, 1, "only the solved one passes:\n{csv}");
    assert!(
        rows.last()
            .unwrap()
            .starts_with("grace,,,,missing,false,\"no exercise file in"),
        "{csv}"
    );

    let json = grade::to_json_lines(&graded);
    let solved: serde_json::Value = json
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|value| value["student"] == "ada" && value["id"] == SOLVED)
        .unwrap();
    assert_eq!(solved["status"], "done");
    assert_eq!(solved["passed"], true);

    // The clean checkout is as shipped again, judges untouched.
    for exercise in EXERCISES {
        assert_eq!(read(&clean.join(exercise.file())), shipped[exercise.id]);
    }
    assert!(!clean.join("crates/exercises/src/judges").exists());
    assert!(!clean.join("crates/exercises/exercises/notes.md").exists());
}
