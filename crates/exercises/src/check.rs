//! What `cargo run -- exercise check` does: build each answer as a binary
//! of its own, run it, and say what passed, what failed and why, in words a
//! student can act on.
//!
//! All the answers are built by one `cargo build --keep-going`, so those
//! that compile are checked even while another does not; cargo's JSON
//! messages say which binary failed to compile, with the compiler's own
//! words. Each binary then runs under a time limit: an answer that loops
//! without ever waiting would otherwise never come back.
//!
//! The functions that turn results into text take no I/O, so the tests can
//! hold the wording to its promises without running cargo.

use crate::registry::{EXERCISES, Exercise, Kind, fingerprint};
use crate::verdict::{Failure, Verdict, parse};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use threeways_present::prediction::{REVEAL_AFTER, REVEALED};

/// How long one answer may run, in real time, before it is stopped.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The package that holds the check binaries.
const PACKAGE: &str = "threeways-exercises";

/// How wide the text is wrapped.
const WIDTH: usize = 88;

/// How many lines of a trace a report shows.
const TRACE_LINES: usize = 24;

/// Where an exercise stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every check passed.
    Done(Verdict),
    /// The answer still reaches a `todo!()`.
    NotStarted,
    /// The answer runs, and a check fails.
    Failing {
        /// What passed, and the failure.
        verdict: Verdict,
        /// Whether the file is as shipped: a find-the-bug exercise whose
        /// bug is still there has not been started either.
        untouched: bool,
    },
    /// The answer does not compile.
    DoesNotCompile {
        /// The compiler's first error, as it prints it.
        error: String,
        /// How many more errors there are.
        more: usize,
    },
    /// The check itself could not run, or the answer did not come back.
    Broken(String),
}

impl Status {
    /// Whether the exercise is done.
    pub fn is_done(&self) -> bool {
        matches!(self, Status::Done(_))
    }
}

/// One exercise, checked.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Which exercise.
    pub exercise: &'static Exercise,
    /// Where it stands.
    pub status: Status,
    /// What the answer itself printed.
    pub printed: Vec<String>,
    /// The compiler's warnings about the student's file, first lines only.
    pub warnings: Vec<String>,
    /// A prediction's answer, shown: after [`REVEAL_AFTER`] different
    /// wrong tries, or when asked for (`--reveal`). See [`reveal`].
    pub answer: Option<Revealed>,
}

/// A prediction's answer, as `exercise check` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revealed {
    /// Why it is shown: asked for, or after a few tries.
    pub asked: bool,
    /// Each line with its time, and the total (`Prediction::answer`).
    pub lines: String,
    /// The explanation's `## Why`.
    pub why: String,
}

/// What one `cargo build` of the check binaries gave.
#[derive(Clone, Debug, Default)]
pub struct Build {
    /// The executable of each binary that compiled, by exercise id.
    pub executables: BTreeMap<String, PathBuf>,
    /// The compiler's errors, by exercise id, as it prints them.
    pub errors: BTreeMap<String, Vec<String>>,
    /// The compiler's warnings, by exercise id, first lines only.
    pub warnings: BTreeMap<String, Vec<String>>,
    /// Why cargo failed, if it failed for a reason no binary explains.
    pub problem: Option<String>,
}

/// `cargo`, as the `cargo run` that started us names it.
fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Builds the check binaries of `exercises`, in the workspace at `root`.
pub fn build(root: &Path, exercises: &[&Exercise]) -> Build {
    build_into(root, exercises, None)
}

/// [`build`], into the target folder `target` if given (a checkout of its
/// own must have a target folder of its own: two checkouts that share one
/// replace each other's binaries).
pub fn build_into(root: &Path, exercises: &[&Exercise], target: Option<&Path>) -> Build {
    let mut command = Command::new(cargo());
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    command
        .current_dir(root)
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        // The `threeways` package beside ours: the dependencies are then
        // built with the features the `cargo run` before us gave them, and
        // need not be built a second time with others (`--workspace` would
        // add the book's, whose mdBook turns more of them on).
        .args(["-p", "threeways", "-p", PACKAGE])
        .args(["--keep-going", "--quiet"])
        .arg("--message-format=json");
    let built: Vec<&&Exercise> = exercises.iter().filter(|e| e.has_binary()).collect();
    if built.is_empty() {
        return Build::default();
    }
    for exercise in built {
        command.args(["--bin", exercise.id]);
    }
    let output = match command.stdin(Stdio::null()).output() {
        Ok(output) => output,
        Err(error) => {
            return Build {
                problem: Some(format!("cannot run cargo ({error})")),
                ..Build::default()
            };
        }
    };
    let mut build = parse_cargo_messages(&String::from_utf8_lossy(&output.stdout));
    if !output.status.success() && build.errors.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        build.problem = Some(format!(
            "cargo could not build the exercises: {}",
            said.join(" ")
        ));
    }
    build
}

/// Reads cargo's `--message-format=json` output: which binaries were
/// built, and what the compiler said about each of the others.
pub fn parse_cargo_messages(stdout: &str) -> Build {
    let mut build = Build::default();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = &message["target"];
        let is_bin = target["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "bin"));
        let Some(name) = target["name"].as_str().filter(|_| is_bin) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(exe) = message["executable"].as_str() {
                    build.executables.insert(name.to_owned(), exe.into());
                }
            }
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let has_place = diagnostic["spans"]
                    .as_array()
                    .is_some_and(|spans| !spans.is_empty());
                let rendered = diagnostic["rendered"].as_str().unwrap_or_default();
                let rendered = tidy_paths(rendered.trim_end());
                match diagnostic["level"].as_str() {
                    Some("error") if has_place => {
                        build
                            .errors
                            .entry(name.to_owned())
                            .or_default()
                            .push(rendered);
                    }
                    Some("warning") if in_student_file(name, diagnostic) => {
                        let first = rendered.lines().take(2).collect::<Vec<_>>().join("\n");
                        build
                            .warnings
                            .entry(name.to_owned())
                            .or_default()
                            .push(first);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    build
}

/// Whether the diagnostic is about the student's file of exercise `id`.
fn in_student_file(id: &str, diagnostic: &serde_json::Value) -> bool {
    let file = format!("crates/exercises/exercises/{id}.rs");
    diagnostic["spans"].as_array().is_some_and(|spans| {
        spans.iter().any(|span| {
            span["is_primary"] == true
                && span["file_name"]
                    .as_str()
                    .is_some_and(|name| crate::judge::tidy_path(name) == file)
        })
    })
}

/// The compiler names a student's file by the way the binary includes it:
/// `src/bin/../../exercises/x.rs`. A student knows it as `exercises/x.rs`.
fn tidy_paths(text: &str) -> String {
    text.replace("src/bin/../../exercises/", "exercises/")
}

/// Runs the check binary of `exercise` from `build`, in the workspace at
/// `root`, and says where the exercise stands. A prediction has no binary:
/// it is judged here, from its file.
pub fn check(root: &Path, build: &Build, exercise: &'static Exercise) -> Checked {
    if !exercise.has_binary() {
        return check_prediction(root, exercise);
    }
    let warnings = build.warnings.get(exercise.id).cloned().unwrap_or_default();
    let mut checked = Checked {
        exercise,
        status: Status::NotStarted,
        printed: Vec::new(),
        warnings,
        answer: None,
    };
    if let Some(errors) = build.errors.get(exercise.id) {
        checked.status = Status::DoesNotCompile {
            error: errors[0].clone(),
            more: errors.len() - 1,
        };
        return checked;
    }
    let Some(executable) = build.executables.get(exercise.id) else {
        let why = build
            .problem
            .clone()
            .unwrap_or_else(|| "cargo did not build its check".to_owned());
        checked.status = Status::Broken(why);
        return checked;
    };
    let stdout = match run_with_limit(root, executable, TIME_LIMIT) {
        Ok(stdout) => stdout,
        Err(problem) => {
            checked.status = Status::Broken(problem);
            return checked;
        }
    };
    let printed = parse(&stdout);
    checked.printed = printed.other;
    let untouched = std::fs::read_to_string(root.join(exercise.file()))
        .is_ok_and(|text| exercise.is_untouched(&text));
    checked.status = match printed.verdict {
        Some(verdict) if verdict.passes() => Status::Done(verdict),
        Some(verdict) if verdict.not_started() => Status::NotStarted,
        Some(verdict) => Status::Failing { verdict, untouched },
        None => Status::Broken(
            "the check stopped before it had a verdict: a bug in the checker, or an answer that \
             ended the program (`std::process::exit`, an abort)"
                .to_owned(),
        ),
    };
    checked
}

/// Judges the prediction in `exercise`'s file, in this process.
fn check_prediction(root: &Path, exercise: &'static Exercise) -> Checked {
    let path = root.join(exercise.file());
    let status = match std::fs::read_to_string(&path) {
        Err(error) => Status::Broken(format!(
            "cannot read {} ({error}); `git checkout {}` brings it back as shipped",
            exercise.file(),
            exercise.file()
        )),
        Ok(text) => {
            let verdict = crate::predictions::judge(exercise, &text);
            match verdict.failed {
                None => Status::Done(verdict),
                Some(Failure::NotStarted) => Status::NotStarted,
                Some(_) => Status::Failing {
                    verdict,
                    untouched: false,
                },
            }
        }
    };
    Checked {
        exercise,
        status,
        printed: Vec::new(),
        warnings: Vec::new(),
        answer: None,
    }
}

/// [`check`], then, for a prediction that is not right, the answer if
/// `asked` (`--reveal`), or after [`REVEAL_AFTER`] different wrong tries:
/// each wrong answer checked is remembered (its fingerprint, in
/// `target/threeways-exercises/prediction-tries.txt`; delete the file to
/// start again). The CLI's check, and the watch's.
pub fn check_and_reveal(
    root: &Path,
    build: &Build,
    exercise: &'static Exercise,
    asked: bool,
) -> Checked {
    let mut checked = check(root, build, exercise);
    let failing = matches!(checked.status, Status::Failing { .. });
    if exercise.kind != Kind::Predict || !(failing || asked && !checked.status.is_done()) {
        return checked;
    }
    let tries = match std::fs::read_to_string(root.join(exercise.file())) {
        Ok(text) if failing => remember_try(root, exercise.id, fingerprint(&text)),
        _ => 0,
    };
    if asked || tries >= REVEAL_AFTER {
        checked.answer = revealed(exercise, asked);
    }
    checked
}

/// The answer to the prediction `exercise`.
fn revealed(exercise: &Exercise, asked: bool) -> Option<Revealed> {
    let prediction = crate::predictions::program(exercise.id)?
        .prediction()
        .ok()?;
    Some(Revealed {
        asked,
        lines: prediction.answer(),
        why: prediction.explanations.why.clone(),
    })
}

/// Where the wrong tries at predictions are remembered.
fn tries_file(root: &Path) -> PathBuf {
    state_file(root, "prediction-tries.txt")
}

/// A file of what the checker remembers for a student, `name`, in the
/// checkout at `root`: under its target folder, which git ignores.
pub(crate) fn state_file(root: &Path, name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    target.join("threeways-exercises").join(name)
}

/// Remembers the wrong answer with `fingerprint` to the prediction `id`,
/// and returns how many different ones there have been. Where the file
/// cannot be written, the try is not remembered (and the answer not shown
/// after a few; `--reveal` still shows it).
fn remember_try(root: &Path, id: &str, fingerprint: u64) -> usize {
    let file = tries_file(root);
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    let (after, tries) = tried(&before, id, fingerprint);
    if after != before {
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&file, &after));
        if written.is_err() {
            return tries.saturating_sub(1);
        }
    }
    tries
}

/// The record of tries `record` (a line `ID FINGERPRINT` per wrong answer)
/// with the try `fingerprint` at `id` added if it is new, and how many
/// different tries at `id` it holds then.
fn tried(record: &str, id: &str, fingerprint: u64) -> (String, usize) {
    let line = format!("{id} {fingerprint:016x}");
    let mut out = record.to_owned();
    if !record.lines().any(|l| l == line) {
        out.push_str(&line);
        out.push('\n');
    }
    let prefix = format!("{id} ");
    let tries = out.lines().filter(|l| l.starts_with(&prefix)).count();
    (out, tries)
}

/// `exercise check --format json`: one exercise as one line of JSON, in
/// the shape the teacher's guide documents (*The JSON of a check*), which
/// a test pins: `id`, `kind`, `chapter`, `status`, `passed`,
/// `cases` (each `{"passed", "says"}`: the checks that passed, in order,
/// then the failures), `failure` (the first failure's words, or `null`)
/// and `unchecked`.
pub fn to_json(checked: &Checked) -> String {
    to_json_value(checked).to_string()
}

/// [`to_json`]'s object, for a report that adds fields to it (`exercise
/// grade` adds the student's name).
pub fn to_json_value(checked: &Checked) -> serde_json::Value {
    let exercise = checked.exercise;
    let (status, verdict, failure) = match &checked.status {
        Status::Done(verdict) => ("done", Some(verdict), None),
        Status::NotStarted => ("not-started", None, None),
        Status::Failing { verdict, untouched } => {
            let status = if *untouched { "not-started" } else { "failing" };
            (status, Some(verdict), verdict.message().map(str::to_owned))
        }
        Status::DoesNotCompile { error, .. } => ("does-not-compile", None, Some(error.clone())),
        Status::Broken(why) => ("broken", None, Some(why.clone())),
    };
    let mut cases: Vec<serde_json::Value> = Vec::new();
    let mut unchecked: Vec<&String> = Vec::new();
    if let Some(verdict) = verdict {
        let passed = verdict.passed.iter().map(|says| (true, says));
        let failed = verdict
            .message()
            .into_iter()
            .chain(verdict.more.iter().map(String::as_str));
        for (passed, says) in passed
            .map(|(p, s)| (p, s.as_str()))
            .chain(failed.map(|s| (false, s)))
        {
            cases.push(serde_json::json!({ "passed": passed, "says": says }));
        }
        unchecked.extend(&verdict.unchecked);
    }
    serde_json::json!({
        "id": exercise.id,
        "kind": exercise.kind.slug(),
        "chapter": exercise.chapter.slug(),
        "status": status,
        "passed": checked.status.is_done(),
        "cases": cases,
        "failure": failure,
        "unchecked": unchecked,
    })
}

/// Runs `executable` and returns what it printed, or why it did not finish.
fn run_with_limit(root: &Path, executable: &Path, limit: Duration) -> Result<String, String> {
    let mut child = Command::new(executable)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {} ({error})", executable.display()))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    // Read while it runs, so a full pipe cannot stop it.
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let reading_errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "your answer was still running after {} s of real time. The simulated \
                     clock moves only when every task waits for something that takes time (a \
                     timer, a fetch, a write), so a loop that never does runs for ever: one \
                     with no `.await` at all, and one whose `.await`s are always ready at once, \
                     such as `yield_now().await`.",
                    limit.as_secs()
                ));
            }
            Err(error) => return Err(format!("cannot wait for the check ({error})")),
        }
    };
    let stdout = reading.join().unwrap_or_default();
    let stderr = reading_errors.join().unwrap_or_default();
    if stdout.contains(crate::verdict::PREFIX) {
        Ok(stdout)
    } else {
        let said: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        Err(format!(
            "the check stopped ({status}) before it had a verdict: {}",
            said.join(" ")
        ))
    }
}

/// The report of one exercise, for `exercise check ID`.
pub fn describe(checked: &Checked) -> String {
    let exercise = checked.exercise;
    let mut out = String::new();
    let (mark, state) = match &checked.status {
        Status::Done(_) => ("✓", "done"),
        Status::NotStarted => ("·", "not started"),
        Status::Failing {
            untouched: true, ..
        } => ("✗", "not started: the bug is still there"),
        Status::Failing { .. } => ("✗", "not yet"),
        Status::DoesNotCompile { .. } => ("✗", "does not compile yet"),
        Status::Broken(_) => ("!", "could not be checked"),
    };
    let _ = writeln!(out, "{mark} {}: {state}", exercise.id);
    out.push_str(&wrap(
        &format!(
            "{}{} ({}, chapter {}).",
            exercise.title[..1].to_uppercase(),
            &exercise.title[1..],
            exercise.kind.label(),
            exercise.chapter.slug()
        ),
        "  ",
        "  ",
    ));
    match &checked.status {
        Status::Done(verdict) => {
            for passed in &verdict.passed {
                out.push_str(&wrap(passed, "  ✓ ", "    "));
            }
            for unchecked in &verdict.unchecked {
                out.push_str(&wrap(unchecked, "  ! ", "    "));
            }
            let _ = writeln!(
                out,
                "\nDone. Compare with a solution: cargo run -- exercise solution {}",
                exercise.id
            );
            return out;
        }
        Status::NotStarted => {
            let what = match exercise.kind {
                Kind::Predict => {
                    "Put its lines in order, and replace the `?` of the last line with the \
                     program's total virtual time."
                }
                _ => "Replace the `todo!()` with your code.",
            };
            out.push_str(&wrap(
                &format!("The task is at the top of {}. {what}", exercise.file()),
                "  ",
                "  ",
            ));
        }
        Status::Failing { verdict, untouched } => {
            for passed in &verdict.passed {
                out.push_str(&wrap(passed, "  ✓ ", "    "));
            }
            for unchecked in &verdict.unchecked {
                out.push_str(&wrap(unchecked, "  ! ", "    "));
            }
            if let Some(Failure::Wrong {
                message,
                trace,
                beside,
            }) = &verdict.failed
            {
                out.push_str(&wrap(message, "  ✗ ", "    "));
                if let Some(beside) = beside {
                    out.push_str(
                        "\n  Your program beside the reference, aligned on time (times are \
                         virtual):\n",
                    );
                    out.push_str(&shorten_columns(beside, "    "));
                } else if let Some(trace) = trace {
                    out.push_str("\n  What your program did (times are virtual):\n");
                    out.push_str(&shorten_trace(trace, "    "));
                }
            }
            if !verdict.more.is_empty() {
                let cases = if verdict.more.len() == 1 {
                    "Another case fails too:".to_owned()
                } else {
                    format!("{} other cases fail too:", verdict.more.len())
                };
                let _ = writeln!(out, "\n  {cases}");
                for more in &verdict.more {
                    out.push_str(&wrap(more, "  ✗ ", "    "));
                }
            }
            if *untouched {
                out.push_str(&wrap(
                    &format!(
                        "This is {} as shipped: the bug is still in it. Find it, fix it, and \
                         check again.",
                        exercise.file()
                    ),
                    "\n  ",
                    "  ",
                ));
            }
        }
        Status::DoesNotCompile { error, more } => {
            for line in error.lines() {
                let _ = writeln!(out, "    {line}");
            }
            if *more > 0 {
                let errors = if *more == 1 { "error" } else { "errors" };
                let _ = writeln!(
                    out,
                    "  ...and {more} more {errors}: `cargo build -p {PACKAGE} --bin {}` shows them all.",
                    exercise.id
                );
            }
        }
        Status::Broken(why) => {
            out.push_str(&wrap(why, "  ", "  "));
        }
    }
    if let Some(answer) = &checked.answer {
        let said = if answer.asked {
            "The answer (you asked for it with --reveal):"
        } else {
            REVEALED
        };
        let _ = writeln!(out, "\n  {said}");
        for line in answer.lines.lines() {
            let _ = writeln!(out, "    {line}");
        }
        out.push('\n');
        out.push_str(&wrap(&answer.why, "  ", "  "));
    } else if exercise.kind == Kind::Predict && matches!(checked.status, Status::Failing { .. }) {
        out.push_str(&wrap(
            &format!(
                "After {REVEAL_AFTER} different wrong tries the checker shows the answer; or now, \
                 with `{} --reveal`.",
                exercise.check_command()
            ),
            "\n  ",
            "  ",
        ));
    }
    if !checked.printed.is_empty() {
        out.push_str("\n  Your program printed:\n");
        for line in checked.printed.iter().take(TRACE_LINES) {
            let _ = writeln!(out, "    {line}");
        }
    }
    if !checked.warnings.is_empty() && !matches!(checked.status, Status::NotStarted) {
        out.push_str("\n  The compiler warned:\n");
        for warning in &checked.warnings {
            for line in warning.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    let _ = write!(
        out,
        "\n  Edit {}, then check again:\n    {}\n",
        exercise.file(),
        exercise.check_command()
    );
    if exercise.kind.starts_as_a_stub() || !matches!(checked.status, Status::NotStarted) {
        let _ = writeln!(out, "  Stuck? cargo run -- exercise hint {}", exercise.id);
    }
    out
}

/// One line for an exercise in the report of `exercise check`.
pub fn summary_line(checked: &Checked) -> String {
    let width = EXERCISES.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let id = checked.exercise.id;
    let (mark, what) = match &checked.status {
        Status::Done(_) => ("✓", "done".to_owned()),
        Status::NotStarted => ("·", "not started".to_owned()),
        Status::Failing {
            untouched: true, ..
        } => ("·", "not started: find the bug".to_owned()),
        Status::Failing { verdict, .. } => {
            let more = match verdict.more.len() {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            // The count stays in sight however long the message is.
            let message = verdict.message().unwrap_or_default();
            let room = WIDTH.saturating_sub(width + more.len() + 13);
            ("✗", format!("not yet: {}{more}", shorten(message, room)))
        }
        Status::DoesNotCompile { error, .. } => (
            "✗",
            format!(
                "does not compile yet: {}",
                error.lines().next().unwrap_or_default()
            ),
        ),
        Status::Broken(why) => ("!", format!("could not be checked: {why}")),
    };
    let line = format!("{mark} {id:<width$}  {what}");
    shorten(&line, WIDTH)
}

/// The last lines of `exercise check`: how many are done, and what next.
pub fn progress(checked: &[Checked]) -> String {
    let done = checked.iter().filter(|c| c.status.is_done()).count();
    let total = checked.len();
    match checked.iter().find(|c| !c.status.is_done()) {
        None => format!("{done}/{total} done: every exercise passes its checks.\n"),
        Some(next) => {
            let exercise = next.exercise;
            format!(
                "{done}/{total} done, next: {}\n  Edit {}, then run `{}`.\n",
                exercise.id,
                exercise.file(),
                exercise.check_command()
            )
        }
    }
}

/// The list `exercise list` prints: the exercises, lesson by lesson of
/// the course, and page by page.
pub fn list() -> String {
    let width = EXERCISES.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut chapter = None;
    let mut lesson = None;
    for exercise in EXERCISES {
        let (this_lesson, _) = exercise.chapter.in_course().unwrap_or_default();
        if lesson != Some(this_lesson) {
            lesson = Some(this_lesson);
            if this_lesson > 0 {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "Lesson {}: {}",
                this_lesson + 1,
                crate::registry::COURSE[this_lesson].title
            );
        }
        if chapter != Some(exercise.chapter) {
            chapter = Some(exercise.chapter);
            let _ = writeln!(out, "  {}:", exercise.chapter.slug());
        }
        // A title too long for the line goes on under itself.
        let first = format!(
            "    {:<width$}  {:<12}  ",
            exercise.id,
            exercise.kind.label()
        );
        let rest = " ".repeat(first.chars().count());
        out.push_str(&wrap(exercise.title, &first, &rest));
    }
    out.push_str(
        "\nEach exercise is a file in crates/exercises/exercises/, with the task at its top.\n\
         Check one with `cargo run -- exercise check ID`, or all of them, and see how far\n\
         you are, with `cargo run -- exercise check`.\n",
    );
    out
}

/// `text` cut to `width` characters, ending in `…` if it was longer.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let cut: String = text.chars().take(width - 1).collect();
    format!("{}…", cut.trim_end())
}

/// How many of the lines a long trace shows are its last ones: what went
/// on at the end, such as work left running, or a note that the world
/// stopped it.
const TRACE_TAIL: usize = 4;

/// The first lines of a trace, its last few, and its total line, each
/// indented.
fn shorten_trace(trace: &str, indent: &str) -> String {
    let lines: Vec<&str> = trace.lines().collect();
    let mut out = String::new();
    let (events, total) = match lines.split_last() {
        Some((last, events)) if last.starts_with("total:") => (events, Some(*last)),
        _ => (&lines[..], None),
    };
    if events.len() <= TRACE_LINES {
        for line in events {
            let _ = writeln!(out, "{indent}{line}");
        }
    } else {
        let head = TRACE_LINES - TRACE_TAIL;
        let tail = events.len() - TRACE_TAIL;
        for line in &events[..head] {
            let _ = writeln!(out, "{indent}{line}");
        }
        let _ = writeln!(out, "{indent}... ({} more lines)", tail - head);
        for line in &events[tail..] {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    if let Some(total) = total {
        let _ = writeln!(out, "{indent}{total}");
    }
    out
}

/// The side-by-side view, each line indented, and cut as a long trace is:
/// its two title lines, the first rows, the last few, and the totals.
fn shorten_columns(columns: &str, indent: &str) -> String {
    let lines: Vec<&str> = columns.lines().collect();
    // Two lines of titles above the rows, two of totals below them.
    let (head, rest) = lines.split_at(2.min(lines.len()));
    let (rows, foot) = rest.split_at(rest.len().saturating_sub(2));
    let mut out = String::new();
    let mut push = |line: &str| {
        let _ = writeln!(out, "{indent}{line}");
    };
    head.iter().for_each(|line| push(line));
    if rows.len() <= TRACE_LINES {
        rows.iter().for_each(|line| push(line));
    } else {
        let (first, last) = (TRACE_LINES - TRACE_TAIL, rows.len() - TRACE_TAIL);
        rows[..first].iter().for_each(|line| push(line));
        push(&format!("... ({} more lines)", last - first));
        rows[last..].iter().for_each(|line| push(line));
    }
    foot.iter().for_each(|line| push(line));
    out
}

/// `text` wrapped to [`WIDTH`] columns: the first line begins with `first`,
/// the others with `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with its line breaks and indents made single spaces, so a
    /// test can look for a sentence wherever the text was wrapped.
    fn flat(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn exercise(id: &str) -> &'static Exercise {
        Exercise::find(id).unwrap()
    }

    fn checked(id: &str, status: Status) -> Checked {
        Checked {
            exercise: exercise(id),
            status,
            printed: Vec::new(),
            warnings: Vec::new(),
            answer: None,
        }
    }

    fn failing(message: &str) -> Status {
        Status::Failing {
            verdict: Verdict {
                passed: vec!["With no pages, the board is empty, at once.".into()],
                failed: Some(Failure::wrong(
                    message.into(),
                    Some(
                        "  0 ms  main  [wait 120 ms] fetch x\ntotal: 500 ms (virtual), 1 thread\n"
                            .into(),
                    ),
                )),
                ..Verdict::default()
            },
            untouched: false,
        }
    }

    #[test]
    fn nothing_done_names_the_first_exercise_and_its_file() {
        let all: Vec<Checked> = EXERCISES
            .iter()
            .map(|e| checked(e.id, Status::NotStarted))
            .collect();
        let first = &EXERCISES[0];
        assert_eq!(
            progress(&all),
            format!(
                "0/{} done, next: {}\n  Edit {}, then run `cargo run -- exercise check {}`.\n",
                EXERCISES.len(),
                first.id,
                first.file(),
                first.id
            )
        );
    }

    #[test]
    fn progress_counts_what_is_done_and_names_the_first_that_is_not() {
        let mut all: Vec<Checked> = EXERCISES
            .iter()
            .map(|e| checked(e.id, Status::Done(Verdict::default())))
            .collect();
        let n = all.len();
        assert_eq!(
            progress(&all),
            format!("{n}/{n} done: every exercise passes its checks.\n")
        );
        all[4].status = failing("took 500 ms");
        all[7].status = Status::NotStarted;
        let text = progress(&all);
        assert!(
            text.starts_with(&format!("{}/{n} done, next: {}\n", n - 2, EXERCISES[4].id)),
            "{text}"
        );
    }

    #[test]
    fn a_failure_is_reported_with_what_passed_the_reason_and_the_trace() {
        let report = describe(&checked(
            "fan-out-async",
            failing(
                "With five pages, your board took 500 ms of virtual time; a concurrent version takes 200 ms.",
            ),
        ));
        assert!(
            report.starts_with(
                "✗ fan-out-async: not yet\n  A status board of many pages, with async/await (convert, chapter fan-out).\n"
            ),
            "{report}"
        );
        assert!(
            report.contains("  ✓ With no pages, the board is empty, at once.\n"),
            "{report}"
        );
        assert!(
            report.contains("  ✗ With five pages, your board took 500 ms"),
            "{report}"
        );
        assert!(
            flat(&report).contains("a concurrent version takes 200 ms."),
            "{report}"
        );
        assert!(report.contains("\n    total: 500 ms (virtual)"), "{report}");
        assert!(
            report.contains("Edit crates/exercises/exercises/fan-out-async.rs"),
            "{report}"
        );
        assert!(
            report.contains("cargo run -- exercise hint fan-out-async"),
            "{report}"
        );
        assert!(
            report.lines().all(|l| l.chars().count() <= WIDTH),
            "{report}"
        );
        let line = summary_line(&checked("fan-out-async", failing("took 500 ms")));
        assert!(line.starts_with("✗ fan-out-async"), "{line}");
        assert!(line.ends_with("not yet: took 500 ms"), "{line}");
    }

    #[test]
    fn every_failing_case_is_reported_and_counted_in_the_summary() {
        let mut status = failing("With five pages, your board was late.");
        if let Status::Failing { verdict, .. } = &mut status {
            verdict.more = vec![
                "With no pages, the program went on until 70 ms.".into(),
                "With a page twice, a line is missing.".into(),
            ];
        }
        let one = checked("fan-out-async", status);
        let report = describe(&one);
        assert!(report.contains("\n  2 other cases fail too:\n"), "{report}");
        assert!(
            report.contains("  ✗ With no pages, the program went on until 70 ms.\n"),
            "{report}"
        );
        let line = summary_line(&one);
        assert!(line.ends_with(" (and 2 more)"), "{line}");
        assert!(line.chars().count() <= WIDTH, "{line}");
    }

    #[test]
    fn tries_are_counted_once_each_and_by_exercise() {
        let (record, n) = tried("", "predict-join-all", 7);
        assert_eq!(
            (record.as_str(), n),
            ("predict-join-all 0000000000000007\n", 1)
        );
        let (record, n) = tried(&record, "predict-join-all", 7);
        assert_eq!(n, 1, "the same answer checked again is the same try");
        let (record, n) = tried(&record, "predict-lazy-future", 8);
        assert_eq!(n, 1);
        let (_, n) = tried(&record, "predict-join-all", 9);
        assert_eq!(n, 2);
    }

    #[test]
    fn a_prediction_says_when_its_answer_comes_and_shows_it_then() {
        let mut one = checked("predict-join-all", failing("Your line 2 is wrong."));
        let report = describe(&one);
        assert!(
            flat(&report).contains(
                "After 3 different wrong tries the checker shows the answer; or now, with \
                 `cargo run -- exercise check predict-join-all --reveal`."
            ),
            "{report}"
        );
        one.answer = revealed(one.exercise, false);
        let report = describe(&one);
        let prediction = crate::predictions::program("predict-join-all")
            .unwrap()
            .prediction()
            .unwrap();
        assert!(report.contains(REVEALED), "{report}");
        for line in &prediction.written {
            assert!(report.contains(&line.text), "{report}");
        }
        assert!(report.contains(&format!("    total: {} ms\n", prediction.total.as_millis())));
        assert!(
            report.lines().all(|l| l.chars().count() <= WIDTH),
            "{report}"
        );
    }

    /// The shape the teacher's guide documents, field by field: a change
    /// here is a change for every classroom that reads it.
    #[test]
    fn the_json_of_a_check_has_its_documented_shape() {
        let mut status = failing("With five pages, your board was late.");
        if let Status::Failing { verdict, .. } = &mut status {
            verdict.more = vec!["With no pages, the board never came.".into()];
            verdict.unchecked = vec!["Not checked here.".into()];
        }
        assert_eq!(
            to_json(&checked("fan-out-async", status)),
            r#"{"cases":[{"passed":true,"says":"With no pages, the board is empty, at once."},{"passed":false,"says":"With five pages, your board was late."},{"passed":false,"says":"With no pages, the board never came."}],"chapter":"fan-out","failure":"With five pages, your board was late.","id":"fan-out-async","kind":"convert","passed":false,"status":"failing","unchecked":["Not checked here."]}"#
        );
        let done = Status::Done(Verdict {
            passed: vec!["Every line is in its place.".into()],
            ..Verdict::default()
        });
        assert_eq!(
            to_json(&checked("predict-join-all", done)),
            r#"{"cases":[{"passed":true,"says":"Every line is in its place."}],"chapter":"fan-out","failure":null,"id":"predict-join-all","kind":"predict","passed":true,"status":"done","unchecked":[]}"#
        );
        let error = Status::DoesNotCompile {
            error: "error[E0308]: mismatched types".into(),
            more: 0,
        };
        assert_eq!(
            to_json(&checked("download-async", error)),
            r#"{"cases":[],"chapter":"download","failure":"error[E0308]: mismatched types","id":"download-async","kind":"convert","passed":false,"status":"does-not-compile","unchecked":[]}"#
        );
        assert!(
            to_json(&checked("bug-hang", Status::NotStarted)).contains(r#""status":"not-started""#)
        );
    }

    #[test]
    fn an_untouched_bug_is_not_started_and_still_shows_its_symptom() {
        let mut status = failing("When both are missing, `done` was never called.");
        if let Status::Failing { untouched, .. } = &mut status {
            *untouched = true;
        }
        let one = checked("bug-never-called", status);
        assert!(summary_line(&one).ends_with("not started: find the bug"));
        let report = describe(&one);
        assert!(report.contains("`done` was never called"), "{report}");
        assert!(
            flat(&report).contains("as shipped: the bug is still in it"),
            "{report}"
        );
    }

    #[test]
    fn cargo_messages_say_which_answers_compiled_and_why_the_others_did_not() {
        let messages = [
            r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"threeways_exercises"},"executable":null}"#,
            r#"{"reason":"compiler-artifact","target":{"kind":["bin"],"name":"download-async"},"executable":"/t/debug/download-async"}"#,
            r#"{"reason":"compiler-message","target":{"kind":["bin"],"name":"fan-out-async"},"message":{"level":"error","rendered":"error[E0308]: mismatched types\n --> crates/exercises/src/bin/../../exercises/fan-out-async.rs:3:5\n","spans":[{"file_name":"crates/exercises/src/bin/../../exercises/fan-out-async.rs","is_primary":true}]}}"#,
            r#"{"reason":"compiler-message","target":{"kind":["bin"],"name":"fan-out-async"},"message":{"level":"error","rendered":"error: aborting due to 1 previous error\n","spans":[]}}"#,
            r#"{"reason":"compiler-message","target":{"kind":["bin"],"name":"download-async"},"message":{"level":"warning","rendered":"warning: unused implementer of `Future` that must be used\n --> crates/exercises/src/bin/../../exercises/download-async.rs:9:9\n  |\n","spans":[{"file_name":"crates/exercises/src/bin/../../exercises/download-async.rs","is_primary":true}]}}"#,
            r#"{"reason":"build-finished","success":false}"#,
            "not json at all",
        ];
        let build = parse_cargo_messages(&messages.join("\n"));
        assert_eq!(
            build.executables,
            BTreeMap::from([(
                "download-async".to_owned(),
                "/t/debug/download-async".into()
            )])
        );
        assert_eq!(
            build.errors["fan-out-async"],
            [
                "error[E0308]: mismatched types\n --> crates/exercises/exercises/fan-out-async.rs:3:5"
            ]
        );
        assert_eq!(
            build.warnings["download-async"],
            [
                "warning: unused implementer of `Future` that must be used\n --> crates/exercises/exercises/download-async.rs:9:9"
            ]
        );
        let report = describe(&Checked {
            status: Status::DoesNotCompile {
                error: build.errors["fan-out-async"][0].clone(),
                more: 0,
            },
            ..checked("fan-out-async", Status::NotStarted)
        });
        assert!(report.contains("does not compile yet"), "{report}");
        assert!(
            report.contains("--> crates/exercises/exercises/fan-out-async.rs:3:5"),
            "{report}"
        );
    }

    #[test]
    fn the_list_fits_the_width() {
        let text = list();
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        for exercise in EXERCISES {
            assert!(text.contains(exercise.id));
        }
    }

    #[test]
    fn text_wraps_at_the_width_and_long_traces_are_cut() {
        let long = "word ".repeat(60);
        let wrapped = wrap(&long, "  ✗ ", "    ");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WIDTH),
            "{wrapped}"
        );
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    word")));
        let trace: String = (0..100)
            .map(|i| format!("{i} ms  main  x\n"))
            .collect::<String>()
            + "total: 100 ms (virtual), 1 thread\n";
        let short = shorten_trace(&trace, "");
        assert_eq!(short.lines().count(), TRACE_LINES + 2);
        assert!(short.contains("19 ms  main  x\n... (76 more lines)\n96 ms  main  x\n"));
        assert!(short.ends_with("99 ms  main  x\ntotal: 100 ms (virtual), 1 thread\n"));
    }
}
