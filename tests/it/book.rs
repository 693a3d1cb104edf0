//! The book: it builds, every output it shows is the snapshot it came from,
//! and a missing anchor, include or snapshot fails the build by name.

use std::path::{Path, PathBuf};
use threeways::repo_root;
use threeways_core::{CHAPTERS, Style};

fn build(root: &Path) -> (tempfile::TempDir, Result<(), String>) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let result = threeways_book::build(root, &dest).map_err(|e| e.to_string());
    (out, result)
}

/// The text of every `<code>` block that follows `data-snapshot="NAME"`,
/// with HTML entities decoded, as `(NAME, text)`.
fn shown_outputs(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for piece in html.split("data-snapshot=\"").skip(1) {
        let (name, rest) = piece.split_once('"').unwrap();
        let code = rest.split_once("<code").unwrap().1;
        let code = code.split_once('>').unwrap().1;
        let code = code.split_once("</code>").unwrap().0;
        let text = code
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        found.push((name.to_owned(), text));
    }
    found
}

/// mdBook re-serialises inline HTML: it writes attribute names in lower case
/// (`viewBox` becomes `viewbox`, which browsers read as the same), and it
/// writes a character reference such as `&#10;` as the character itself.
fn as_mdbook_writes_it(html: &str) -> String {
    html.to_lowercase().replace("&#10;", "\n")
}

fn snapshot_svg(name: &str) -> String {
    let file = repo_root().join(format!("tests/snapshots/timelines/{name}.snap"));
    let text = std::fs::read_to_string(&file).unwrap();
    threeways_book::snapshot::body(&text).unwrap().to_owned()
}

fn snapshot(name: &str) -> String {
    let file = repo_root().join(format!("tests/snapshots/{name}.snap"));
    let text = std::fs::read_to_string(&file).unwrap();
    threeways_book::snapshot::body(&text).unwrap().to_owned()
}

#[test]
fn every_chapter_page_shows_its_code_and_exactly_its_snapshots() {
    let (out, result) = build(repo_root());
    result.unwrap();
    let book = out.path().join("book");
    for chapter in CHAPTERS {
        let html = std::fs::read_to_string(book.join(format!("{}.html", chapter.slug))).unwrap();
        for style in chapter.id.styles() {
            assert!(
                html.contains(&format!("data-style=\"{style}\"")),
                "{}: no {style} code",
                chapter.slug
            );
        }
        for program in chapter.id.programs() {
            let name = program.snapshot_name();
            assert!(
                html.contains(&format!("data-snapshot=\"{name}\"")),
                "{name}: no output"
            );
            let timeline = format!("data-timeline=\"{name}\">\n");
            let (_, svg) = html
                .split_once(&timeline)
                .unwrap_or_else(|| panic!("{name}: no timeline"));
            assert!(
                as_mdbook_writes_it(svg).starts_with(&as_mdbook_writes_it(&snapshot_svg(&name))),
                "{name}: timeline differs from its snapshot"
            );
        }
    }
    let mut checked = 0;
    for page in std::fs::read_dir(&book).unwrap() {
        let path = page.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            for (name, shown) in shown_outputs(&html) {
                assert_eq!(
                    shown.trim_end(),
                    snapshot(&name),
                    "{name} in {}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= CHAPTERS.len() * 3,
        "only {checked} outputs found"
    );
}

/// A copy of what the book is built from, to break on purpose.
fn copy_of_sources() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = vec!["book".into(), "tests/snapshots".into()];
    dirs.extend(Style::ALL.map(|s| PathBuf::from(format!("crates/{s}/src"))));
    // The chapter pages include the exercises: stubs, hints, the blocking
    // programs to convert, and known-wrong answers the teacher's guide shows.
    dirs.extend(
        ["exercises", "hints", "src", "wrong"]
            .map(|d| PathBuf::from(format!("crates/exercises/{d}"))),
    );
    for dir in dirs {
        copy_dir(&repo_root().join(&dir), &copy.path().join(&dir));
    }
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(text.clone());
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    std::fs::write(path, changed).unwrap();
}

fn assert_fails_naming(root: &Path, names: &[&str]) {
    let (out, result) = build(root);
    let message = result.expect_err("the build should fail");
    for name in names {
        assert!(message.contains(name), "{message:?} does not name {name:?}");
    }
    assert!(
        !out.path().join("book").exists(),
        "a failed build left a book behind"
    );
}

const CODE: &str = "crates/callbacks/src/chapters/download.rs";

#[test]
fn a_removed_anchor_line_fails_the_build_by_name() {
    let root = copy_of_sources();
    edit(root.path(), CODE, |s| {
        s.replace("// ANCHOR: download\n", "")
    });
    assert_fails_naming(root.path(), &["book/src/download.md", CODE, "`download`"]);

    let root = copy_of_sources();
    edit(root.path(), CODE, |s| {
        s.replace("// ANCHOR_END: download\n", "")
    });
    assert_fails_naming(root.path(), &[CODE, "ANCHOR_END: download"]);
}

#[test]
fn a_missing_snapshot_or_picture_fails_the_build_by_name() {
    let root = copy_of_sources();
    std::fs::remove_file(root.path().join("tests/snapshots/download__async.snap")).unwrap();
    assert_fails_naming(root.path(), &["tests/snapshots/download__async.snap"]);

    let root = copy_of_sources();
    let picture = "tests/snapshots/timelines/fan-out__blocking__pool.snap";
    std::fs::remove_file(root.path().join(picture)).unwrap();
    assert_fails_naming(root.path(), &[picture]);

    let root = copy_of_sources();
    edit(root.path(), "book/src/fan-out.md", |s| {
        s + "\n{{#timeline fan-out blocking nosuch}}\n"
    });
    assert_fails_naming(
        root.path(),
        &["book/src/fan-out.md", "nosuch", "thread-per-request"],
    );
}

#[test]
fn a_broken_include_inside_an_included_page_fails_the_build_by_name() {
    let root = copy_of_sources();
    edit(root.path(), "book/src/exercises/download.md", |s| {
        s + "\n{{#source ../../../crates/exercises/src/blocking.rs:nosuch}}\n"
    });
    assert_fails_naming(
        root.path(),
        &[
            "book/src/download.md",
            "book/src/exercises/download.md",
            "`nosuch`",
        ],
    );
}

#[test]
fn a_broken_include_fails_the_build_by_name() {
    let root = copy_of_sources();
    edit(root.path(), "book/src/download.md", |s| {
        s + "\n{{#include ../../crates/async/src/chapters/download.rs:nosuch}}\n"
    });
    assert_fails_naming(
        root.path(),
        &["crates/async/src/chapters/download.rs", "`nosuch`"],
    );

    let root = copy_of_sources();
    edit(root.path(), "book/src/download.md", |s| {
        s + "\n{{#include ../nosuch.rs}}\n"
    });
    assert_fails_naming(root.path(), &["nosuch.rs"]);

    let root = copy_of_sources();
    edit(root.path(), "book/src/download.md", |s| {
        s + "\n{{#inclde typo.rs}}\n"
    });
    assert_fails_naming(root.path(), &["{{#inclde typo.rs}}"]);
}
