//! The programs of the "predict the output" exercises, and their judge.
//!
//! Each program is a module here, its lesson between `// ANCHOR: program`
//! and `// ANCHOR_END: program` (what the book and the student read), and
//! a `run()` that runs it in the simulated world. Its trace is a snapshot
//! (`tests/snapshots/predictions/<id>.snap`), from which the book's form
//! takes the real output. What to say about a wrong prediction is in
//! `explanations/<id>.md` ([`threeways_present::prediction::Explanations`]).
//!
//! A student's answer is `exercises/<id>.txt`: the program's lines in the
//! order predicted, and the total. `exercise check` judges it in process,
//! with no build: the judge runs the program and compares
//! ([`threeways_present::prediction::Prediction::check`]).

mod blocking_task;
mod bounded_channel;
mod buffer_unordered;
mod buffered_slots;
mod callback_order;
mod join_all;
mod join_polls;
mod lazy_future;
mod lazy_stream;
mod select_cancel;

use crate::registry::{Exercise, Kind};
use crate::verdict::{Failure, Verdict};
use threeways_model::Run;
use threeways_present::prediction::{Answer, Explanations, Judgement, Prediction};
use threeways_world::Mode;

/// One program to predict.
#[derive(Clone, Copy, Debug)]
pub struct Program {
    /// The exercise's id.
    pub id: &'static str,
    /// The program's file, from the repository's root.
    pub file: &'static str,
    /// Runs it in the simulated world.
    pub run: fn() -> Run,
    /// `explanations/<id>.md`.
    pub explanations: &'static str,
}

/// Declares a program: its exercise, its module, and its explanations.
macro_rules! program {
    ($id:literal, $module:ident) => {
        Program {
            id: $id,
            file: concat!(
                "crates/exercises/src/predictions/",
                stringify!($module),
                ".rs"
            ),
            run: $module::run,
            explanations: include_str!(concat!("../../explanations/", $id, ".md")),
        }
    };
}

/// Every program, by exercise.
pub const PROGRAMS: &[Program] = &[
    program!("predict-callback-order", callback_order),
    program!("predict-lazy-future", lazy_future),
    program!("predict-join-all", join_all),
    program!("predict-lazy-stream", lazy_stream),
    program!("predict-join-polls", join_polls),
    program!("predict-buffer-unordered", buffer_unordered),
    program!("predict-select-cancel", select_cancel),
    program!("predict-blocking-task", blocking_task),
    program!("predict-bounded-channel", bounded_channel),
    program!("predict-buffered-slots", buffered_slots),
];

/// The program of exercise `id`.
pub fn program(id: &str) -> Option<&'static Program> {
    PROGRAMS.iter().find(|program| program.id == id)
}

impl Program {
    /// The prediction: the program's real output and what to say about
    /// answers. The error says what is wrong with the program or its
    /// explanations (a line written twice, an explanation about a line
    /// the program does not have): a bug of the exercise, which the tests
    /// find.
    pub fn prediction(&self) -> Result<Prediction, String> {
        let explanations = Explanations::parse(self.explanations)
            .map_err(|problem| format!("explanations/{}.md: {problem}", self.id))?;
        Prediction::new(&(self.run)().trace, explanations)
            .map_err(|problem| format!("{}: {problem}", self.file))
    }
}

/// Runs an async program's `main` as the main task in the simulated world
/// of `scenario`: its result is `()`.
fn run_main<F: Future<Output = ()>>(scenario: &threeways_model::Scenario, main: fn() -> F) -> Run {
    threeways_async::run_program(&Mode::Simulated, scenario, || async move {
        main().await;
        Ok(vec![format!("{:?}", ())])
    })
}

/// The pages `http://example.com/<name>`, each taking its latency: the
/// site of the programs that fetch pages by name.
fn site(pages: &[(&str, u64)]) -> threeways_model::Scenario {
    threeways_model::Scenario {
        pages: pages
            .iter()
            .map(|(name, ms)| {
                threeways_model::Page::new(format!("http://example.com/{name}"), *name, *ms)
            })
            .collect(),
        ..threeways_model::Scenario::default()
    }
}

/// The comment at the top of the answer file as shipped.
pub fn stub_header(exercise: &Exercise) -> String {
    let file = program(exercise.id).map_or("", |program| program.file);
    format!(
        "# Exercise `{id}`: predict the output.\n\
         #\n\
         # Read the program in {file}\n\
         # (the part between `ANCHOR: program` and `ANCHOR_END: program`; the book\n\
         # shows it at the end of the `{page}` page). Do not run it.\n\
         #\n\
         # Below are the lines it may write, in alphabetical order. Put them in the\n\
         # order the program writes them, one per line; delete any line it never\n\
         # writes; and replace the `?` of the last line with the program's total\n\
         # virtual time. Lines that begin with `#` are comments.\n\
         #\n\
         # Check your answer: `{check}`\n",
        id = exercise.id,
        page = exercise.chapter.slug(),
        check = exercise.check_command(),
    )
}

/// The comment at the top of the solution.
pub fn solution_header(exercise: &Exercise) -> String {
    format!(
        "# A solution to `{}`: the lines the program writes, in order, and its\n\
         # total virtual time.\n",
        exercise.id
    )
}

/// Judges the answer `text` to the prediction exercise `exercise`.
pub fn judge(exercise: &Exercise, text: &str) -> Verdict {
    let failed = |message: String| Verdict {
        failed: Some(Failure::wrong(message, None)),
        ..Verdict::default()
    };
    let Some(program) = program(exercise.id).filter(|_| exercise.kind == Kind::Predict) else {
        return failed(format!("{} is not a prediction exercise", exercise.id));
    };
    let prediction = match program.prediction() {
        Ok(prediction) => prediction,
        Err(problem) => return failed(format!("the exercise itself is broken: {problem}")),
    };
    let answer = match Answer::parse(text) {
        Ok(answer) => answer,
        Err(problem) => return failed(format!("{}: {problem}.", exercise.file())),
    };
    match prediction.check(&answer) {
        Judgement::NotStarted => Verdict {
            failed: Some(Failure::NotStarted),
            ..Verdict::default()
        },
        Judgement::Right { sentence, why } => Verdict {
            passed: vec![sentence, why],
            ..Verdict::default()
        },
        wrong @ Judgement::Wrong { .. } => failed(wrong.message()),
    }
}
