//! The "predict the output" exercises: every program's trace is the
//! snapshot the book's form reads; its solution is right; every known-wrong
//! answer is told the words that name its mistake; the file as shipped is
//! not started; and the answer files are what the program makes (a changed
//! program must bring its files along).

use std::path::{Path, PathBuf};
use threeways_exercises::predictions::{self, PROGRAMS};
use threeways_exercises::{EXERCISES, Exercise, Kind};
use threeways_present::prediction::{Answer, flat};
use threeways_present::timeline::render_svg;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

use threeways_test_support::{read, root};

fn predictions() -> impl Iterator<Item = &'static Exercise> {
    EXERCISES.iter().filter(|e| e.kind == Kind::Predict)
}

#[test]
fn every_program_matches_its_snapshots() {
    for program in PROGRAMS {
        let run = (program.run)();
        insta::with_settings!({
            snapshot_path => "../../../tests/snapshots/predictions",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(program.id, run.render_text());
        });
        insta::with_settings!({
            snapshot_path => "../../../tests/snapshots/timelines/predictions",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(program.id, render_svg(&run.trace));
        });
    }
}

/// Whether the tests run in CI, where every file must be as shipped and
/// nothing is written.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

#[test]
fn every_prediction_has_a_program_and_every_program_a_prediction() {
    let ids: Vec<&str> = predictions().map(|e| e.id).collect();
    let programs: Vec<&str> = PROGRAMS.iter().map(|p| p.id).collect();
    assert_eq!(ids, programs);
    for program in PROGRAMS {
        assert!(root().join(program.file).is_file(), "{}", program.file);
        // The book finds a program by its exercise's name.
        let name = program.id.strip_prefix("predict-").unwrap_or_default();
        let expected = format!(
            "crates/exercises/src/predictions/{}.rs",
            name.replace('-', "_")
        );
        assert_eq!(
            program.file, expected,
            "{}: the book looks for it there",
            program.id
        );
        if let Err(problem) = program.prediction() {
            panic!("{problem}");
        }
    }
}

/// Writes `want` to `path` (from the repository's root) if it holds
/// something else, outside CI, and says so; in CI only says so.
fn ensure_file_contents(path: &str, want: &str, problems: &mut Vec<String>) {
    let file = root().join(path);
    if std::fs::read_to_string(&file).is_ok_and(|text| text == want) {
        return;
    }
    if in_ci() {
        problems.push(format!(
            "{path} is not what its program makes; run `cargo test -p threeways-exercises --test \
             predictions` outside CI to write it, and review the change"
        ));
    } else {
        std::fs::write(&file, want).unwrap();
        problems.push(format!(
            "{path} was out of date and has been written: review it"
        ));
    }
}

/// The stub lists the program's lines (and the lines it never writes) in
/// alphabetical order, and the solution is the program's own output: both
/// are made from the program, not typed by hand. A stub a student has
/// edited is left alone.
#[test]
fn the_answer_files_are_what_the_program_makes() {
    let mut problems = Vec::new();
    for exercise in predictions() {
        let prediction = predictions::program(exercise.id)
            .unwrap()
            .prediction()
            .unwrap();
        let stub = prediction.stub(&predictions::stub_header(exercise));
        let on_disk = std::fs::read_to_string(root().join(exercise.file())).ok();
        let edited = on_disk
            .as_deref()
            .is_some_and(|text| text != stub && !exercise.is_untouched(text));
        if !edited {
            ensure_file_contents(&exercise.file(), &stub, &mut problems);
        }
        if !exercise.is_untouched(&stub) {
            problems.push(format!(
                "the fingerprint of {} in src/registry.rs is now {:#x}",
                exercise.file(),
                threeways_exercises::registry::fingerprint(&stub)
            ));
        }
        let solution = prediction.solution(&predictions::solution_header(exercise));
        ensure_file_contents(&exercise.solution_file(), &solution, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_solution_is_right() {
    for exercise in predictions() {
        let verdict = predictions::judge(exercise, exercise.solution);
        assert!(verdict.passes(), "{}: {verdict:#?}", exercise.id);
        assert!(
            verdict.passed[0].starts_with("Every line is in its place"),
            "{}: {verdict:#?}",
            exercise.id
        );
    }
}

/// The known-wrong answers of the prediction `id`: `wrong/<id>/*.txt`.
fn wrong_answers(id: &str) -> Vec<PathBuf> {
    let dir = crate_dir().join("wrong").join(id);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    found.sort();
    found
}

/// Every known-wrong prediction fails with the words on its `# Expect:`
/// lines, and every explanation a prediction foresees is given to one of
/// them: none is there for nothing.
#[test]
fn every_known_wrong_answer_fails_naming_its_mistake() {
    for exercise in predictions() {
        let prediction = predictions::program(exercise.id)
            .unwrap()
            .prediction()
            .unwrap();
        let mut said = String::new();
        for path in wrong_answers(exercise.id) {
            let shown = path
                .strip_prefix(crate_dir())
                .unwrap()
                .display()
                .to_string();
            assert!(
                path.extension().is_some_and(|e| e == "txt"),
                "{shown}: a wrong prediction is a .txt file"
            );
            let text = read(&path);
            let verdict = predictions::judge(exercise, &text);
            let message = verdict
                .message()
                .unwrap_or_else(|| panic!("{shown} is not rejected: {verdict:#?}"));
            let words: Vec<&str> = text
                .lines()
                .filter_map(|line| line.strip_prefix("# Expect: "))
                .collect();
            assert!(!words.is_empty(), "{shown} has no `# Expect:` line");
            for words in words {
                assert!(
                    message.contains(words),
                    "{shown}: the failure does not say {words:?}:\n{message}"
                );
            }
            said.push_str(message);
        }
        for (mistake, explanation) in &prediction.explanations.mistakes {
            assert!(
                said.contains(&flat(explanation)),
                "{}: no known-wrong answer is told the explanation of {mistake:?}",
                exercise.id
            );
        }
    }
}

/// A failed check teaches instead of telling: it never contains the line
/// the student should have written where theirs first differs, nor the
/// program's total when the total is what is wrong. Every prediction has
/// known-wrong answers, so this runs over each.
#[test]
fn a_failed_check_never_gives_the_right_line_or_total_away() {
    for exercise in predictions() {
        let prediction = predictions::program(exercise.id)
            .unwrap()
            .prediction()
            .unwrap();
        let wrong = wrong_answers(exercise.id);
        assert!(
            !wrong.is_empty(),
            "{} has no known-wrong answer",
            exercise.id
        );
        for path in wrong {
            let text = read(&path);
            let answer = Answer::parse(&text).unwrap();
            let message = predictions::judge(exercise, &text)
                .message()
                .unwrap_or_default()
                .to_owned();
            let differs = (0..prediction.written.len())
                .find(|&i| answer.lines.get(i) != Some(&prediction.written[i].text));
            let shown = path.display();
            match differs {
                Some(i) => {
                    let right = &prediction.written[i].text;
                    assert!(
                        !message.contains(right.as_str()),
                        "{shown}: the failure gives the right line {right:?} away:\n{message}"
                    );
                }
                None => {
                    let total = format!("{} ms", prediction.total.as_millis());
                    assert!(
                        !message.contains(&total),
                        "{shown}: the failure gives the total {total} away:\n{message}"
                    );
                }
            }
        }
    }
}

/// As shipped, a prediction is "not started"; a file a student is editing
/// is judged as the answer it is (and must be, in CI, as shipped).
#[test]
fn every_untouched_stub_is_not_started() {
    for exercise in predictions() {
        let text = read(&root().join(exercise.file()));
        if !exercise.is_untouched(&text) {
            assert!(!in_ci(), "{} is not as shipped", exercise.file());
            continue;
        }
        let verdict = predictions::judge(exercise, &text);
        assert!(verdict.not_started(), "{}: {verdict:#?}", exercise.id);
        let reordered = text.replacen("total: ? ms", "total: 1 ms", 1);
        assert!(
            !predictions::judge(exercise, &reordered).not_started(),
            "{}: a total written is a start",
            exercise.id
        );
    }
}

/// Judged the same way every time.
#[test]
fn every_prediction_judges_the_same_every_time() {
    for exercise in predictions() {
        let first = predictions::judge(exercise, exercise.solution);
        assert_eq!(predictions::judge(exercise, exercise.solution), first);
    }
}
