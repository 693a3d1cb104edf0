//! The book: it builds, every output it shows is the snapshot it came from,
//! and a missing anchor, include or snapshot fails the build by name.

use std::path::{Path, PathBuf};
use threeways_model::{CHAPTERS, Style};
use threeways_test_support::root as repo_root;

/// The book built from this repository, once for every test that reads it:
/// in the test binary's own scratch folder, under `target/`.
fn the_book() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("the-book");
        // A book left by an earlier run is replaced: `build` refuses to
        // write into a folder it did not make.
        let _ = std::fs::remove_dir_all(&dest);
        threeways_book::build(&repo_root(), &dest).unwrap();
        dest
    })
}

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
/// (`viewBox` becomes `viewbox`, which browsers read as the same), it
/// writes a character reference such as `&#10;` or `&quot;` (in a note's
/// text, `sends "rain, "`) as the character itself, and an apostrophe or a
/// backslash in an attribute as `&#39;` or `&#92;`.
fn as_mdbook_writes_it(html: &str) -> String {
    html.to_lowercase()
        .replace("&#10;", "\n")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#92;", "\\")
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

/// The built HTML of a chapter's pages (its own, and those nested under it
/// in `SUMMARY.md`), one after another.
fn chapter_html(book: &Path, slug: &str) -> String {
    let summary = std::fs::read_to_string(repo_root().join("book/src/SUMMARY.md")).unwrap();
    let pages = threeways_book::summary::chapter_pages(&summary, slug);
    assert!(!pages.is_empty(), "SUMMARY.md does not list {slug}.md");
    pages
        .iter()
        .map(|page| {
            let html = Path::new(page).with_extension("html");
            std::fs::read_to_string(book.join(html)).unwrap()
        })
        .collect()
}

#[test]
fn every_chapter_page_shows_its_code_and_exactly_its_snapshots() {
    let book = the_book();
    for chapter in CHAPTERS {
        let html = chapter_html(book, chapter.slug);
        for style in chapter.id.styles() {
            assert!(
                html.contains(&format!("data-style=\"{style}\"")),
                "{}: no {style} code",
                chapter.slug
            );
        }
        for program in chapter.id.programs() {
            assert_output_and_timeline(&html, &program.snapshot_name());
        }
    }
    for (chapter, name) in python_programs() {
        let html = chapter_html(book, &chapter);
        assert!(
            html.contains("data-style=\"python\""),
            "{chapter}: no Python code"
        );
        assert_output_and_timeline(&html, &name);
    }
    let mut checked = 0;
    for page in std::fs::read_dir(book).unwrap() {
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

/// The page shows the run `name` (its snapshots' name under
/// `tests/snapshots/`): its trace, and its timeline as the snapshot has it.
fn assert_output_and_timeline(html: &str, name: &str) {
    assert!(
        html.contains(&format!("data-snapshot=\"{name}\"")),
        "{name}: no output"
    );
    let timeline = format!("data-timeline=\"{name}\">\n");
    let (_, svg) = html
        .split_once(&timeline)
        .unwrap_or_else(|| panic!("{name}: no timeline"));
    // The page ties the picture to its trace: `<svg aria-describedby="ID" ...`,
    // where ID is the trace's, which the snapshot cannot know.
    let tie = svg
        .strip_prefix("<svg aria-describedby=\"")
        .and_then(|rest| rest.split_once('"'))
        .map(|(id, rest)| (id, format!("<svg{rest}")))
        .unwrap_or_else(|| panic!("{name}: its timeline is not tied to its trace"));
    let (id, svg) = tie;
    assert!(
        html.contains(&format!(
            "<div id=\"{id}\" class=\"tw-output\" data-snapshot=\"{name}\">"
        )),
        "{name}: its timeline is described by #{id}, which is not its trace"
    );
    assert!(
        as_mdbook_writes_it(&svg).starts_with(&as_mdbook_writes_it(&snapshot_svg(name))),
        "{name}: timeline differs from its snapshot"
    );
}

/// Every Python program, as `(chapter, python/NAME)`: its chapter's slug
/// and its snapshots' name under `tests/snapshots/`.
fn python_programs() -> Vec<(String, String)> {
    let dir = repo_root().join("tests/snapshots/python");
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let name = name.strip_suffix(".snap")?.to_owned();
            let chapter = name.split("__").next().unwrap().to_owned();
            Some((chapter, format!("python/{name}")))
        })
        .collect();
    found.sort();
    assert!(found.len() >= CHAPTERS.len() * 3, "too few Python programs");
    found
}

/// A copy of what the book is built from, to break on purpose.
fn copy_of_sources() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = vec![
        "book".into(),
        "tests/snapshots".into(),
        "crates/book/examples".into(),
        "crates/book/tests".into(),
        // `under-the-hood` shows the executor and its timer future.
        "crates/event-loop/src".into(),
        // The table of what is ours reads the lift test's preludes.
        "crates/lift/src".into(),
    ];
    dirs.extend(Style::ALL.map(|s| PathBuf::from(format!("crates/{s}/src"))));
    // The chapter pages include the exercises: stubs, hints, the blocking
    // programs to convert, the predictions' programs and explanations, and
    // known-wrong answers the teacher's guide shows.
    dirs.extend(
        ["exercises", "explanations", "hints", "src", "wrong"]
            .map(|d| PathBuf::from(format!("crates/exercises/{d}"))),
    );
    for dir in dirs {
        copy_dir(&repo_root().join(&dir), &copy.path().join(&dir));
    }
    copy
}

/// `from`'s files under `to`, each a hard link where the file system allows
/// one (copying the tree for every test was most of the suite's system
/// time), a copy where not. Only [`edit`] and `remove_file` change a file
/// of the copy, and both first take it out of the tree, so the repository's
/// own file is never written.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let to = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else if std::fs::hard_link(entry.path(), &to).is_err() {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(text.clone());
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    // Unlinked first: the file may be a hard link to the repository's.
    std::fs::remove_file(&path).unwrap();
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

/// A prediction's form is made from files the build reads: a missing
/// snapshot, an explanation about a line the program does not write, or a
/// name that is no prediction fails the build, naming what is wrong.
#[test]
fn a_prediction_that_cannot_be_made_fails_the_build_by_name() {
    let root = copy_of_sources();
    let snapshot = "tests/snapshots/predictions/predict-join-all.snap";
    std::fs::remove_file(root.path().join(snapshot)).unwrap();
    assert_fails_naming(root.path(), &["{{#predict predict-join-all}}", snapshot]);

    let root = copy_of_sources();
    let explanations = "crates/exercises/explanations/predict-join-all.md";
    edit(root.path(), explanations, |s| {
        s.replace(
            "## If `news: came back` comes before `weather: came back`",
            "## If `news: arrived` is kept",
        )
        .replace(
            "## Why",
            "## If `weather: came back` is kept\n\nNo.\n\n## Why",
        )
    });
    assert_fails_naming(
        root.path(),
        &[
            "predict-join-all",
            "“weather: came back”, which the program indeed writes",
        ],
    );

    let root = copy_of_sources();
    edit(root.path(), "book/src/exercises/fan-out.md", |s| {
        s + "\n{{#predict join-all}}\n"
    });
    assert_fails_naming(
        root.path(),
        &["{{#predict join-all}}", "begins with `predict-`"],
    );
}

/// A chapter with no program in a style: asking for that style's output
/// fails, saying so, and the chapter's code groups have a panel only for
/// the styles it has.
#[test]
fn a_style_with_no_program_fails_the_build_by_name() {
    let root = copy_of_sources();
    edit(root.path(), "book/src/under-the-hood.md", |s| {
        s + "\n{{#output under-the-hood blocking}}\n"
    });
    assert_fails_naming(root.path(), &["under-the-hood", "has no blocking program"]);
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

#[test]
fn an_include_outside_a_code_block_fails_the_build_by_name() {
    // The porting page as it once was: its steps included bare, outside any
    // fence, so mdBook rendered them as paragraphs.
    let root = copy_of_sources();
    edit(root.path(), "book/src/porting.md", |s| {
        s.replace(
            "{{#diff ../../crates/async/src/porting.rs:step_2 ../../crates/async/src/porting.rs:step_3}}",
            "{{#include ../../crates/async/src/porting.rs:step_3}}",
        )
    });
    assert_fails_naming(
        root.path(),
        &[
            "book/src/porting.md",
            "crates/async/src/porting.rs:step_3",
            "not inside a code block",
        ],
    );
}

#[test]
fn the_porting_page_shows_each_step_as_a_diff_in_a_code_block() {
    let html = std::fs::read_to_string(the_book().join("porting.html")).unwrap();
    let page = threeways_book::html::Page::parse(&html);
    let diffs = html.matches("<code class=\"language-diff\">").count();
    assert_eq!(diffs, 4, "one diff per step");
    let source = std::fs::read_to_string(repo_root().join("crates/async/src/porting.rs")).unwrap();
    for step in ["step_1", "step_2", "step_3", "step_4"] {
        let code = threeways_book::anchor::extract(&source, step).unwrap();
        // Every line of the step is in a code block, behind its `+` or ` `;
        // doc comments are left out of a diff, the page's prose says them.
        let lines = code.lines().filter(|l| !l.trim().is_empty());
        for line in lines.filter(|l| !l.trim_start().starts_with("///")) {
            assert!(
                page.code_blocks
                    .iter()
                    .any(|b| b.contains(&format!("+{line}\n")) || b.contains(&format!(" {line}\n"))),
                "{step}: {line:?} is not in a code block"
            );
        }
    }
    assert!(
        !page.prose.contains("fn fetch_summary"),
        "code in the prose"
    );
    let diff_doc_line = |block: &String| {
        let lines = block.lines().map(str::trim_start);
        lines
            .clone()
            .any(|l| l.starts_with("+///") || l.starts_with("-///"))
    };
    assert!(
        !page.code_blocks.iter().any(diff_doc_line),
        "a doc comment in a diff"
    );
}

/// A book folder written by hand, with a table of contents listing `pages`.
fn small_book(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let entries: String = pages
        .iter()
        .map(|(name, _)| format!("<li><a href=\"{name}\">{name}</a></li>"))
        .collect();
    std::fs::write(
        dir.path().join("toc.html"),
        format!("<html><body><ol>{entries}</ol></body></html>"),
    )
    .unwrap();
    for (name, body) in pages {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("<html><body>{body}</body></html>")).unwrap();
    }
    dir
}

fn problems(book: &Path, shown: &[threeways_book::CodeShown]) -> Vec<String> {
    threeways_book::check::check_book(book, &repo_root(), shown, "/")
}

fn shown(page: &str, code: &str) -> threeways_book::CodeShown {
    threeways_book::CodeShown {
        page: page.into(),
        origin: "crates/x.rs:a".into(),
        code: code.into(),
    }
}

const GOOD: &str = "<h1 id=\"top\">T</h1><p>See <a href=\"b.html#there\">b</a>.</p>\
    <pre><code class=\"language-rust\">/// Doc.\nfn f() -&gt; Vec&lt;u8&gt; {}\n</code></pre>\
    <p class=\"tw-source\"><a class=\"tw-file\" href=\"https://x/blob/main/Cargo.toml\">Cargo.toml</a></p>\
    <div data-timeline=\"t\"><svg aria-describedby=\"tw-trace-1\"></svg></div>\
    <div id=\"tw-trace-1\" data-snapshot=\"t\"><pre><code>0 ms</code></pre></div>";

#[test]
fn the_checks_pass_a_good_page() {
    let book = small_book(&[("a.html", GOOD), ("b.html", "<h2 id=\"there\">B</h2>")]);
    let code = shown("a.md", "/// Doc.\n    fn f() -> Vec<u8> {}\n");
    assert_eq!(problems(book.path(), &[code]), Vec::<String>::new());
}

/// Checks a copy of the good page changed by `edit`, and expects exactly one
/// problem, holding every one of `words`.
fn assert_one_problem(edit: impl FnOnce(&str) -> String, words: &[&str]) {
    let page = edit(GOOD);
    assert_ne!(page, GOOD, "the edit changed nothing");
    let book = small_book(&[("a.html", &page), ("b.html", "<h2 id=\"there\">B</h2>")]);
    let code = shown("a.md", "/// Doc.\nfn f() -> Vec<u8> {}\n");
    let found = problems(book.path(), &[code]);
    assert_eq!(found.len(), 1, "{found:#?}");
    for word in words {
        assert!(
            found[0].contains(word),
            "{:?} does not say {word:?}",
            found[0]
        );
    }
}

#[test]
fn code_rendered_as_paragraphs_is_found() {
    assert_one_problem(
        |p| {
            p.replace(
                "<pre><code class=\"language-rust\">/// Doc.\nfn f() -&gt; Vec&lt;u8&gt; {}\n</code></pre>",
                "<p>fn f() -&gt; Vec {}</p>",
            )
        },
        &["book/src/a.md", "crates/x.rs:a", "not inside a code block"],
    );
}

#[test]
fn a_directive_an_anchor_or_a_doc_line_in_the_prose_is_found() {
    assert_one_problem(
        |p| p.replace("<p>See", "<p>{{#include x.rs}} See"),
        &["a.html", "{{#include x.rs}}"],
    );
    assert_one_problem(
        |p| p.replace("/// Doc.\n", "// ANCHOR: f\n/// Doc.\n"),
        &["a.html", "anchor marker", "ANCHOR: f"],
    );
    assert_one_problem(
        |p| p.replace("<p>See", "<p>/// Fetches a page. See"),
        &["a.html", "doc comment", "/// Fetches a page."],
    );
}

/// A fence closed with text after it on its line does not close: the rest
/// of the page, headings and all, is one code block.
#[test]
fn a_fence_left_open_is_found() {
    assert_one_problem(
        |p| {
            p.replace(
                "fn f() -&gt; Vec&lt;u8&gt; {}\n</code></pre>",
                "fn f() -&gt; Vec&lt;u8&gt; {}\n``` And so on.\n## Later\n</code></pre>",
            )
        },
        &["a.html", "``` And so on.", "a fence was not closed"],
    );
}

#[test]
fn a_link_to_nowhere_is_found() {
    assert_one_problem(
        |p| p.replace("b.html#there", "c.html"),
        &["a.html", "c.html", "not in the book"],
    );
    assert_one_problem(
        |p| p.replace("b.html#there", "b.html#nowhere"),
        &["a.html", "b.html#nowhere", "no id \"nowhere\""],
    );
    assert_one_problem(
        |p| p.replace("b.html#there", "#bottom"),
        &["a.html", "#bottom"],
    );
}

#[test]
fn a_trace_without_its_timeline_is_found() {
    assert_one_problem(
        |p| {
            p.replace(
                "<div data-timeline=\"t\"><svg aria-describedby=\"tw-trace-1\"></svg></div>",
                "",
            )
        },
        &["a.html", "trace t", "timeline"],
    );
}

#[test]
fn a_timeline_described_by_nothing_on_its_page_is_found() {
    assert_one_problem(
        |p| p.replace("<div id=\"tw-trace-1\" ", "<div "),
        &["a.html", "#tw-trace-1", "not on the page"],
    );
}

#[test]
fn a_caption_naming_no_file_is_found() {
    assert_one_problem(
        |p| p.replace("Cargo.toml", "Cargo.tom"),
        &["a.html", "\"Cargo.tom\"", "not a file"],
    );
    assert_one_problem(
        |p| p.replace("blob/main/Cargo.toml", "blob/main/README.md"),
        &["a.html", "README.md", "not that file"],
    );
}

#[test]
fn a_page_missing_from_the_table_of_contents_is_found() {
    let book = small_book(&[("a.html", GOOD), ("b.html", "<h2 id=\"there\">B</h2>")]);
    std::fs::write(book.path().join("c.html"), "<html></html>").unwrap();
    let code = shown("a.md", "fn f() -> Vec<u8> {}");
    assert_eq!(
        problems(book.path(), &[code]),
        ["c.html is not in the table of contents: list it in book/src/SUMMARY.md"]
    );
}

#[test]
fn an_empty_folder_is_found_and_the_build_leaves_none() {
    let book = small_book(&[("a.html", GOOD), ("b.html", "<h2 id=\"there\">B</h2>")]);
    std::fs::create_dir_all(book.path().join("exercises/more")).unwrap();
    let code = shown("a.md", "fn f() -> Vec<u8> {}");
    assert_eq!(
        problems(book.path(), &[code]),
        ["exercises/more/ is an empty folder"]
    );
}

/// `GET path` from a server on 127.0.0.1, as the body's text.
fn get(url: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split_once("\r\n\r\n").unwrap().1.to_owned()
}

#[test]
fn book_serve_reloads_open_pages_after_a_rebuild() {
    let out = tempfile::tempdir().unwrap();
    let serving = threeways_book::serve::start(&repo_root(), &out.path().join("book"), 0).unwrap();
    let page = get(&serving.url(), "/download.html");
    let served = get(&serving.url(), "/__threeways/generation");
    assert!(
        page.contains(&format!("if (now !== '{served}')")),
        "the page does not ask whether build {served} is still served"
    );
    assert!(
        !std::fs::read_to_string(out.path().join("book/download.html"))
            .unwrap()
            .contains("__threeways"),
        "the reload script belongs to the server, not to the built book"
    );
    serving.rebuild().unwrap();
    let now = get(&serving.url(), "/__threeways/generation");
    assert_ne!(now, served, "a rebuild must change what open pages see");
}

#[test]
fn a_chapter_named_without_a_link_is_found() {
    let book = small_book(&[
        (
            "a.html",
            "<p>As <a href=\"b.html\">Many waits at once</a> shows.</p>",
        ),
        (
            "b.html",
            "<p>Unlike Many  waits\nat once, this page is b.</p>",
        ),
        ("c.html", "<p>Read many waits at once next.</p>"),
    ]);
    std::fs::write(
        book.path().join("toc.html"),
        "<ol><li><a href=\"a.html\">1. Intro</a></li>\
         <li><a href=\"b.html\"><strong>2.</strong> Many waits at once</a></li>\
         <li><a href=\"c.html\">3. Yet another page</a></li></ol>",
    )
    .unwrap();
    assert_eq!(
        problems(book.path(), &[]),
        ["c.html names the chapter \"many waits at once\" without a link to b.html"]
    );
}

#[test]
fn book_serve_on_a_port_in_use_says_so_before_building() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let Err(error) = threeways_book::serve::start(&repo_root(), &dest, port) else {
        panic!("serving on a port in use should fail");
    };
    let message = error.to_string();
    assert!(
        message.contains(&format!("cannot listen on 127.0.0.1:{port}"))
            && message.contains("try another --port"),
        "{message}"
    );
    assert!(
        !dest.exists(),
        "it built the book before finding the port taken"
    );
}

/// A code group holds a `python` panel with the anchor of each Python
/// style that has it; a run group holds a Rust run and its Python twin's,
/// each a panel keyed by its style.
#[test]
fn python_code_and_runs_stand_beside_the_rust() {
    let html = std::fs::read_to_string(the_book().join("download.html")).unwrap();
    let group = html.split("<div class=\"tw-group\"").nth(1).unwrap();
    let group = group.split("<div class=\"tw-group\"").next().unwrap();
    assert!(group.contains("data-panels=\"4\""), "{group}");
    let python = group.split("data-style=\"python\"").nth(1).unwrap();
    for style in ["threads", "callbacks", "asyncio"] {
        assert!(
            python.contains(&format!("book/python/download_{style}.py")),
            "no {style} piece in the python panel"
        );
    }
    assert!(
        python.contains("functools.partial"),
        "the continuation is not shown"
    );
    let runs = html.split("<div class=\"tw-group\"").nth(3).unwrap();
    for key in ["callbacks", "python"] {
        assert!(runs.contains(&format!("data-style=\"{key}\"")), "{runs}");
    }
    assert!(runs.contains("data-snapshot=\"python/download__callbacks\""));
    // A single style beside its twin: `eager` is in blocking and threads.
    let html = std::fs::read_to_string(the_book().join("first-await.html")).unwrap();
    assert!(html.contains("book/python/first_await_threads.py"));
    assert!(html.contains("<div class=\"tw-single\" data-style=\"python\">"));
}

#[test]
fn a_python_program_or_anchor_that_is_not_there_fails_the_build_by_name() {
    let root = copy_of_sources();
    edit(root.path(), "book/src/download.md", |s| {
        s + "\n{{#run download python asyncio nosuch}}\n"
    });
    assert_fails_naming(
        root.path(),
        &[
            "book/src/download.md",
            "asyncio nosuch",
            "asyncio, callbacks, threads",
        ],
    );

    let root = copy_of_sources();
    edit(root.path(), "book/src/download.md", |s| {
        s + "\n{{#code download python nosuch}}\n"
    });
    assert_fails_naming(
        root.path(),
        &["`nosuch`", "book/python/download_threads.py"],
    );

    let root = copy_of_sources();
    let python = "book/python/download_callbacks.py";
    edit(root.path(), python, |s| {
        s.replace("# ANCHOR_END: download\n", "")
    });
    assert_fails_naming(root.path(), &[python, "ANCHOR_END: download"]);

    let root = copy_of_sources();
    edit(root.path(), "book/src/fan-out.md", |s| {
        s + "\n{{#run fan-out async join-all | async join-set}}\n"
    });
    assert_fails_naming(root.path(), &["book/src/fan-out.md", "both `async`"]);
}

/// The names a style's prelude gives its lessons, read here on their own
/// (not by the preprocessor that makes the table): every identifier in
/// its `pub use` statements after the last `::` of each path, and any
/// item written there.
fn prelude_names(style: &str) -> Vec<String> {
    let source =
        std::fs::read_to_string(repo_root().join(format!("crates/{style}/src/prelude.rs")))
            .unwrap();
    let code: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut names = Vec::new();
    for statement in code.split(';') {
        let statement = statement.trim();
        if let Some(path) = statement.strip_prefix("pub use ") {
            let group = path.rsplit_once('{').map_or(path, |(_, group)| group);
            let group = group.rsplit_once("::").map_or(group, |(_, last)| last);
            for name in group.split([',', '{', '}']).map(str::trim) {
                if !name.is_empty() {
                    names.push(name.to_owned());
                }
            }
        } else if !statement.is_empty() {
            names.push(format!("(not a re-export: {statement})"));
        }
    }
    names
}

/// The table of what is ours names every item of both preludes, each in
/// a row of its own code, beside what it stands for; and the
/// introduction links to it, before any chapter.
/// The lesson line the page quotes is the line the lesson begins with.
#[test]
fn the_page_of_what_is_ours_quotes_its_lesson_as_it_is() {
    let root = repo_root();
    let page = threeways_test_support::read(&root.join("book/src/ours.md"));
    let lesson =
        threeways_test_support::read(&root.join("crates/blocking/src/chapters/download.rs"));
    let quoted = page
        .split('`')
        .find(|span| span.starts_with("use crate::prelude::"))
        .expect("ours.md quotes a lesson's use line");
    assert!(
        lesson.lines().any(|line| line == quoted),
        "ours.md quotes `{quoted}`, which the blocking download lesson does not say"
    );
}

#[test]
fn the_table_of_what_is_ours_lists_every_prelude_item() {
    let html = std::fs::read_to_string(the_book().join("ours.html")).unwrap();
    let table = html
        .split_once("<table")
        .and_then(|(_, rest)| rest.split_once("</table>"))
        .map(|(table, _)| table)
        .expect("ours.html has a table");
    for style in ["blocking", "async"] {
        let names = prelude_names(style);
        assert!(names.len() > 10, "{style}: {names:?}");
        for name in names {
            let as_code = [
                format!("<code>{name}</code>"),
                format!("<code>{name}("),
                format!("<code>{name}!("),
            ];
            assert!(
                as_code.iter().any(|code| table.contains(code.as_str())),
                "the table of what is ours leaves out `{name}` of the {style} prelude"
            );
        }
    }
    let intro = std::fs::read_to_string(the_book().join("introduction.html")).unwrap();
    let link = intro
        .find("href=\"ours.html\"")
        .expect("the introduction links ours.html");
    let first_chapter = intro.find("href=\"download.html\"").unwrap_or(usize::MAX);
    assert!(
        link < first_chapter,
        "the table is linked before any chapter"
    );
}

/// A prelude item the lift test's prelude does not give a real meaning
/// fails the build, naming it: the table could not say what it stands
/// for. So does an item written in a prelude instead of re-exported.
#[test]
fn a_prelude_item_with_no_real_counterpart_fails_the_build_by_name() {
    let root = copy_of_sources();
    let real = "crates/lift/src/bin/lifted-async/prelude.rs";
    edit(root.path(), real, |s| {
        s.replace("JoinSet, spawn,", "spawn,")
    });
    assert_fails_naming(root.path(), &["book/src/ours.md", "`JoinSet`", real]);

    let root = copy_of_sources();
    let ours = "crates/blocking/src/prelude.rs";
    edit(root.path(), ours, |s| s + "pub fn extra() {}\n");
    assert_fails_naming(root.path(), &[ours, "pub fn extra"]);
}

/// The cost table (`{{#cost}}` on *What differs*) is counted when the book
/// builds; its figures are also kept here, reviewed, so that a lesson that
/// changes changes this snapshot, and whoever accepts it rereads the prose
/// beside the table.
#[test]
fn the_cost_table_is_the_reviewed_one() {
    let table = threeways_book::cost::table(&repo_root()).unwrap();
    insta::with_settings!({
        snapshot_path => "../snapshots/book",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("cost-in-code", table);
    });
}

/// What the prose beside the cost table says of it holds for the lessons
/// as they are.
#[test]
fn the_cost_table_says_what_its_page_says() {
    use threeways_book::cost::{Cost, of};
    use threeways_model::ChapterId;
    let root = repo_root();
    let cost = |chapter: ChapterId, style: Style| -> Option<Cost> {
        of(&root, &chapter.module_name(), style).unwrap()
    };
    let [blocking, callbacks, r#async] =
        Style::ALL.map(|style| cost(ChapterId::Download, style).unwrap());
    // "the same length ... no deeper than a function's body; the callback
    // program is more than twice as long, four braces deep, and has three
    // places that must call `done`".
    assert_eq!(blocking.lines, r#async.lines);
    assert_eq!((blocking.depth, r#async.depth), (1, 1));
    assert!(callbacks.lines > 2 * blocking.lines, "{callbacks:?}");
    assert_eq!((callbacks.depth, callbacks.continuations), (4, 3));
    for chapter in CHAPTERS {
        let [blocking, callbacks, r#async] = Style::ALL.map(|style| cost(chapter.id, style));
        // "Only the callback column has calls of a continuation, in every
        // chapter but under-the-hood"; "at least as often as blocking".
        for other in [&blocking, &r#async].into_iter().flatten() {
            assert_eq!(other.continuations, 0, "{}", chapter.slug);
        }
        let callbacks = callbacks.unwrap();
        assert_eq!(
            callbacks.continuations > 0,
            chapter.id != ChapterId::UnderTheHood,
            "{}",
            chapter.slug
        );
        if let Some(blocking) = blocking {
            assert!(callbacks.clones >= blocking.clones, "{}", chapter.slug);
        }
    }
    // "Where async has more programs than the others (`fan-out`,
    // `comprehensions`, `failures` ...)".
    for chapter in [
        ChapterId::FanOut,
        ChapterId::Comprehensions,
        ChapterId::Failures,
    ] {
        let [blocking, callbacks, r#async] =
            Style::ALL.map(|style| chapter.programs_in(style).len());
        assert!(r#async > blocking.max(callbacks), "{chapter:?}");
    }
    // "in `sharing`, async is the longest even beside callbacks".
    let [blocking, callbacks, r#async] =
        Style::ALL.map(|style| cost(ChapterId::Sharing, style).unwrap().lines);
    assert!(r#async > callbacks && callbacks > blocking);
}
