//! The command line's contract: what `list` and `run` print, and one clear
//! line with exit code 2 for bad input.

use std::process::{Command, Output};
use threeways_model::{CHAPTERS, ChapterId, Style};

fn download(style: Style) -> threeways_model::Program {
    ChapterId::Download.program(style, None).unwrap()
}

fn threeways(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threeways"))
        .args(args)
        .output()
        .expect("the threeways binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// `list` prints each chapter on a line of its own, then a line for each
/// style that has variants, naming them; a style with one program has no
/// line.
#[test]
fn list_names_every_chapter_and_variant() {
    let out = threeways(&["list"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let mut listed: Vec<(String, Vec<String>)> = Vec::new();
    for line in stdout.lines() {
        match line.strip_prefix("  ") {
            None => listed.push((
                line.split(' ').next().unwrap_or_default().to_owned(),
                vec![],
            )),
            Some(variants) => listed
                .last_mut()
                .unwrap_or_else(|| panic!("variants before any chapter:\n{stdout}"))
                .1
                .push(variants.split_whitespace().collect::<Vec<_>>().join(" ")),
        }
    }
    let expected: Vec<(String, Vec<String>)> = CHAPTERS
        .iter()
        .map(|chapter| {
            let styles = Style::ALL.into_iter().filter_map(|style| {
                let names: Vec<&str> = chapter.id.variants(style).iter().map(|v| v.name).collect();
                if !chapter.id.has_programs(style) {
                    return Some(format!("{style}: (no program)"));
                }
                (!names.is_empty()).then(|| format!("{style}: {}", names.join(", ")))
            });
            (chapter.slug.to_owned(), styles.collect())
        })
        .collect();
    assert_eq!(listed, expected, "{stdout}");
}

#[test]
fn run_shows_every_variant_unless_one_is_picked() {
    let out = threeways(&["run", "fan-out", "--style", "blocking"]);
    let stdout = text(&out.stdout);
    for program in ChapterId::FanOut.programs_in(Style::Blocking) {
        assert!(stdout.contains(&format!("== {program} ==")), "{stdout}");
    }
    let out = threeways(&["run", "fan-out", "--variant", "sequential"]);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("== fan-out, ").count(), 3, "{stdout}");
    assert!(
        stdout.contains("== fan-out, async, sequential =="),
        "{stdout}"
    );
}

/// `run --columns` with `COLUMNS` set to `columns`, or unset (`None`);
/// its standard output is a pipe, whose width is not known.
fn columns_at(columns: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_threeways"));
    command.args(["run", "fan-out", "--columns"]);
    match columns {
        Some(columns) => command.env("COLUMNS", columns),
        None => command.env_remove("COLUMNS"),
    };
    let out = command.output().expect("the threeways binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The widest line, in characters, and how many runs stand side by side
/// (the titles' line has one `│` before each).
fn widest_and_side_by_side(stdout: &str) -> (usize, usize) {
    let widest = stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let titles = stdout.lines().next().unwrap_or_default();
    (widest, titles.matches('│').count())
}

/// `--columns` fits the terminal: as wide as `COLUMNS` says (or the
/// terminal, which a test has none of), 120 characters into a pipe, with
/// fewer runs side by side where three would not fit, and every total kept.
#[test]
fn columns_fit_the_terminal_and_keep_every_total() {
    for (columns, widest, side_by_side) in [
        (None, 120, 3),
        (Some("200"), 200, 3),
        (Some("80"), 80, 2),
        (Some("50"), 50, 1),
        (Some("not a number"), 120, 3),
    ] {
        let stdout = columns_at(columns);
        let (found, beside) = widest_and_side_by_side(&stdout);
        assert!(found <= widest, "{columns:?}: {found} wide\n{stdout}");
        assert!(
            found > widest - 10,
            "{columns:?}: it uses the room\n{stdout}"
        );
        assert_eq!(beside, side_by_side, "{columns:?}\n{stdout}");
        let totals = stdout.matches("total: ").count();
        assert_eq!(totals, ChapterId::FanOut.programs().len(), "{stdout}");
    }
}

#[test]
fn run_all_prints_the_three_traces_and_repeats_them() {
    let out = threeways(&["run", "download", "--style", "all"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for style in Style::ALL {
        let trace = threeways::run(download(style)).render_text();
        assert!(
            stdout.contains(&format!("== download, {style} ==\n{trace}")),
            "{stdout}"
        );
    }
    let totals = stdout.lines().filter(|l| l.starts_with("total: ")).count();
    assert_eq!(totals, 3, "{stdout}");
    assert_eq!(
        threeways(&["run", "download"]).stdout,
        out.stdout,
        "the same bytes again"
    );
}

#[test]
fn run_one_style_prints_one_trace() {
    let out = threeways(&["run", "download", "--style", "callbacks"]);
    assert!(out.status.success());
    let expected = threeways::run(download(Style::Callbacks)).render_text();
    assert_eq!(
        text(&out.stdout),
        format!("== download, callbacks ==\n{expected}")
    );
}

/// Exit code 2, nothing on stdout, and one line on stderr that contains
/// every one of `names`.
fn assert_one_line_error(args: &[&str], names: &[&str]) {
    let out = threeways(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    for name in names {
        assert!(stderr.contains(name), "{args:?}: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    let chapters: Vec<&str> = CHAPTERS.iter().map(|c| c.slug).collect();
    assert_one_line_error(&["run", "nosuch"], &chapters);
    assert_one_line_error(
        &["run", "download", "--style", "sideways"],
        &["blocking", "callbacks", "async", "all"],
    );
    assert_one_line_error(&["run"], &["<CHAPTER>"]);
    assert_one_line_error(&["frobnicate"], &["frobnicate"]);
    assert_one_line_error(&["book", "serve", "--port", "99999"], &["99999"]);
    assert_one_line_error(
        &["run", "fan-out", "--variant", "nosuch"],
        &["nosuch", "pool", "join-set"],
    );
    assert_one_line_error(&["run", "download", "--variant", "pool"], &["pool", "none"]);
}

/// `run under-the-hood` prints its programs in the styles that have them,
/// and says so, in one line, of the one that has none.
#[test]
fn a_chapter_runs_in_the_styles_it_has_and_says_which_it_has_not() {
    let out = threeways(&["run", "under-the-hood"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for program in ChapterId::UnderTheHood.programs() {
        assert!(stdout.contains(&format!("== {program} ==")), "{stdout}");
    }
    assert!(!stdout.contains("blocking"), "{stdout}");
    assert_one_line_error(
        &["run", "under-the-hood", "--style", "blocking"],
        &["no blocking program", "callbacks, async"],
    );
    let list = text(&threeways(&["list"]).stdout);
    assert!(list.contains("blocking:  (no program)"), "{list}");
}

/// `--executor ours` runs the async programs on our executor, with the
/// bytes tokio gives; `--polls` adds its polls; a program that needs tokio
/// itself is refused by name, or left out (saying so) among all of a
/// chapter's.
#[test]
fn the_async_programs_run_on_our_executor_from_the_command_line() {
    let tokio = threeways(&["run", "download", "--style", "async"]);
    let ours = threeways(&["run", "download", "--style", "async", "--executor", "ours"]);
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    assert_eq!(ours.stdout, tokio.stdout);
    let polls = threeways(&[
        "run",
        "download",
        "--style",
        "async",
        "--executor",
        "ours",
        "--polls",
    ]);
    let polls = text(&polls.stdout);
    assert!(polls.contains("poll returns Ready"), "{polls}");
    // A `JoinSet`, a `timeout`: the prelude's serve either executor.
    for (chapter, variant) in [("fan-out", "join-set"), ("failures", "timeout")] {
        let on = |executor: &str| {
            let args = ["run", chapter, "--style", "async", "--variant", variant];
            threeways(&[&args[..], &["--executor", executor]].concat())
        };
        let ours = on("ours");
        assert!(ours.status.success(), "{}", text(&ours.stderr));
        assert_eq!(text(&ours.stdout), text(&on("tokio").stdout));
        assert!(ours.stderr.is_empty(), "{}", text(&ours.stderr));
    }
    assert_one_line_error(&["run", "download", "--polls"], &["--executor ours"]);
    assert_one_line_error(
        &["run", "download", "--real", "--polls"],
        &["--executor ours"],
    );
    assert_one_line_error(&["run", "download", "--executor", "nope"], &["tokio, ours"]);
}

/// `book` hands over to the book crate's own binary, through the cargo
/// that ran us (`CARGO`), with every value spelled out: mdBook is that
/// binary's dependency, not ours. With `echo` standing in for cargo, the
/// command line it would get is printed instead of run (the book crate's
/// `tests/cli.rs` runs that binary with it).
#[test]
fn book_hands_over_to_the_book_binary_through_cargo() {
    let root = env!("CARGO_MANIFEST_DIR");
    let handed = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_threeways"))
            .args(args)
            .env("CARGO", "echo")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let cargo_run =
        format!("run --manifest-path {root}/Cargo.toml -p threeways-book --bin threeways-book --");
    assert_eq!(
        handed(&["book", "serve"]),
        format!("{cargo_run} serve --port 3000\n")
    );
    assert_eq!(
        handed(&["book", "build", "--dest", "my-book"]),
        format!("{cargo_run} build --dest my-book\n")
    );
    assert_eq!(
        handed(&["book", "build"]),
        format!("{cargo_run} build --dest {root}/target/book\n")
    );
}

/// Without cargo, `book` says so in one line, and what to do.
#[test]
fn book_without_cargo_says_so_in_one_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_threeways"))
        .args(["book", "serve"])
        .env("CARGO", "/nonexistent/cargo")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("/nonexistent/cargo` was not found"),
        "{stderr}"
    );
    assert!(stderr.contains("cargo run -- book"), "{stderr}");
}

/// `run sharing` runs every program, the three that never end too: the
/// simulated world ends each with a report, which is what their lesson
/// shows, so `run` succeeds, saying nothing more. With `--real`, a program
/// that never ends is left out, saying so, or refused by name: only the
/// simulated world can tell and stop it.
#[test]
fn the_programs_that_never_end_are_ended_and_left_out_of_the_real_world() {
    let out = threeways(&["run", "sharing"]);
    let stdout = text(&out.stdout);
    for program in ChapterId::Sharing.programs() {
        assert!(stdout.contains(&format!("== {program} ==")), "{stdout}");
    }
    use threeways_sim::hang::{NO_CALLBACK_LEFT, NO_TASK_CAN_WAKE, NO_THREAD_CAN_RUN};
    for why in [NO_THREAD_CAN_RUN, NO_CALLBACK_LEFT, NO_TASK_CAN_WAKE] {
        assert_eq!(stdout.matches(why).count(), 1, "{why}: {stdout}");
    }
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
    let hang = threeways(&["run", "sharing", "--variant", "hang"]);
    assert!(hang.status.success(), "{}", text(&hang.stderr));
    assert_eq!(
        text(&hang.stdout)
            .matches("result: error: the program hung")
            .count(),
        3
    );
    let real = threeways(&["run", "sharing", "--real", "--style", "callbacks"]);
    assert!(real.status.success(), "{}", text(&real.stderr));
    assert!(!text(&real.stdout).contains("callbacks, hang"));
    assert!(
        text(&real.stderr).contains("sharing, callbacks, hang never ends"),
        "{}",
        text(&real.stderr)
    );
    // Asked for by name, a program that never ends runs for real, and is
    // stopped by `--stop-after`: that is its lesson, so `run` succeeds.
    let stopped = threeways(&[
        "run",
        "sharing",
        "--real",
        "--variant",
        "hang",
        "--style",
        "blocking",
        "--stop-after",
        "1s",
    ]);
    assert_eq!(stopped.status.code(), Some(0), "{}", text(&stopped.stderr));
    let stdout = text(&stopped.stdout);
    assert!(
        stdout.contains("stopped after 1 s if still going"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("stopped after 1 s: still going\n"),
        "{stdout}"
    );
    assert_eq!(text(&stopped.stderr), "");
    // A program that should end, stopped still going, fails, in one line.
    crate::real::assert_one_line(
        &threeways(&[
            "run",
            "download",
            "--real",
            "--style",
            "async",
            "--stop-after",
            "1ms",
        ]),
        1,
        &[
            "download, async",
            "still going when --stop-after stopped it",
        ],
    );
}

/// `threeways ARGS`, run in the folder `dir`.
fn threeways_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threeways"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the threeways binary runs")
}

/// The binary finds its repository at run time, in the folder it is run in
/// or a folder above: never where it was built. A copy run in another
/// checkout works on that one; run outside any, a command that needs one
/// says so in one line.
#[test]
fn the_checkout_is_the_one_the_command_runs_in() {
    let root = threeways_test_support::root();
    let id = "predict-join-all";
    // From a folder inside this checkout: its file, as shipped.
    let inside = threeways_in(
        &root.join("crates/exercises/src"),
        &["exercise", "check", id],
    );
    assert!(
        text(&inside.stdout).contains("not started"),
        "{}{}",
        text(&inside.stdout),
        text(&inside.stderr)
    );
    // In another checkout, whose answer is right: that checkout's file.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("Cargo.toml"),
        "[workspace]\nmembers = []\n\n[package]\nname = \"threeways\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(other.path().join("book")).unwrap();
    std::fs::write(other.path().join("book/book.toml"), "").unwrap();
    let exercise = threeways_exercises::Exercise::find(id).unwrap();
    let file = other.path().join(exercise.file());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, exercise.solution).unwrap();
    let done = threeways_in(other.path(), &["exercise", "check", id]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(text(&done.stdout).contains(&format!("{id}: done")));
    // Outside any checkout.
    let nowhere = tempfile::tempdir().unwrap();
    for args in [
        vec!["exercise", "check"],
        vec!["exercise", "watch"],
        vec!["book", "build"],
        vec!["exercise", "grade", "x", "--out", "y"],
    ] {
        let out = threeways_in(nowhere.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("is not inside a checkout of Three Ways to Wait"),
            "{stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(nowhere.path()).unwrap().count(),
        0,
        "nothing written where no checkout is"
    );
}
