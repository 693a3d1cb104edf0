//! `exercise grade`: the shipped judges run over a folder of student
//! submissions, and one table of who passed what.
//!
//! A student's copy of the repository holds the judges too
//! (`src/judges/`), and a student can edit them. So no submission is
//! checked where it was written: each student's exercise files, and only
//! those (a file named after an exercise: `download-async.rs`,
//! `predict-join-all.txt`), are put into one clean checkout, a `git clone`
//! of the teacher's committed `HEAD`, in place of the files shipped there,
//! and checked with its judges. Files not named after an exercise are left
//! out; an exercise a student did not hand in is checked as shipped.
//!
//! The checkout is built once, then again only where a file changed from
//! one student to the next: after the first student, a student takes
//! seconds. It has a target folder of its own (two checkouts that share
//! one replace each other's binaries).
//!
//! The table has one row per student and exercise: as CSV (`grades.csv`,
//! for a spreadsheet) and as the JSON lines of `exercise check --format
//! json`, each with a `student` field (`grades.json`). [`grade`] takes the
//! checkout as a [`Checkout`], so the tests can grade with binaries built
//! already.

use crate::check::{self, Build, Checked, Status};
use crate::registry::{EXERCISES, Exercise};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One student's submission: a folder under the submissions' folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The student, as the folder is named.
    pub student: String,
    /// The folder holding the student's exercise files, if one does.
    pub files: Option<PathBuf>,
    /// The student's folder, for a message that says where nothing was.
    pub folder: PathBuf,
}

/// Where, in a student's folder, the exercise files may be: a whole clone
/// of the repository (what GitHub Classroom's `gh classroom clone` gives),
/// its `exercises/` folder alone, or the files themselves.
const PLACES: [&str; 3] = ["crates/exercises/exercises", "exercises", ""];

/// The submissions in `dir`: each folder in it is a student's, in the
/// order of their names.
///
/// # Errors
///
/// A sentence, when `dir` cannot be read or holds no folder.
pub fn find_submissions(dir: &Path) -> Result<Vec<Submission>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot read the submissions in {} ({error})", dir.display()))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .filter(|path| !hidden(path))
        .collect();
    folders.sort();
    if folders.is_empty() {
        return Err(format!(
            "{} holds no folder: put each student's submission in a folder of its own, named \
             after the student",
            dir.display()
        ));
    }
    Ok(folders
        .into_iter()
        .map(|folder| Submission {
            student: folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            files: PLACES
                .iter()
                .map(|place| folder.join(place))
                .find(|place| holds_an_exercise(place)),
            folder,
        })
        .collect())
}

/// Whether the file or folder's name starts with a dot (`.git`).
fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

/// Whether `folder` holds a file named after an exercise.
fn holds_an_exercise(folder: &Path) -> bool {
    EXERCISES
        .iter()
        .any(|exercise| folder.join(file_name(exercise)).is_file())
}

/// The name of an exercise's file: `download-async.rs`.
fn file_name(exercise: &Exercise) -> String {
    format!("{}.{}", exercise.id, exercise.kind.extension())
}

/// A checkout to grade in: its root, its exercise files replaced by a
/// student's, and its check binaries built.
pub trait Checkout {
    /// The checkout's root folder.
    fn root(&self) -> &Path;
    /// The text of each exercise's file as shipped, by id.
    fn shipped(&self) -> &BTreeMap<&'static str, String>;
    /// Builds the check binaries of every exercise whose answer is code.
    fn build(&mut self) -> Build;
}

/// One student's results.
#[derive(Clone, Debug)]
pub struct Graded {
    /// The student.
    pub student: String,
    /// Each exercise checked, in the order of the list; or why nothing
    /// could be.
    pub results: Result<Vec<Checked>, String>,
}

/// Puts `files` (a student's exercise folder) into `checkout` in place of
/// its exercise files: each file named after an exercise, and the file as
/// shipped for every exercise not handed in. A file is written only when
/// its text changes, so that only what changed is built again.
///
/// # Errors
///
/// A sentence, when a file cannot be read or written.
pub fn put(checkout: &dyn Checkout, files: &Path) -> Result<(), String> {
    for exercise in EXERCISES {
        let handed_in = files.join(file_name(exercise));
        let text = if handed_in.is_file() {
            std::fs::read(&handed_in)
                .map_err(|error| format!("cannot read {} ({error})", handed_in.display()))?
        } else {
            checkout.shipped()[exercise.id].clone().into_bytes()
        };
        let place = checkout.root().join(exercise.file());
        if std::fs::read(&place).is_ok_and(|there| there == text) {
            continue;
        }
        std::fs::write(&place, &text)
            .map_err(|error| format!("cannot write {} ({error})", place.display()))?;
    }
    Ok(())
}

/// Grades every submission in `checkout`, one after another, and leaves
/// its exercise files as shipped. `progress` is told each student's name
/// before their turn.
pub fn grade(
    submissions: &[Submission],
    checkout: &mut dyn Checkout,
    progress: &mut dyn FnMut(&str),
) -> Vec<Graded> {
    let mut graded = Vec::new();
    for submission in submissions {
        progress(&submission.student);
        let results = match &submission.files {
            None => Err(format!(
                "no exercise file in {} (looked in crates/exercises/exercises/, exercises/ \
                 and the folder itself, for files such as {})",
                submission.folder.display(),
                file_name(&EXERCISES[0])
            )),
            Some(files) => put(checkout, files).map(|()| {
                let build = checkout.build();
                EXERCISES
                    .iter()
                    .map(|exercise| check::check(checkout.root(), &build, exercise))
                    .collect()
            }),
        };
        graded.push(Graded {
            student: submission.student.clone(),
            results,
        });
    }
    let shipped: BTreeMap<&'static str, String> = checkout.shipped().clone();
    for exercise in EXERCISES {
        let place = checkout.root().join(exercise.file());
        let _ = std::fs::write(place, &shipped[exercise.id]);
    }
    graded
}

/// The status as `exercise check --format json` names it, and the first
/// failure's words.
fn status_and_failure(checked: &Checked) -> (String, Option<String>) {
    let value = check::to_json_value(checked);
    let status = value["status"].as_str().unwrap_or_default().to_owned();
    let failure = value["failure"].as_str().map(str::to_owned);
    (status, failure)
}

/// The table as CSV: a header, then one row per student and exercise:
/// `student,id,kind,chapter,status,passed,failure`. A student whose
/// folder held no exercise file has one row, with the status `missing`.
pub fn to_csv(graded: &[Graded]) -> String {
    let mut out = String::from("student,id,kind,chapter,status,passed,failure\n");
    for one in graded {
        match &one.results {
            Ok(results) => {
                for checked in results {
                    let exercise = checked.exercise;
                    let (status, failure) = status_and_failure(checked);
                    let row = [
                        one.student.as_str(),
                        exercise.id,
                        exercise.kind.slug(),
                        exercise.chapter.slug(),
                        &status,
                        if checked.status.is_done() {
                            "true"
                        } else {
                            "false"
                        },
                        &failure.unwrap_or_default(),
                    ];
                    out.push_str(&csv_row(&row));
                }
            }
            Err(why) => {
                out.push_str(&csv_row(&[
                    &one.student,
                    "",
                    "",
                    "",
                    "missing",
                    "false",
                    why,
                ]));
            }
        }
    }
    out
}

/// One CSV line: each field quoted when it must be, its white space (the
/// line breaks of a compiler's error) made single spaces.
fn csv_row(fields: &[&str]) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|field| {
            let field = field.split_whitespace().collect::<Vec<_>>().join(" ");
            if field.contains([',', '"']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    fields.join(",") + "\n"
}

/// The table as JSON lines: each result as `exercise check --format json`
/// prints it, with a `student` field; a student with no exercise file as
/// `{"student", "status": "missing", "passed": false, "failure"}`.
pub fn to_json_lines(graded: &[Graded]) -> String {
    let mut out = String::new();
    for one in graded {
        match &one.results {
            Ok(results) => {
                for checked in results {
                    let mut value = check::to_json_value(checked);
                    value["student"] = serde_json::json!(one.student);
                    let _ = writeln!(out, "{value}");
                }
            }
            Err(why) => {
                let value = serde_json::json!({
                    "student": one.student,
                    "status": "missing",
                    "passed": false,
                    "failure": why,
                });
                let _ = writeln!(out, "{value}");
            }
        }
    }
    out
}

/// A line per student, `ada  12/34 done`, for the terminal.
pub fn summary(graded: &[Graded]) -> String {
    let width = graded.iter().map(|g| g.student.len()).max().unwrap_or(0);
    let mut out = String::new();
    for one in graded {
        let said = match &one.results {
            Ok(results) => {
                let done = results.iter().filter(|c| c.status.is_done()).count();
                let broken = results
                    .iter()
                    .filter(|c| matches!(c.status, Status::Broken(_)))
                    .count();
                let broken = match broken {
                    0 => String::new(),
                    n => format!(" ({n} could not be checked)"),
                };
                format!("{done}/{} done{broken}", results.len())
            }
            Err(why) => format!("missing: {why}"),
        };
        let _ = writeln!(out, "{:<width$}  {said}", one.student);
    }
    out
}

/// A clean checkout of the teacher's committed `HEAD`, made with `git
/// clone`, built in a target folder of its own.
#[derive(Debug)]
pub struct CleanCheckout {
    root: PathBuf,
    shipped: BTreeMap<&'static str, String>,
}

impl CleanCheckout {
    /// A clean checkout of `from`'s `HEAD` in `work/checkout`: cloned the
    /// first time, brought to that commit (and every change in it undone)
    /// the next, so that its build is reused.
    ///
    /// # Errors
    ///
    /// A sentence, when `from` is not a git checkout, or git fails.
    pub fn prepare(from: &Path, work: &Path) -> Result<CleanCheckout, String> {
        let head = git(from, &["rev-parse", "HEAD"]).map_err(|why| {
            format!(
                "grading needs a git clone of the repository, to check out its judges as \
                 committed ({why})"
            )
        })?;
        let root = work.join("checkout");
        if root.join(".git").exists() {
            let source = from.display().to_string();
            git(&root, &["fetch", "--quiet", &source, "HEAD"])?;
        } else {
            std::fs::create_dir_all(work)
                .map_err(|error| format!("cannot create {} ({error})", work.display()))?;
            let (source, into) = (from.display().to_string(), root.display().to_string());
            git(work, &["clone", "--quiet", "--no-checkout", &source, &into])?;
        }
        git(
            &root,
            &["checkout", "--quiet", "--force", "--detach", &head],
        )?;
        git(
            &root,
            &["clean", "--quiet", "-d", "--force", "--exclude=/target"],
        )?;
        let mut shipped = BTreeMap::new();
        for exercise in EXERCISES {
            let file = root.join(exercise.file());
            let text = std::fs::read_to_string(&file)
                .map_err(|error| format!("cannot read {} ({error})", file.display()))?;
            shipped.insert(exercise.id, text);
        }
        Ok(CleanCheckout { root, shipped })
    }
}

impl Checkout for CleanCheckout {
    fn root(&self) -> &Path {
        &self.root
    }

    fn shipped(&self) -> &BTreeMap<&'static str, String> {
        &self.shipped
    }

    fn build(&mut self) -> Build {
        let all: Vec<&Exercise> = EXERCISES.iter().collect();
        check::build_into(&self.root, &all, Some(&self.root.join("target")))
    }
}

/// Runs `git ARGS` in `dir`; what it printed, trimmed, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git ({error})"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            said.split_whitespace().collect::<Vec<_>>().join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Verdict;

    fn checked(id: &str, status: Status) -> Checked {
        Checked {
            exercise: Exercise::find(id).unwrap(),
            status,
            printed: Vec::new(),
            warnings: Vec::new(),
            answer: None,
        }
    }

    #[test]
    fn the_csv_quotes_what_it_must_and_keeps_one_row_a_line() {
        let graded = [
            Graded {
                student: "ada".into(),
                results: Ok(vec![
                    checked("predict-join-all", Status::Done(Verdict::default())),
                    checked(
                        "download-async",
                        Status::DoesNotCompile {
                            error: "error[E0308]: mismatched types, \"expected\"\n --> x.rs:3:5"
                                .into(),
                            more: 0,
                        },
                    ),
                ]),
            },
            Graded {
                student: "grace".into(),
                results: Err("no exercise file in grace".into()),
            },
        ];
        assert_eq!(
            to_csv(&graded),
            "student,id,kind,chapter,status,passed,failure\n\
             ada,predict-join-all,predict,fan-out,done,true,\n\
             ada,download-async,convert,download,does-not-compile,false,\"error[E0308]: mismatched types, \"\"expected\"\" --> x.rs:3:5\"\n\
             grace,,,,missing,false,no exercise file in grace\n"
        );
        let json = to_json_lines(&graded);
        let lines: Vec<serde_json::Value> = json
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["student"], "ada");
        assert_eq!(lines[0]["id"], "predict-join-all");
        assert_eq!(lines[0]["passed"], true);
        assert_eq!(lines[1]["status"], "does-not-compile");
        assert_eq!(lines[2]["status"], "missing");
        assert_eq!(
            summary(&graded),
            "ada    1/2 done\ngrace  missing: no exercise file in grace\n"
        );
    }

    #[test]
    fn submissions_are_found_in_a_clone_an_exercises_folder_or_the_folder_itself() {
        let temporary = tempfile::tempdir().unwrap();
        let dir = temporary.path().join("submissions");
        let file = file_name(&EXERCISES[0]);
        for (student, place) in [
            ("ada", "crates/exercises/exercises"),
            ("grace", "exercises"),
            ("edsger", ""),
        ] {
            let folder = dir.join(student).join(place);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(&file), "x").unwrap();
        }
        std::fs::create_dir_all(dir.join("alan/notes")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        let found = find_submissions(&dir).unwrap();
        let names: Vec<&str> = found.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(names, ["ada", "alan", "edsger", "grace"]);
        assert_eq!(
            found[0].files.as_deref(),
            Some(dir.join("ada/crates/exercises/exercises").as_path())
        );
        assert_eq!(found[1].files, None);
        assert_eq!(
            found[2].files.as_deref(),
            Some(dir.join("edsger").as_path())
        );
        assert_eq!(
            found[3].files.as_deref(),
            Some(dir.join("grace/exercises").as_path())
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(find_submissions(&dir).is_err());
        std::fs::create_dir_all(&dir).unwrap();
        assert!(
            find_submissions(&dir)
                .unwrap_err()
                .contains("holds no folder")
        );
    }
}
