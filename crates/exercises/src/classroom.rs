//! The GitHub Classroom autograding workflow
//! (`.github/workflows/classroom.yml`), made from the list of exercises:
//! one grader step per exercise, each running the command
//! [`grade_command`] gives (the one the teacher's guide names) and worth
//! one point, then the reporter that sums them up for the classroom. A
//! first step keeps every exercise's result, as `exercise check --format
//! json` prints it, as an artifact of the run.
//!
//! The file is generated, and checked, not trusted: `tests/classroom.rs`
//! writes it again (outside CI) and fails if the committed copy differs,
//! parses it as YAML, and reads back each step's command.
//!
//! The job runs only where the repository (or its organisation) has the
//! variable `THREEWAYS_CLASSROOM` set to `true`, as a classroom's student
//! repositories do: in this project's own repository, where every exercise
//! is a stub, it is skipped.

use crate::registry::{EXERCISES, Exercise};
use std::fmt::Write as _;

/// The command a classroom's CI grades `exercise` with: exit code 0 when
/// it passes.
pub fn grade_command(exercise: &Exercise) -> String {
    format!(
        "cargo run --locked --quiet -- exercise check {}",
        exercise.id
    )
}

/// The command that keeps every result, one JSON object a line.
pub const RESULTS_COMMAND: &str =
    "cargo run --locked --quiet -- exercise check --format json > exercise-results.json || true";

/// Where the workflow lives, from the repository's root.
pub const WORKFLOW_FILE: &str = ".github/workflows/classroom.yml";

/// The workflow, as `.github/workflows/classroom.yml` holds it.
pub fn workflow() -> String {
    let mut out = String::from(
        "# GitHub Classroom autograding: each exercise is a test worth one point,\n\
         # graded with `exercise check ID` on every push (the teacher's guide,\n\
         # *Grading in a classroom's CI*). Generated from the list of exercises by\n\
         # crates/exercises/src/classroom.rs; `cargo test -p threeways-exercises\n\
         # --test classroom` writes it again. Runs only where the variable\n\
         # THREEWAYS_CLASSROOM is `true` (set it on the classroom's organisation).\n\
         name: Autograding Tests\n\
         'on':\n\
         - push\n\
         - workflow_dispatch\n\
         - repository_dispatch\n\
         permissions:\n\
         \x20 checks: write\n\
         \x20 actions: read\n\
         \x20 contents: read\n\
         jobs:\n\
         \x20 run-autograding-tests:\n\
         \x20   runs-on: ubuntu-latest\n\
         \x20   if: github.actor != 'github-classroom[bot]' && vars.THREEWAYS_CLASSROOM == 'true'\n\
         \x20   steps:\n\
         \x20   - name: Checkout code\n\
         \x20     uses: actions/checkout@v4\n\
         \x20   - name: Build the checker and every exercise, and keep every result\n",
    );
    let _ = writeln!(out, "      run: {RESULTS_COMMAND}");
    out.push_str(
        "    - name: Keep the results\n\
         \x20     uses: actions/upload-artifact@v4\n\
         \x20     with:\n\
         \x20       name: exercise-results\n\
         \x20       path: exercise-results.json\n",
    );
    for exercise in EXERCISES {
        let id = exercise.id;
        let _ = write!(
            out,
            "    - name: {id}\n\
             \x20     id: {id}\n\
             \x20     uses: classroom-resources/autograding-command-grader@v1\n\
             \x20     with:\n\
             \x20       test-name: {id}\n\
             \x20       setup-command: ''\n\
             \x20       command: {}\n\
             \x20       timeout: 10\n\
             \x20       max-score: 1\n",
            grade_command(exercise)
        );
    }
    out.push_str(
        "    - name: Autograding Reporter\n\
         \x20     uses: classroom-resources/autograding-grading-reporter@v1\n\
         \x20     env:\n",
    );
    for exercise in EXERCISES {
        let id = exercise.id;
        let _ = writeln!(
            out,
            "        {}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\"",
            id.to_uppercase()
        );
    }
    let runners: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    let _ = writeln!(out, "      with:\n        runners: {}", runners.join(","));
    out
}
