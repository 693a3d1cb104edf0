//! Conventions every file keeps, checked so they stay kept.

use std::path::{Path, PathBuf};
use threeways_book::{anchor, python};
use threeways_model::{CHAPTERS, Style};
use threeways_test_support::root as repo_root;
use threeways_test_support::{read, rust_files};

#[test]
fn every_module_says_what_it_is() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates"] {
        files.extend(rust_files(&repo_root().join(dir)));
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
    for krate in std::fs::read_dir(repo_root().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        let root = ["lib.rs", "main.rs"]
            .map(|file| src.join(file))
            .into_iter()
            .find(|root| root.exists())
            .unwrap_or_else(|| panic!("{} has no lib.rs or main.rs", src.display()));
        roots.push(root);
    }
    for root in roots {
        assert!(
            read(&root).contains("#![forbid(unsafe_code)]"),
            "{}",
            root.display()
        );
    }
}

/// The text of a chapter's pages (`sharing.md` and the pages nested under
/// it in `SUMMARY.md`), one after another.
fn chapter_pages(slug: &str) -> String {
    let summary = read(&repo_root().join("book/src/SUMMARY.md"));
    let pages = threeways_book::summary::chapter_pages(&summary, slug);
    assert!(!pages.is_empty(), "SUMMARY.md does not list {slug}.md");
    pages
        .iter()
        .map(|page| read(&repo_root().join("book/src").join(page)))
        .collect()
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
        let page = chapter_pages(chapter.slug);
        for style in chapter.id.styles() {
            let file = chapter_file(style, &chapter.id.module_name());
            let source = read(&file);
            for name in anchor::names(&source) {
                anchor::extract(&source, name)
                    .unwrap_or_else(|e| panic!("{}: anchor {name}: {e:?}", file.display()));
                let all = format!("{{{{#code {} {name}}}}}", chapter.slug);
                let one = format!("{{{{#code {} {style} {name}}}}}", chapter.slug);
                // Or as one side of a change: `{{#diff CHAPTER [STYLE] FROM TO}}`.
                let in_diff = page.split("{{#diff ").skip(1).any(|rest| {
                    let words: Vec<&str> = rest
                        .split("}}")
                        .next()
                        .unwrap_or_default()
                        .split_whitespace()
                        .collect();
                    let (on, ends) = match words.as_slice() {
                        [on, from, to] => (*on, [*from, *to]),
                        [on, which, from, to] if *which == style.name() => (*on, [*from, *to]),
                        _ => return false,
                    };
                    on == chapter.slug && ends.contains(&name)
                });
                assert!(
                    page.contains(&all) || page.contains(&one) || in_diff,
                    "anchor `{name}` of {} is not shown on {}.md or a page under it",
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
    for file in ["executor.rs", "executor/hooks.rs", "time.rs", "net.rs"] {
        let path = format!("crates/event-loop/src/{file}");
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

/// Every anchor of a chapter's Python twins (`book/python/`) is shown on
/// the chapter's page too: in a code group of all styles, beside the Rust
/// style it mirrors, or alone (`{{#code CHAPTER python ANCHOR}}`), which is
/// where the preprocessor puts Python's panels.
#[test]
fn every_python_anchor_is_shown_in_the_book() {
    for chapter in CHAPTERS {
        let page = chapter_pages(chapter.slug);
        for style in chapter.id.styles() {
            let twin = python::twin(style);
            let file = repo_root().join(python::file(chapter.id, twin));
            let source = read(&file);
            for name in anchor::names(&source) {
                anchor::extract(&source, name)
                    .unwrap_or_else(|e| panic!("{}: anchor {name}: {e:?}", file.display()));
                let shown = [
                    format!("{{{{#code {} {name}}}}}", chapter.slug),
                    format!("{{{{#code {} {style} {name}}}}}", chapter.slug),
                    format!("{{{{#code {} python {name}}}}}", chapter.slug),
                ];
                assert!(
                    shown.iter().any(|directive| page.contains(directive)),
                    "anchor `{name}` of {} is not shown on {}.md or a page under it",
                    file.display(),
                    chapter.slug
                );
            }
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

/// Every lesson of every chapter, anchored part by part, with its file.
fn lessons() -> Vec<(PathBuf, String)> {
    let mut lessons = Vec::new();
    for chapter in CHAPTERS {
        for style in chapter.id.styles() {
            let file = chapter_file(style, &chapter.id.module_name());
            let source = read(&file);
            for name in anchor::names(&source) {
                lessons.push((file.clone(), anchor::extract(&source, name).unwrap()));
            }
        }
    }
    lessons
}

/// Lessons are free of plumbing a learner would have to decode: a callback
/// continuation is spelled `Then` or `Done` (explained once, in the
/// callback crate's `lib.rs`), a number shared by callbacks is a `Cell`,
/// and pages are named, never picked out of a list by number.
#[test]
fn lessons_spell_things_one_way() {
    let spellings = [
        (
            "impl FnOnce(&mut EventLoop, ",
            "a continuation with a value is `impl Then<T>` or `impl Done<T>`",
        ),
        (
            "Box<dyn FnOnce(&mut EventLoop, ",
            "a kept continuation is `Box<dyn Then<T>>` or `Box<dyn Done<T>>`",
        ),
        ("RefCell<usize>", "a shared number is an `Rc<Cell<usize>>`"),
        ("RefCell<u32>", "a shared number is an `Rc<Cell<u32>>`"),
        (
            "urls[",
            "name the page (`Scenario::url_of`), do not count it",
        ),
        (
            "start_chain",
            "a chain is named by the span it starts in: `info_span!(..).in_scope(..)`",
        ),
        (
            "spawn(\"",
            "a thread is named with `Builder::name`, a task by the span it runs in",
        ),
        (
            "spawn(&format!",
            "a thread is named with `Builder::name`, a task by the span it runs in",
        ),
        (
            "spawn(page_name",
            "a thread is named with `Builder::name`, a task by the span it runs in",
        ),
    ];
    for (file, lesson) in lessons() {
        for (spelling, instead) in spellings {
            assert!(
                !lesson.contains(spelling),
                "{} spells `{spelling}`: {instead}",
                file.display()
            );
        }
    }
    for chapter in CHAPTERS {
        for style in chapter.id.styles() {
            let file = chapter_file(style, &chapter.id.module_name());
            assert!(
                !read(&file).contains("urls["),
                "{}: name the pages",
                file.display()
            );
        }
    }
}

/// A blocking or async lesson takes from the project only what its
/// style's prelude holds, by name: its file names no crate of the
/// workspace, imports from its own crate only through `crate::prelude`
/// (or a sibling lesson, `super::`), and never with a glob. `crates/lift`
/// compiles every such file against std and tokio with a prelude of its
/// own; this says why one that reached past the prelude would fail there.
#[test]
fn blocking_and_async_lessons_take_from_the_project_only_through_the_prelude() {
    let mut files = Vec::new();
    for style in [Style::Blocking, Style::Async] {
        files.extend(rust_files(
            &repo_root().join(format!("crates/{style}/src/chapters")),
        ));
    }
    files.push(repo_root().join("crates/async/src/porting.rs"));
    // The doctests' files stand for a learner's own crate: they name ours.
    files.retain(|file| {
        let parent = file
            .parent()
            .and_then(|p| p.file_name())
            .unwrap_or_default();
        parent == "chapters" || file.ends_with("porting.rs")
    });
    assert!(files.len() >= 18, "{} lesson files", files.len());
    // Every one of them is lifted: compiled against std and tokio.
    for file in &files {
        let style = if file.starts_with(repo_root().join("crates/blocking")) {
            "blocking"
        } else {
            "async"
        };
        let lifted = read(&repo_root().join(format!("crates/lift/src/bin/lifted-{style}/main.rs")));
        let relative = file.strip_prefix(repo_root().join("crates")).unwrap();
        let included = format!("#[path = \"../../../../{}\"]", relative.display());
        assert!(
            lifted.contains(&included) || file.ends_with("mod.rs"),
            "crates/lift does not lift {}",
            file.display()
        );
    }
    for file in files {
        let text = read(&file);
        for (at, line) in text.lines().enumerate() {
            let at = at + 1;
            let shown = file.display();
            assert!(
                !line.contains("threeways_"),
                "{shown}:{at} names a crate of the workspace; take it from the prelude"
            );
            if let Some(path) = line.trim().strip_prefix("use crate::") {
                assert!(
                    path.starts_with("prelude::"),
                    "{shown}:{at} takes from the crate past its prelude: {line}"
                );
            }
            assert!(
                !(line.trim_start().starts_with("use ") && line.contains("::*")),
                "{shown}:{at} imports with a glob: name what you take"
            );
        }
    }
}

/// The book's prediction forms give the verdicts `exercise check` gives
/// because they look them up in its table (`Prediction::verdicts`), not
/// because a second implementation keeps in step: the script writes none
/// of a verdict's words.
#[test]
fn the_prediction_form_writes_no_verdict_of_its_own() {
    let script = read(&repo_root().join("book/theme/predict.js"));
    for words in [
        "Your line",
        "Every line",
        "too short",
        "too long",
        "never writes",
        "leaves out",
    ] {
        assert!(
            !script.contains(words),
            "book/theme/predict.js writes `{words}`: a verdict belongs in `Prediction::verdicts`"
        );
    }
}

/// No function in a lesson takes more than five arguments: past that, a
/// learner loses track of which is which, and they belong in a struct.
#[test]
fn lesson_functions_take_at_most_five_arguments() {
    for (file, lesson) in lessons() {
        for (at, _) in lesson.match_indices("fn ") {
            let signature = &lesson[at..];
            let Some(open) = signature.find('(') else {
                continue;
            };
            // Count the commas between the parentheses, outside any nested
            // brackets; a comma before the `)`, as rustfmt ends a long
            // signature with, starts no argument.
            let (mut depth, mut commas, mut last) = (0, 0, '(');
            for c in signature[open + 1..].chars() {
                match c {
                    ')' if depth == 0 => break,
                    '(' | '<' | '[' => depth += 1,
                    ')' | '>' | ']' => depth -= 1,
                    ',' if depth == 0 => commas += 1,
                    _ => {}
                }
                if !c.is_whitespace() {
                    last = c;
                }
            }
            let arguments = match last {
                '(' => 0,
                ',' => commas,
                _ => commas + 1,
            };
            let name = signature[3..open].trim();
            assert!(
                arguments <= 5,
                "{}: `{name}` takes {arguments} arguments",
                file.display()
            );
        }
    }
}

/// The event loop can be read in one sitting: what makes callbacks ready
/// (timers, sockets, worker jobs) lives in files of its own.
#[test]
fn the_event_loop_reads_in_one_sitting() {
    let path = repo_root().join("crates/event-loop/src/event_loop.rs");
    let lines = read(&path).lines().count();
    assert!(lines < 200, "event_loop.rs has {lines} lines");
}

/// Each thing is written once: the styles are the model's `Style`, and a
/// mutex is locked, poisoned or not, by `threeways_model::lock`.
#[test]
fn one_style_enum_and_one_lock_helper() {
    let mut files = Vec::new();
    for dir in ["src", "crates"] {
        files.extend(rust_files(&repo_root().join(dir)));
    }
    let chapter = repo_root().join("crates/model/src/chapter.rs");
    let lock = repo_root().join("crates/model/src/lock.rs");
    for file in files {
        let text = read(&file);
        // The exercises' judges keep a `Style` of two (how an answer hands
        // back its result); that crate is left to its own rules here.
        let exercises = file.starts_with(repo_root().join("crates/exercises"));
        if file != chapter && !exercises {
            let own = text.contains("enum Style {") || text.contains("enum Style<");
            assert!(!own, "{} has a Style enum of its own", file.display());
        }
        if file != lock {
            assert!(
                !text.contains("PoisonError"),
                "{} handles poisoned locks itself; use threeways_model::lock",
                file.display()
            );
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

/// The `threeways` command builds only what the lessons need: mdBook and
/// the book's server belong to the book crate's own binary, which `book`
/// hands over to, so a newcomer's `cargo run -- run download` never waits
/// for them. Read from cargo's own resolution, so a dependency that brings
/// them in from afar counts too.
#[test]
fn the_command_builds_no_mdbook() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(repo_root())
        .args(["tree", "--locked", "--offline", "-p", "threeways"])
        .args(["-e", "normal,build", "--prefix", "none", "--format", "{p}"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut crates: Vec<&str> = listed.lines().filter_map(|l| l.split(' ').next()).collect();
    crates.sort_unstable();
    crates.dedup();
    for heavy in ["threeways-book", "mdbook-driver", "hyper"] {
        assert!(
            !crates.contains(&heavy),
            "`threeways` depends on {heavy}: `cargo run -- run download` would build it"
        );
    }
    // About sixty today (62: the layer crates and `tracing` for the
    // lanes); a few more is fine, dozens more is mdBook's share (about a
    // hundred) coming back another way.
    assert!(
        crates.len() <= 70,
        "`threeways` builds {} crates: {crates:?}",
        crates.len()
    );
}

/// The async crate reads tokio's clock and sets its timers in one place,
/// `clock.rs`, so that another runtime can serve them: nothing else names
/// `tokio::time`, except lessons that teach it and the real HTTP client,
/// whose timeouts are real ones.
#[test]
fn the_async_crate_reads_the_clock_in_one_place() {
    let dir = repo_root().join("crates/async/src");
    let mut files = Vec::new();
    files.extend(rust_files(&dir));
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

/// The files `ARCHITECTURE.md` names exist. A name is a path from the
/// repository's root, or a file of the crate whose entry it is under
/// (`chapter.rs` under `crates/model`), or of any crate where the page
/// speaks of all styles (`cpu.rs` in each style). A part written as a
/// pattern (`chapters/*.rs`, `wrong/<id>/`) stands for its folder.
#[test]
fn architecture_names_only_files_that_exist() {
    let root = repo_root();
    let page = read(&root.join("ARCHITECTURE.md"));
    let crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    let mut missing = Vec::new();
    let mut under: Option<PathBuf> = None;
    for line in page.lines() {
        // A top-level item that names a folder (`crates/model`,
        // `book/python`) holds the names under it.
        if let Some(folder) = line.strip_prefix("- `") {
            under = folder
                .split('`')
                .next()
                .map(|name| root.join(name))
                .filter(|folder| folder.is_dir());
        } else if line.starts_with("- ") || line.starts_with('#') {
            under = None;
        }
        for name in line.split('`').skip(1).step_by(2) {
            // A build's output (`target/taskdump`, which `.ci/run` makes) is
            // not a file of the repository: a fresh clone has none.
            if !names_a_file(name) || name.starts_with("target/") {
                continue;
            }
            // A pattern stands for the folder it is in.
            let name = match name.find(['*', '<']) {
                Some(at) => &name[..name[..at].rfind('/').map_or(0, |slash| slash + 1)],
                None => name,
            };
            let mut places = vec![root.join(name)];
            for krate in under.iter().chain(crates.iter()) {
                places.push(krate.join(name));
                places.push(krate.join("src").join(name));
            }
            if !places.iter().any(|place| place.exists()) {
                missing.push(name.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names files that do not exist: {missing:?}"
    );
}

/// No merge left its conflict markers behind. Such a page still builds,
/// and shows both sides with the markers between them; a Rust file would
/// not compile, but a Markdown page, a Python twin or this repository's
/// own docs would pass every other test.
#[test]
fn no_file_holds_a_merge_conflict() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["book", "crates", "src", "tests", ".ci", ".github"] {
        text_files(&root.join(dir), &mut files);
    }
    for top in std::fs::read_dir(root).unwrap() {
        let path = top.unwrap().path();
        if path.is_file() {
            files.push(path);
        }
    }
    // The lines that open and close a conflict; the `=======` between
    // them is also how Markdown underlines a heading.
    let markers = [concat!("<<<<<<", "< "), concat!(">>>>>>", "> ")];
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue; // not text
        };
        for (number, line) in text.lines().enumerate() {
            if markers.iter().any(|marker| line.starts_with(marker)) {
                found.push(format!("{}:{}", file.display(), number + 1));
            }
        }
    }
    assert!(found.is_empty(), "merge conflict markers at {found:?}");
}

/// Every file under `dir`, leaving out build output.
fn text_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|name| name == "target") {
            continue;
        }
        if path.is_dir() {
            text_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Whether a name in backquotes is a file or folder of the repository:
/// it has a file's extension, or is a path of a few parts.
fn names_a_file(name: &str) -> bool {
    let extensions = [".rs", ".md", ".toml", ".json", ".svg", ".snap"];
    let is_path = name.contains('/')
        && !name.starts_with('/')
        && !name.contains(' ')
        && !name.contains("://");
    extensions.iter().any(|ext| name.ends_with(ext)) || is_path
}

/// No module of a crate imports, through others, a module that imports it:
/// each crate's modules form layers, and a module can be read knowing only
/// those below it. A name that `lib.rs` re-exports counts as its module's;
/// the crate root itself, and tests, are left out.
#[test]
fn no_module_imports_a_module_that_imports_it() {
    let mut crates: Vec<PathBuf> = std::fs::read_dir(repo_root().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("src"))
        .collect();
    crates.push(repo_root().join("src"));
    for src in crates {
        let graph = module_graph(&src);
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{}: modules import each other: {}",
                src.display(),
                cycle.join(" -> ")
            );
        }
    }
}

type Graph = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// Each module of the crate in `src` (`timeline::draw`), with the modules
/// its code (not its tests) names.
fn module_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    files.extend(rust_files(src));
    let module_of = |file: &Path| -> String {
        let relative = file.strip_prefix(src).unwrap().with_extension("");
        let parts: Vec<String> = relative
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .filter(|part| part != "mod")
            .collect();
        parts.join("::")
    };
    let modules: Vec<(String, String)> = files
        .iter()
        .filter(|file| !file.starts_with(src.join("bin")))
        .map(|file| (module_of(file), read(file)))
        .filter(|(module, _)| module != "lib" && module != "main")
        .collect();
    let known: std::collections::BTreeSet<&str> = modules.iter().map(|(m, _)| m.as_str()).collect();
    // `pub use module::{A, B};` in lib.rs: `crate::A` is in `module`.
    let mut reexported = std::collections::BTreeMap::new();
    if let Ok(lib) = std::fs::read_to_string(src.join("lib.rs")) {
        for line in lib.lines() {
            let Some(rest) = line.strip_prefix("pub use ") else {
                continue;
            };
            let Some((module, names)) = rest.split_once("::") else {
                continue;
            };
            if known.contains(module) {
                for name in names
                    .trim_end_matches(';')
                    .trim_matches(['{', '}'])
                    .split(',')
                {
                    reexported.insert(name.trim().to_owned(), module.to_owned());
                }
            }
        }
    }
    let mut graph = Graph::new();
    for (module, text) in &modules {
        // The code, without its tests and comments (which may name any
        // module they like).
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.as_str();
        let parent: Vec<&str> = module.split("::").collect();
        let parent = parent[..parent.len() - 1].join("::");
        let mut used = std::collections::BTreeSet::new();
        for (base, path) in paths_after(code, "crate::")
            .into_iter()
            .map(|path| (String::new(), path))
            .chain(
                paths_after(code, "super::")
                    .into_iter()
                    .map(|path| (parent.clone(), path)),
            )
            .chain(
                paths_after(code, "\nuse ")
                    .into_iter()
                    .map(|path| (module.clone(), path)),
            )
        {
            let full: Vec<String> = base
                .split("::")
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .chain(path)
                .collect();
            let target = (1..=full.len())
                .rev()
                .map(|n| full[..n].join("::"))
                .find(|prefix| known.contains(prefix.as_str()))
                .or_else(|| reexported.get(&full.join("::")).cloned());
            if let Some(target) = target
                && target != *module
            {
                used.insert(target);
            }
        }
        graph.insert(module.clone(), used);
    }
    graph
}

/// The paths written after each `prefix` in `code`, each as its parts;
/// `prefix::{a::b, c}` gives `[a, b]` and `[c]`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with('$') {
            continue; // `$crate::` in a macro
        }
        let rest = &code[at + prefix.len()..];
        let end = rest.find([';', '\n', ')', ' ']).unwrap_or(rest.len());
        let path = &rest[..end];
        let (head, group) = match path.find('{') {
            Some(open) => (
                &path[..open],
                Some(&rest[open + 1..rest.find('}').unwrap_or(rest.len())]),
            ),
            None => (path, None),
        };
        let head: Vec<String> = head
            .split("::")
            .map(|part| {
                part.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                    .to_owned()
            })
            .filter(|part| !part.is_empty())
            .collect();
        match group {
            None => paths.push(head),
            Some(group) => {
                for item in group.split(',') {
                    let first = item.trim().split("::").next().unwrap_or_default().trim();
                    if !first.is_empty() {
                        paths.push(head.iter().cloned().chain([first.to_owned()]).collect());
                    }
                }
            }
        }
    }
    paths
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        module: &str,
        stack: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|m| m == module) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if !done.insert(module.to_owned()) {
            return None;
        }
        stack.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(graph, next, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(graph, module, &mut Vec::new(), &mut done))
}

/// The crates of the workspace below the programs built on it, each with
/// the workspace crates it may depend on: the layers, from the ground up.
/// The three styles are siblings, and none of them is below another.
const LAYERS: &[(&str, &[&str])] = &[
    ("primes", &[]),
    ("model", &["primes"]),
    ("sim", &["model"]),
    ("real", &["model"]),
    ("present", &["model"]),
    ("world", &["model", "sim", "real"]),
    ("event-loop", &["model", "sim", "world"]),
    ("blocking", &["model", "sim", "real", "world"]),
    (
        "callbacks",
        &["model", "sim", "real", "world", "event-loop"],
    ),
    ("async", &["model", "sim", "real", "world", "event-loop"]),
];

/// What is built on the layers, and may use any of them.
const ABOVE: &[&str] = &[
    "book",
    "bench",
    "exercises",
    "browser",
    "test-support",
    "lift",
];

/// The workspace crates `crates/<name>/Cargo.toml` depends on, in any of
/// its dependency tables (dev-dependencies too, as `cargo tree` counts
/// them), without the `threeways-` prefix; `test-support` is left out (a
/// dev-dependency of every crate, below none of them).
fn workspace_dependencies(name: &str) -> Vec<String> {
    let manifest = read(&repo_root().join(format!("crates/{name}/Cargo.toml")));
    let mut section = "";
    let mut found = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        if !section.ends_with("dependencies]") {
            continue;
        }
        if let Some(dependency) = line.strip_prefix("threeways-") {
            let dependency: String = dependency
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            if dependency != "test-support" {
                found.push(dependency);
            }
        }
    }
    found
}

/// Each crate depends only on the layers below it, and no style crate on
/// another: `cargo tree -p threeways-async` (or `-blocking`, or
/// `-callbacks`) lists no other style. Every crate of `crates/` is placed.
#[test]
fn each_crate_stands_only_on_the_layers_below_it() {
    for entry in std::fs::read_dir(repo_root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let placed = LAYERS.iter().any(|(layer, _)| *layer == name) || ABOVE.contains(&&*name);
        assert!(placed, "crates/{name} is in no layer of tests/it/tidy.rs");
    }
    for (name, below) in LAYERS {
        for dependency in workspace_dependencies(name) {
            assert!(
                below.contains(&dependency.as_str()),
                "crates/{name} depends on threeways-{dependency}, which is not below it"
            );
        }
    }
    assert_eq!(workspace_dependencies("test-support"), Vec::<String>::new());
    for style in Style::ALL {
        for other in Style::ALL.iter().filter(|other| **other != style) {
            assert!(
                !workspace_dependencies(&style.to_string()).contains(&other.to_string()),
                "the {style} style depends on the {other} style"
            );
        }
    }
}

/// Every `static` that can change and every thread- or task-local in the
/// workspace, with why it may be there. None carries data from one crate to
/// another: each is a runtime's "what is running here" context, read by the
/// code that runtime runs; a signal handler's list, which only process-wide
/// state can hold; or a cache of values that are the same whoever asks.
/// `ARCHITECTURE.md` lists them too.
const ALLOWED_STATE: &[(&str, &str, &str)] = &[
    (
        "crates/event-loop/src/executor.rs",
        "CURRENT",
        "the executor running on this thread, where `spawn` puts tasks: the current-task context every runtime keeps",
    ),
    (
        "crates/async/src/world.rs",
        "WORLD",
        "the world of the run whose task is being polled on this thread, and that task, set around each poll: the runtime's context",
    ),
    (
        "crates/blocking/src/world.rs",
        "CURRENT",
        "which simulated thread this is, as `std::thread::current` says which OS thread",
    ),
    (
        "crates/real/src/interrupt.rs",
        "FOLDERS",
        "the folders Ctrl-C removes: a signal handler can reach nothing but process-wide state",
    ),
    (
        "crates/sim/src/blocked.rs",
        "TOLD",
        "the blocks the watches on this thread have told already, so that a watch around another tells only its own: the watch's own bookkeeping, read and written by blocked.rs alone",
    ),
    (
        "crates/lift/src/bin/lifted-blocking/prelude.rs",
        "START",
        "when the lifted program started, which its real `now()` counts from: a process's start is process-wide, and the lessons' `now()` takes no argument, as `Instant::now()` takes none",
    ),
    (
        "crates/lift/src/bin/lifted-async/prelude.rs",
        "START",
        "the same, for the lifted async program",
    ),
    (
        "crates/model/src/cpu.rs",
        "COUNTED",
        "prime counts already made: the same number whoever asks, kept so that the tests count once",
    ),
    (
        "crates/exercises/src/judge.rs",
        "QUIET_HOOK",
        "the panic hook is process-wide: installed once",
    ),
    (
        "crates/exercises/src/judge.rs",
        "ANSWERING",
        "whether the thread that panics runs a student's answer, which the process-wide panic hook asks",
    ),
    (
        "crates/exercises/src/judge.rs",
        "PANICKED_AT",
        "where that answer panicked, which the hook leaves for the judge on the same thread",
    ),
    (
        "tests/it/book.rs",
        "BUILT",
        "the book, built once for every test of the binary that reads it",
    ),
    (
        "tests/it/python.rs",
        "RUNS",
        "the Python programs' runs, made once for every test that reads them",
    ),
];

/// Each `static` item in `text` that can change (its type holds a lock, a
/// cell, an atomic, a once-cell) or lives in a `thread_local!` or
/// `task_local!` block, by name.
fn mutable_statics(text: &str) -> Vec<String> {
    let interior = ["Mutex", "RwLock", "Cell", "Atomic", "Once", "Lazy"];
    let mut found = Vec::new();
    let mut in_local_block = false;
    let mut depth = 0_i32;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        if code.contains("thread_local!") || code.contains("task_local!") {
            in_local_block = true;
            depth = 0;
        }
        if in_local_block {
            depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
        }
        let words: Vec<&str> = code.split_whitespace().collect();
        if let Some(at) = words.iter().position(|word| *word == "static") {
            let name = words
                .get(at + 1)
                .map(|name| name.trim_end_matches(':'))
                .filter(|name| *name != "mut" && !name.is_empty());
            let kind = code
                .split_once(':')
                .map(|(_, kind)| kind)
                .unwrap_or_default();
            if let Some(name) = name
                && (in_local_block || interior.iter().any(|word| kind.contains(word)))
            {
                found.push(name.to_owned());
            }
        }
        if in_local_block && depth <= 0 && code.contains('}') {
            in_local_block = false;
        }
    }
    found
}

/// No hidden state carries data between crates: every mutable `static`
/// and every thread- or task-local is on [`ALLOWED_STATE`], with its
/// reason, and `ARCHITECTURE.md` names each one.
#[test]
fn every_global_and_thread_local_is_on_the_allowed_list() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates"] {
        files.extend(rust_files(&root.join(dir)));
    }
    let mut seen = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative == "tests/it/tidy.rs" {
            continue; // its examples of what the reader finds, below
        }
        for name in mutable_statics(&read(&file)) {
            assert!(
                ALLOWED_STATE
                    .iter()
                    .any(|(path, allowed, _)| *path == relative && *allowed == name),
                "{relative}: `{name}` is process-wide or thread-local state; pass it \
                 explicitly, or add it with its reason to ALLOWED_STATE in tests/it/tidy.rs \
                 and to ARCHITECTURE.md"
            );
            seen.push((relative.clone(), name));
        }
    }
    let architecture = read(&root.join("ARCHITECTURE.md"));
    for (path, name, reason) in ALLOWED_STATE {
        assert!(!reason.is_empty());
        assert!(
            seen.iter()
                .any(|(file, found)| file == path && found == name),
            "ALLOWED_STATE lists `{name}` in {path}, which has no such state any more"
        );
        assert!(
            architecture.contains(&format!("`{name}`")) && architecture.contains(path),
            "ARCHITECTURE.md does not say why `{name}` ({path}) is there"
        );
    }
}

/// The reader of statics finds what it is for, and only that.
#[test]
fn mutable_statics_are_found_in_and_out_of_thread_locals() {
    let text = "\
static PLAIN: &str = \"x\";
static COUNT: AtomicUsize = AtomicUsize::new(0);
thread_local! {
    /// Here.
    static HERE: RefCell<Option<u8>> = const { RefCell::new(None) };
    static LANE_NAME: String = String::new();
}
static AFTER: [u8; 2] = [0, 1];
tokio::task_local! {
    static TASK: Lane;
}
";
    assert_eq!(
        mutable_statics(text),
        ["COUNT", "HERE", "LANE_NAME", "TASK"]
    );
}
