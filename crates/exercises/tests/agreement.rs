//! The registry, the files on disk, the check binaries and the book agree:
//! every exercise has a stub, a solution, a hint, known-wrong answers and a
//! binary; no file belongs to no exercise; every exercise is on its
//! chapter's page with its check command; every include of those pages
//! resolves; the teacher's guide names every exercise and every known
//! mistake with the words the checker says.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use threeways_book::anchor;
use threeways_exercises::{EXERCISES, Exercise, Kind};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

use threeways_test_support::{read, root};

/// The names of the files in `dir` (of this crate) that end in `.ext`,
/// without the extension.
fn stems(dir: &str, ext: &str) -> BTreeSet<String> {
    std::fs::read_dir(crate_dir().join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn ids() -> BTreeSet<String> {
    EXERCISES.iter().map(|e| e.id.to_owned()).collect()
}

/// The ids of the exercises whose files end in `.ext`: `rs` for those
/// whose answer is code, `txt` for predictions.
fn ids_with(ext: &str) -> BTreeSet<String> {
    EXERCISES
        .iter()
        .filter(|e| e.kind.extension() == ext)
        .map(|e| e.id.to_owned())
        .collect()
}

/// How a comment line begins in an exercise's files: `//! ` in Rust, `# `
/// in a prediction's text file.
fn comment(exercise: &Exercise) -> &'static str {
    match exercise.kind {
        Kind::Predict => "# ",
        _ => "//! ",
    }
}

/// The known-wrong answers of `exercise`, as paths from this crate.
fn wrong_answers(exercise: &Exercise) -> Vec<String> {
    let dir = crate_dir().join("wrong").join(exercise.id);
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .map(|name| format!("wrong/{}/{name}", exercise.id))
        .collect();
    found.sort();
    found
}

#[test]
fn every_folder_holds_exactly_one_file_per_exercise() {
    for dir in ["exercises", "solutions"] {
        for ext in ["rs", "txt"] {
            assert_eq!(
                stems(dir, ext),
                ids_with(ext),
                "crates/exercises/{dir}/*.{ext}"
            );
        }
    }
    assert_eq!(stems("hints", "md"), ids(), "crates/exercises/hints");
    assert_eq!(
        stems("src/bin", "rs"),
        ids_with("rs"),
        "crates/exercises/src/bin"
    );
    assert_eq!(
        stems("explanations", "md"),
        ids_with("txt"),
        "crates/exercises/explanations"
    );
    let wrong: BTreeSet<String> = std::fs::read_dir(crate_dir().join("wrong"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(wrong, ids(), "crates/exercises/wrong");
}

#[test]
fn every_file_says_what_it_is() {
    for exercise in EXERCISES {
        let id = exercise.id;
        // A student's answer may say what it likes; the stub as shipped
        // states its task and how to check it.
        let comment = comment(exercise);
        let stub = read(&root().join(exercise.file()));
        if exercise.is_untouched(&stub) {
            assert!(
                stub.starts_with(&format!("{comment}Exercise `{id}`: ")),
                "{} must begin by naming its exercise",
                exercise.file()
            );
            let how = format!("{comment}Check your answer: `{}`", exercise.check_command());
            assert!(
                stub.contains(&how),
                "{} must say how to check it",
                exercise.file()
            );
        }
        assert!(
            exercise
                .solution
                .starts_with(&format!("{comment}A solution to `{id}`")),
            "{}",
            exercise.solution_file()
        );
        assert!(!exercise.hint.trim().is_empty(), "{id} has no hint");
        if exercise.has_binary() {
            let bin = read(&crate_dir().join(format!("src/bin/{id}.rs")));
            assert!(
                bin.contains(&format!("#[path = \"../../exercises/{id}.rs\"]")),
                "src/bin/{id}.rs does not include exercises/{id}.rs"
            );
        }
        for wrong in wrong_answers(exercise) {
            let text = read(&crate_dir().join(&wrong));
            assert!(
                wrong.ends_with(&format!(".{}", exercise.kind.extension())),
                "{wrong}: a wrong answer to {id} is a .{} file",
                exercise.kind.extension()
            );
            assert!(
                text.starts_with(&format!("{comment}Wrong answer to `{id}`: ")),
                "{wrong} must begin by saying which exercise it answers, and how"
            );
            assert!(
                text.contains(&format!("\n{comment}Expect: ")),
                "{wrong} has no Expect line"
            );
        }
    }
}

/// Every include and source of the exercise pages and the teacher's guide,
/// read as the book's preprocessor reads it: the path relative to the page,
/// then an anchor if any. (The book build checks them too; this says which
/// exercise file is at fault, without building the book.)
#[test]
fn every_include_of_the_exercise_pages_resolves() {
    let book = root().join("book/src");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(book.join("exercises"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    pages.push(book.join("teachers-guide.md"));
    for page in pages {
        let text = read(&page);
        let includes = text.split("{{#include ").skip(1);
        let sources = text.split("{{#source ").skip(1);
        for include in includes.chain(sources) {
            let target = include.split("}}").next().unwrap().trim();
            let (file, anchor) = match target.split_once(':') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target, None),
            };
            let path = page.parent().unwrap().join(file);
            let source = read(&path);
            if let Some(anchor) = anchor {
                anchor::extract(&source, anchor).unwrap_or_else(|problem| {
                    panic!(
                        "{}: anchor `{anchor}` of {file}: {problem:?}",
                        page.display()
                    )
                });
            }
        }
    }
}

#[test]
fn every_exercise_is_on_its_chapters_page() {
    let pages = root().join("book/src/exercises");
    let chapters: BTreeSet<&str> = EXERCISES.iter().map(|e| e.chapter.slug()).collect();
    let on_disk: BTreeSet<String> = stems("../../book/src/exercises", "md")
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = chapters.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        on_disk, expected,
        "book/src/exercises/ has a page per chapter"
    );
    for exercise in EXERCISES {
        let page = pages.join(format!("{}.md", exercise.chapter.slug()));
        let text = read(&page);
        let id = exercise.id;
        // A prediction's page shows its program, and a form to answer in.
        let shown = match exercise.kind {
            Kind::Predict => format!("{{{{#predict {id}}}}}"),
            _ => format!("{{{{#source ../../../crates/exercises/exercises/{id}.rs}}}}"),
        };
        for needed in [
            shown,
            format!("{{{{#include ../../../crates/exercises/hints/{id}.md}}}}"),
            exercise.check_command(),
        ] {
            assert!(text.contains(&needed), "{} lacks {needed}", page.display());
        }
    }
    // Each chapter's page ends with its exercises.
    for chapter in chapters {
        let line = format!("{{{{#include exercises/{chapter}.md}}}}");
        let page = root().join(format!("book/src/{chapter}.md"));
        assert!(
            read(&page).contains(&line),
            "{} lacks {line}",
            page.display()
        );
    }
}

/// Every anchor of `src/blocking.rs` is a program some exercise converts,
/// and is shown on an exercise page.
#[test]
fn every_blocking_program_anchored_is_shown() {
    let source = read(&crate_dir().join("src/blocking.rs"));
    let pages: String = std::fs::read_dir(root().join("book/src/exercises"))
        .unwrap()
        .map(|entry| read(&entry.unwrap().path()))
        .collect();
    for name in anchor::names(&source) {
        let include = format!("{{{{#source ../../../crates/exercises/src/blocking.rs:{name}}}}}");
        assert!(
            pages.contains(&include),
            "anchor `{name}` is shown on no exercise page"
        );
    }
}

#[test]
fn the_teachers_guide_names_every_exercise_and_every_known_mistake() {
    let guide = read(&root().join("book/src/teachers-guide.md"));
    for exercise in EXERCISES {
        assert!(
            guide.contains(&format!("`{}`", exercise.id)),
            "the guide never names {}",
            exercise.id
        );
        for wrong in wrong_answers(exercise) {
            let row = guide
                .lines()
                .find(|line| line.contains(&format!("`{wrong}`")))
                .unwrap_or_else(|| panic!("the guide's table of mistakes lacks {wrong}"));
            let text = read(&crate_dir().join(&wrong));
            let expect = format!("{}Expect: ", comment(exercise));
            for words in text.lines().filter_map(|l| l.strip_prefix(&expect)) {
                assert!(
                    row.contains(words),
                    "the guide's row for {wrong} does not quote what the checker says: {words:?}"
                );
            }
        }
    }
}

/// Cargo builds what the manifest declares: every check binary is there,
/// without a test harness of its own.
#[test]
fn the_manifest_declares_every_check_binary() {
    let manifest = read(&crate_dir().join("Cargo.toml"));
    let coded: Vec<&Exercise> = EXERCISES.iter().filter(|e| e.has_binary()).collect();
    for exercise in &coded {
        let entry = format!("[[bin]]\nname = \"{}\"\ntest = false\n", exercise.id);
        assert!(manifest.contains(&entry), "Cargo.toml lacks:\n{entry}");
    }
    assert_eq!(manifest.matches("[[bin]]").count(), coded.len());
}
