//! `cargo run -p threeways-browser`: the book in a real browser.
//!
//! Serves the book as `book serve` does (on a free port of 127.0.0.1),
//! starts Debian's headless Chromium under chromedriver, and checks what
//! only a browser shows: tabs and side-by-side columns, search, the
//! timelines' contrast in every theme, the exercise hints, the "predict the
//! output" forms (checked against `exercise check`), what a reader with a
//! keyboard or a screen reader meets, the print page, the console, and the
//! reload after a rebuild. Then it saves screenshots
//! of a few pages in a light and a dark theme.
//!
//! It needs `chromium` and `chromium-driver` (`.ci/run` installs them);
//! `cargo test` does not run it, so the test suite needs only Rust.
//!
//! # Layout
//!
//! - `access.rs`: the forms' focus, announcements and kept answers; the
//!   timelines tied to their traces, read by keyboard, their marks drawn.
//! - `driver.rs`: chromedriver and the browser session.
//! - `checks.rs`: the checks, one function each.
//! - `contrast.rs`: WCAG contrast between two colours.
//! - `predictions.rs`: the "predict the output" forms, held to the words of
//!   `exercise check`.

#![forbid(unsafe_code)]

mod access;
mod checks;
mod contrast;
mod driver;
mod predictions;

use clap::Parser;
use driver::{Browser, Chromedriver};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check the book in headless Chromium, and save screenshots.
#[derive(Parser)]
#[command(name = "threeways-browser")]
struct Args {
    /// Where to save the screenshots [default: target/browser-screenshots].
    #[arg(long)]
    screenshots: Option<PathBuf>,
}

/// The pages photographed, each at a window size that shows what it is
/// about (side-by-side code with Python's column, the porting diffs, the
/// trace legend, CPU bars, a phone-sized page, the table of differences,
/// Rust runs beside Python's, the three crawlers side by side, the hangs
/// shown as changes, the page on testing, a prediction's form, the table
/// of what is ours, the tasks named by their spans, the programs on both
/// executors, a socket waking a task, a real hang hunted, downloads
/// bounded, cancellation safety beside the open sidebar, the Rust you
/// need, the cost in code), some with a style's tab chosen.
const SCREENSHOTS: &[(&str, &str, u32, u32, Option<&str>)] = &[
    ("download", "download.html", 1920, 1600, None),
    ("introduction", "introduction.html", 1280, 2400, None),
    ("porting", "porting.html", 1280, 2400, None),
    ("cpu-bound", "cpu-bound.html", 1280, 2400, None),
    ("fan-out-phone", "fan-out.html", 390, 1600, None),
    ("differences", "differences.html", 1280, 1400, None),
    ("first-await", "first-await.html", 1920, 3000, None),
    (
        "predict-form",
        "first-await.html#predict-lazy-future-form",
        1280,
        1400,
        None,
    ),
    (
        "ticker-python-tab",
        "ticker.html",
        1280,
        2400,
        Some("python"),
    ),
    ("sharing", "sharing.html", 1920, 3600, None),
    ("sharing-changes", "sharing-hangs.html", 1920, 3000, None),
    ("sharing-mutex", "sharing-mutex.html", 1280, 2400, None),
    (
        "cancel-safety",
        "failures-cancel-safety.html",
        1400,
        3000,
        None,
    ),
    ("rust-you-need", "rust-you-need.html", 1280, 2400, None),
    (
        "cost-in-code",
        "differences.html#the-cost-in-code-counted",
        1280,
        1600,
        None,
    ),
    ("testing", "testing.html", 1280, 2400, None),
    ("ours", "ours.html", 1280, 2000, None),
    ("fan-out", "fan-out.html#all-at-once", 1920, 2400, None),
    (
        "under-the-hood",
        "under-the-hood.html#the-same-programs-on-both-executors",
        1280,
        1600,
        None,
    ),
    (
        "under-the-hood-socket",
        "under-the-hood.html#a-socket-wakes-a-task",
        1280,
        3000,
        None,
    ),
    ("hunting-a-hang", "hunting-a-hang.html", 1280, 4000, None),
    (
        "scale-bounds",
        "scale.html#10000-downloads-three-ways-to-bound-them",
        1280,
        1400,
        None,
    ),
    (
        "hunting-a-hang-tasks",
        "hunting-a-hang.html#tasks-the-stacks-are-empty",
        1280,
        2400,
        None,
    ),
];

fn main() -> ExitCode {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let shots = args
        .screenshots
        .unwrap_or_else(|| root.join("target/browser-screenshots"));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start tokio ({e})")),
    };
    match runtime.block_on(run(&root, &shots)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

/// Runs every check and takes the screenshots; `Ok(false)` if a check
/// failed, `Err` if the checks could not run at all.
async fn run(root: &Path, shots: &Path) -> Result<bool, String> {
    let install = "install Debian's chromium and chromium-driver \
                   (apt-get install -y chromium chromium-driver), as .ci/run does";
    let chromium = driver::find_program(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or_else(|| format!("no Chromium found on PATH; {install}"))?;
    let chromedriver = driver::find_program(&["chromedriver"])
        .ok_or_else(|| format!("no chromedriver found on PATH; {install}"))?;
    std::fs::create_dir_all(shots)
        .map_err(|e| format!("cannot create {} ({e})", shots.display()))?;
    let serving = threeways_book::serve::start(root, &root.join("target/book-browser"), 0)
        .map_err(|e| e.to_string())?;
    println!("serving the book at {}", serving.url());
    let driver = Chromedriver::start(&chromedriver)?;
    let session = driver.session(&chromium).await?;
    let browser = Browser {
        session,
        base: serving.url(),
    };

    let mut report = Report::default();
    report.check(
        "the style tabs switch, and the choice carries across pages",
        checks::tabs_switch_and_carry_across_pages(&browser).await,
    );
    let chapters = checks::chapters(&browser).await;
    report.check(
        "side by side: columns on a wide page (four from 1450 px), remembered, tabs and no sideways scroll at 390 px",
        match &chapters {
            Ok(chapters) => checks::side_by_side_on_wide_pages_only(&browser, chapters).await,
            Err(e) => Err(e.clone()),
        },
    );
    report.check(
        "every table fits its page at 1280 px",
        match &chapters {
            Ok(chapters) => checks::tables_fit_their_pages(&browser, chapters).await,
            Err(e) => Err(e.clone()),
        },
    );
    report.check(
        "no code, trace or timeline is cut off at 1400 and 1500 px with the sidebar open",
        match &chapters {
            Ok(chapters) => {
                checks::code_is_never_cut_off_beside_the_sidebar(&browser, chapters).await
            }
            Err(e) => Err(e.clone()),
        },
    );
    report.check(
        "search finds join_all",
        checks::search_finds_join_all(&browser).await,
    );
    report.check(
        "the timelines keep their contrast in every theme",
        checks::timelines_readable_in_every_theme(&browser).await,
    );
    report.check(
        "an exercise's hint opens a tier at a time",
        checks::exercise_hints_open_a_tier_at_a_time(&browser).await,
    );
    report.check(
        "a prediction's buttons move and take out lines, and Check says what is wrong",
        predictions::form_buttons_move_and_take_out_lines(&browser).await,
    );
    report.check(
        "a prediction form keeps the focus after every button, and says each move and its verdict",
        access::prediction_form_keeps_focus_and_says_each_move(&browser).await,
    );
    report.check(
        "a prediction's answer is kept across a reload",
        access::prediction_answer_kept_across_reloads(&browser).await,
    );
    report.check(
        "each timeline is described by its trace, and its bars and notes are reached with Tab and named",
        access::timelines_tied_to_traces_and_read_by_keyboard(&browser).await,
    );
    report.check(
        "cancelled, hung and missed are drawn in the timelines, and keyed",
        access::cut_short_marks_are_drawn(&browser).await,
    );
    report.check(
        "every known prediction gets, on its page, the checker's words",
        predictions::forms_say_what_the_checker_says(&browser, root).await,
    );
    report.check(
        "a prediction's answer opens after three different wrong tries, as the checker shows it",
        predictions::answer_opens_after_a_few_tries(&browser, root).await,
    );
    report.check(
        "the print page holds every chapter",
        match &chapters {
            Ok(chapters) => checks::print_page_holds_every_chapter(&browser, chapters).await,
            Err(e) => Err(e.clone()),
        },
    );
    report.check(
        "an open page reloads after a rebuild",
        checks::page_reloads_after_a_rebuild(&browser, || {
            serving.rebuild().map_err(|e| e.to_string())
        })
        .await,
    );
    // Last: every page above has been opened, in every theme.
    report.check(
        "no JavaScript errors in the console",
        checks::no_console_errors(&browser).await,
    );
    report.check(
        "screenshots",
        screenshots(&browser, shots).await.map(|files| {
            println!(
                "   screenshots in {}: {}",
                shots.display(),
                files.join(", ")
            );
        }),
    );

    let _ = browser.session.close().await;
    drop(driver);
    println!("{} passed, {} failed", report.passed, report.failed);
    Ok(report.failed == 0)
}

/// Each page of [`SCREENSHOTS`] in the light theme and in a dark one.
async fn screenshots(b: &Browser, shots: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for theme in ["light", "navy"] {
        for (name, page, width, height, style) in SCREENSHOTS {
            checks::forget_choices(b).await?;
            if let Some(style) = style {
                b.js(
                    "localStorage.setItem('threeways-style', arguments[0]);",
                    vec![serde_json::json!(style)],
                )
                .await?;
            }
            b.theme(theme).await?;
            b.resize(*width, *height).await?;
            b.open(page).await?;
            let file = format!("{name}-{theme}.png");
            b.screenshot(&shots.join(&file)).await?;
            files.push(file);
        }
        files.push(predictions::screenshot_checked(b, shots, theme).await?);
        files.push(predictions::screenshot_revealed(b, shots, theme).await?);
    }
    b.theme("light").await?;
    Ok(files)
}

#[derive(Default)]
struct Report {
    passed: usize,
    failed: usize,
}

impl Report {
    fn check(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.passed += 1;
                println!("ok   {name}");
            }
            Err(why) => {
                self.failed += 1;
                println!("FAIL {name}: {why}");
            }
        }
    }
}
