//! Conventions every file keeps, checked so they stay kept.

use std::path::{Path, PathBuf};
use threeways::repo_root;
use threeways_book::anchor;
use threeways_core::{CHAPTERS, Style};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_module_says_what_it_is() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates"] {
        rust_files(&repo_root().join(dir), &mut files);
    }
    for file in files {
        assert!(
            read(&file).starts_with("//!"),
            "{} does not begin with a `//!` comment saying what it is",
            file.display()
        );
    }
}

#[test]
fn every_crate_forbids_unsafe_code() {
    let mut roots = vec![
        repo_root().join("src/lib.rs"),
        repo_root().join("src/main.rs"),
    ];
    for krate in [
        "core",
        "blocking",
        "callbacks",
        "async",
        "book",
        "bench",
        "exercises",
    ] {
        roots.push(repo_root().join(format!("crates/{krate}/src/lib.rs")));
    }
    for root in roots {
        assert!(
            read(&root).contains("#![forbid(unsafe_code)]"),
            "{}",
            root.display()
        );
    }
}

fn chapter_file(style: Style, module: &str) -> PathBuf {
    repo_root().join(format!("crates/{style}/src/chapters/{module}.rs"))
}

/// Every anchor in a chapter's code is shown on the chapter's page, with
/// `{{#code CHAPTER ANCHOR}}` (all three styles) or `{{#code CHAPTER STYLE
/// ANCHOR}}` (one), and is properly closed. The book build checks the other
/// direction: that everything a page shows exists.
#[test]
fn every_anchor_is_shown_in_the_book() {
    for chapter in CHAPTERS {
        let page = read(&repo_root().join(format!("book/src/{}.md", chapter.slug)));
        for style in chapter.id.styles() {
            let file = chapter_file(style, &chapter.id.module_name());
            let source = read(&file);
            for name in anchor::names(&source) {
                anchor::extract(&source, name)
                    .unwrap_or_else(|e| panic!("{}: anchor {name}: {e:?}", file.display()));
                let all = format!("{{{{#code {} {name}}}}}", chapter.slug);
                let one = format!("{{{{#code {} {style} {name}}}}}", chapter.slug);
                assert!(
                    page.contains(&all) || page.contains(&one),
                    "anchor `{name}` of {} is not shown on {}.md",
                    file.display(),
                    chapter.slug
                );
            }
        }
    }
}

/// The executor is a lesson outside the chapter files: every anchor of its
/// files is shown on the `under-the-hood` page with `{{#source}}`.
#[test]
fn every_anchor_of_the_executor_is_shown_in_the_book() {
    let page = read(&repo_root().join("book/src/under-the-hood.md"));
    for file in ["executor.rs", "time.rs"] {
        let path = format!("crates/callbacks/src/{file}");
        let source = read(&repo_root().join(&path));
        let names = anchor::names(&source);
        assert!(!names.is_empty(), "{path} has no anchors");
        for name in names {
            anchor::extract(&source, name)
                .unwrap_or_else(|e| panic!("{path}: anchor {name}: {e:?}"));
            let shown = format!("{{{{#source ../../{path}:{name}}}}}");
            assert!(
                page.contains(&shown),
                "anchor `{name}` of {path} is not shown on under-the-hood.md"
            );
        }
    }
}

/// A style with no program for a chapter has no chapter file for it, so
/// nothing the book cannot show is left lying there.
#[test]
fn a_style_without_a_program_has_no_chapter_file() {
    for chapter in CHAPTERS {
        for style in Style::ALL {
            let file = chapter_file(style, &chapter.id.module_name());
            assert_eq!(
                file.exists(),
                chapter.id.has_programs(style),
                "{}: {style} has programs: {}",
                file.display(),
                chapter.id.has_programs(style)
            );
        }
    }
}

/// Chapter code does not know whether it runs simulated or real: the lesson
/// (every anchored part of a chapter file) names neither the simulated
/// network and disk nor the world or mode that holds them. Only the `run`
/// entry below the lesson passes the mode through.
#[test]
fn chapter_code_never_names_the_world_it_runs_in() {
    for chapter in CHAPTERS {
        for style in chapter.id.styles() {
            let file = chapter_file(style, &chapter.id.module_name());
            let source = read(&file);
            for name in anchor::names(&source) {
                let lesson = anchor::extract(&source, name).unwrap();
                for word in [
                    "sim::",
                    "SimNet",
                    "SimDisk",
                    "world",
                    "Mode",
                    "RealNet",
                    "tokio::time::pause",
                ] {
                    assert!(
                        !lesson.contains(word),
                        "{} (anchor {name}) names `{word}`",
                        file.display()
                    );
                }
            }
        }
    }
}

/// The blocking style waits as OS threads do; it depends on no runtime.
#[test]
fn the_blocking_crate_depends_on_no_async_runtime() {
    let manifest = read(&repo_root().join("crates/blocking/Cargo.toml"));
    for runtime in ["tokio", "mio", "futures", "async-std", "smol"] {
        assert!(
            !manifest.contains(runtime),
            "crates/blocking depends on {runtime}"
        );
    }
}

/// The async crate reads tokio's clock and sets its timers in one place,
/// `clock.rs`, so that another runtime can serve them: nothing else names
/// `tokio::time`, except lessons that teach it and the real HTTP client,
/// whose timeouts are real ones.
#[test]
fn the_async_crate_reads_the_clock_in_one_place() {
    let dir = repo_root().join("crates/async/src");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let allowed = ["clock.rs", "http.rs"].map(|file| dir.join(file));
    for file in files {
        if allowed.contains(&file) || file.starts_with(dir.join("chapters")) {
            continue;
        }
        assert!(
            !read(&file).contains("tokio::time"),
            "{} names tokio::time; go through clock.rs",
            file.display()
        );
    }
}

/// Every chapter has a page that shows its code. (The book test checks
/// that the page shows every program's output and timeline.)
#[test]
fn every_chapter_has_a_page_in_the_summary() {
    let summary = read(&repo_root().join("book/src/SUMMARY.md"));
    for chapter in CHAPTERS {
        let page = format!("{}.md", chapter.slug);
        assert!(
            summary.contains(&format!("({page})")),
            "SUMMARY.md does not list {page}"
        );
        let text = read(&repo_root().join("book/src").join(&page));
        assert!(
            text.contains(&format!("{{{{#code {} ", chapter.slug)),
            "{page} shows no code"
        );
    }
}
