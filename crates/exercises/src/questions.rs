//! `exercise questions`: a question bank for a test, from the "predict
//! the output" exercises, in Markdown for the teacher.
//!
//! For each prediction, in the order of the course:
//!
//! - the question the book asks, as multiple choice: the program, its
//!   right answer among its known-wrong ones (`wrong/<id>/*.txt`, each a
//!   belief students hold), in an order the seed chooses; and the key,
//!   which names the belief behind each wrong choice;
//! - for a program whose answer comes from its pages' latencies, variants
//!   that are not in the book: the same program with other latencies,
//!   chosen by the seed so that no two of its lines come at the same
//!   moment, and their answers, from running each variant in the simulated
//!   world. Nothing in an answer is typed by hand.
//!
//! `--seed` gives another bank: a class that has seen one cannot learn
//! the next by heart.

use crate::predictions::{PROGRAMS, Program};
use crate::registry::Exercise;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;
use threeways_model::Scenario;
use threeways_model::trace::Event;
use threeways_present::prediction::{Answer, Explanations, Prediction};

/// How many times a variant is drawn again when two of its lines come at
/// the same moment, before the program goes without it.
const DRAWS: usize = 50;

/// A small, fixed random number generator (xorshift64*), so that a seed
/// gives the same bank on every machine.
#[derive(Clone, Debug)]
struct Draw(u64);

impl Draw {
    fn new(seed: u64, salt: &str) -> Draw {
        let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
        for byte in salt.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Draw(state.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The bank: every prediction's question and key, and up to `variants`
/// variants of each that can vary, drawn with `seed`. `root` is the
/// checkout, where the programs and the known-wrong answers are.
///
/// # Errors
///
/// A sentence, when a file cannot be read or a program's answer made (a
/// bug of the exercise, which the tests find).
pub fn bank(root: &Path, seed: u64, variants: usize) -> Result<String, String> {
    let mut out = format!(
        "# Question bank (seed {seed})\n\n\
         Made by `cargo run -- exercise questions --seed {seed}` from the \"predict the \
         output\" exercises. Each question shows a program; the answer is the order of the \
         lines it writes and its total virtual time. The first of each is the book's own \
         question, as multiple choice, each wrong choice a belief students hold; the \
         variants ask the same with other numbers, and are in no page of the book. Another \
         seed gives other choices and other numbers.\n"
    );
    for (n, program) in PROGRAMS.iter().enumerate() {
        let exercise = Exercise::find(program.id)
            .ok_or_else(|| format!("{} is not an exercise", program.id))?;
        let code = program_code(root, program)?;
        let lesson = exercise.chapter.in_course().map_or(0, |(l, _)| l + 1);
        let _ = write!(
            out,
            "\n## {}. `{}` (lesson {lesson}, {})\n\n```rust\n{code}```\n",
            n + 1,
            program.id,
            exercise.chapter.slug()
        );
        out.push_str(&multiple_choice(root, program, exercise, seed)?);
        if let Some(varies) = program.varies {
            for k in 1..=variants {
                let original = program.prediction()?;
                let mut draw = Draw::new(seed, &format!("{}#{k}", program.id));
                let Some((scenario, prediction)) = (0..DRAWS).find_map(|_| {
                    let scenario = vary(&(varies.scenario)(), &mut draw);
                    let run = (varies.run_on)(&scenario);
                    let prediction = Prediction::new(&run.trace, Explanations::default()).ok()?;
                    no_two_waits_end_at_once(&run.trace).then_some((scenario, prediction))
                }) else {
                    continue;
                };
                out.push_str(&variant(
                    k,
                    &code,
                    &(varies.scenario)(),
                    &scenario,
                    &original,
                    &prediction,
                )?);
            }
        }
    }
    Ok(out)
}

/// The program's lesson, between its `program` anchors, without the
/// anchors.
fn program_code(root: &Path, program: &Program) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join(program.file))
        .map_err(|error| format!("cannot read {} ({error})", program.file))?;
    let start = text
        .find("// ANCHOR: program\n")
        .ok_or_else(|| format!("{} has no `program` anchor", program.file))?
        + "// ANCHOR: program\n".len();
    let end = text[start..]
        .find("// ANCHOR_END: program")
        .ok_or_else(|| format!("{}: the `program` anchor is not closed", program.file))?;
    Ok(text[start..start + end].to_owned())
}

/// A line of choices: the lines in order, and the total.
fn choice(answer: &Answer) -> String {
    let total = answer
        .total
        .map_or("?".to_owned(), |total| total.as_millis().to_string());
    let lines: Vec<String> = answer.lines.iter().map(|l| format!("`{l}`")).collect();
    format!("{}; total {total} ms", lines.join(" → "))
}

/// The belief a known-wrong answer holds: its first comment, without
/// "Wrong answer to `ID`:".
fn belief(text: &str) -> String {
    let comment: Vec<&str> = text
        .lines()
        .map_while(|line| line.strip_prefix('#'))
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let said = comment.join(" ");
    match said.split_once("`: ") {
        Some((_, belief)) => belief.to_owned(),
        None => said,
    }
}

/// The book's question as multiple choice, and its key.
fn multiple_choice(
    root: &Path,
    program: &Program,
    exercise: &Exercise,
    seed: u64,
) -> Result<String, String> {
    let right = Answer::parse(exercise.solution)
        .map_err(|problem| format!("solutions/{}.txt: {problem}", exercise.id))?;
    let mut choices: Vec<(String, Option<String>)> = vec![(choice(&right), None)];
    for (file, text) in exercise.wrong_answers(root)? {
        let answer =
            Answer::parse(&text).map_err(|problem| format!("{}: {problem}", file.display()))?;
        let shown = choice(&answer);
        if choices.iter().all(|(other, _)| *other != shown) {
            choices.push((shown, Some(belief(&text))));
        }
    }
    // The seed's order: a shuffle of the choices.
    let mut draw = Draw::new(seed, program.id);
    for i in (1..choices.len()).rev() {
        choices.swap(i, draw.below(i + 1));
    }
    let mut out = String::from(
        "\nIn what order does it write its lines, and what is its total virtual time? \
         Choose one.\n\n",
    );
    let mut key = String::new();
    for (i, (shown, belief)) in choices.iter().enumerate() {
        let letter = char::from(b'A' + u8::try_from(i).unwrap_or(25));
        let _ = writeln!(out, "{letter}. {shown}");
        match belief {
            None => {
                let _ = writeln!(key, "- **{letter}** is right.");
            }
            Some(belief) => {
                let _ = writeln!(key, "- {letter}: {belief}");
            }
        }
    }
    let _ = write!(out, "\n**Key.**\n\n{key}");
    Ok(out)
}

/// `scenario` with each page's latency drawn again: a multiple of 10 ms
/// from 20 to 300, no two pages alike.
fn vary(scenario: &Scenario, draw: &mut Draw) -> Scenario {
    let mut varied = scenario.clone();
    let mut taken: Vec<u64> = Vec::new();
    for page in &mut varied.pages {
        let ms = loop {
            let ms = 10 * (2 + draw.below(29) as u64);
            if !taken.contains(&ms) {
                break ms;
            }
        };
        taken.push(ms);
        page.latency = Duration::from_millis(ms);
    }
    varied
}

/// Whether every wait of the run ends at a moment of its own: a question
/// whose answer hangs on which of two waits that end at once goes first
/// asks about a tie, not about waiting. (A wait cancelled ends when what
/// cancelled it ends: that is not a tie.)
fn no_two_waits_end_at_once(trace: &threeways_model::Trace) -> bool {
    let ends: Vec<Duration> = trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Span { end, label, .. } if !label.ends_with("(cancelled)") => Some(*end),
            Event::Span { .. } | Event::Note { .. } => None,
        })
        .collect();
    ends.iter()
        .enumerate()
        .all(|(i, end)| !ends[..i].contains(end))
}

/// One variant: the program with `varied`'s latencies in place of
/// `original`'s, its lines to order, and its answer.
fn variant(
    k: usize,
    code: &str,
    original: &Scenario,
    varied: &Scenario,
    book: &Prediction,
    prediction: &Prediction,
) -> Result<String, String> {
    let code = with_latencies(code, original, varied)?;
    let mut candidates = book.candidates();
    for line in &prediction.written {
        if !candidates.contains(&line.text) {
            candidates.push(line.text.clone());
        }
    }
    candidates.sort();
    let mut out = format!(
        "\n### Variant {k}: other latencies (not in the book)\n\n```rust\n{code}```\n\n\
         Its lines, in alphabetical order; some may never be written. Put them in the order \
         the program writes them, leave out those it never writes, and give its total virtual \
         time.\n\n"
    );
    for line in &candidates {
        let _ = writeln!(out, "- `{line}`");
    }
    out.push_str("\n**Key.**\n\n```text\n");
    out.push_str(&prediction.answer());
    out.push_str("```\n");
    Ok(out)
}

/// `code` with each page's latency written as `varied` has it: the number
/// after the page's name or address, on the one line that names both. The
/// `///` lines go, since they may tell the old numbers.
///
/// # Errors
///
/// When a page's latency is not found on exactly one line: the variant
/// would show numbers that are not the ones it runs with.
fn with_latencies(code: &str, original: &Scenario, varied: &Scenario) -> Result<String, String> {
    let mut lines: Vec<String> = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("///"))
        .map(str::to_owned)
        .collect();
    for (page, new) in original.pages.iter().zip(&varied.pages) {
        let old = page.latency.as_millis();
        let name = page.url.rsplit('/').next().unwrap_or_default();
        let number = format!(", {old})");
        let found: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                (line.contains(&format!("\"{}\"", page.url))
                    || line.contains(&format!("\"{name}\"")))
                    && line.contains(&number)
            })
            .map(|(i, _)| i)
            .collect();
        let [at] = found[..] else {
            return Err(format!(
                "the latency of {} ({old} ms) is on {} lines of the program, not one",
                page.url,
                found.len()
            ));
        };
        let line = &lines[at];
        // The number after this page's name, not another page's on the
        // same line.
        let named = line
            .find(&format!("\"{}\"", page.url))
            .or_else(|| line.find(&format!("\"{name}\"")))
            .unwrap_or(0);
        let offset = named + line[named..].find(&number).unwrap_or(0);
        let replaced = format!(
            "{}, {}){}",
            &line[..offset],
            new.latency.as_millis(),
            &line[offset + number.len()..]
        );
        lines[at] = replaced;
    }
    Ok(lines.iter().map(|line| format!("{line}\n")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn every_prediction_is_asked_and_every_variant_runs_what_it_shows() {
        let bank = bank(&root(), 7, 2).unwrap();
        for program in PROGRAMS {
            assert!(
                bank.contains(&format!("`{}` (lesson", program.id)),
                "{}",
                program.id
            );
            let exercise = Exercise::find(program.id).unwrap();
            let right = choice(&Answer::parse(exercise.solution).unwrap());
            assert!(
                bank.contains(&right),
                "{}: its answer is a choice",
                program.id
            );
        }
        let variants = bank.matches("### Variant").count();
        let varying = PROGRAMS.iter().filter(|p| p.varies.is_some()).count();
        assert_eq!(
            variants,
            2 * varying,
            "two variants of each program that varies"
        );
        assert_eq!(
            bank,
            super::bank(&root(), 7, 2).unwrap(),
            "a seed gives one bank"
        );
        assert_ne!(
            bank,
            super::bank(&root(), 8, 2).unwrap(),
            "another seed, another bank"
        );
    }

    /// A variant's code says the numbers it runs with: its pages'
    /// latencies are where the program's own were, and nowhere else.
    #[test]
    fn a_variant_shows_the_latencies_it_runs_with() {
        for program in PROGRAMS {
            let Some(varies) = program.varies else {
                continue;
            };
            let code = program_code(&root(), program).unwrap();
            let original = (varies.scenario)();
            let mut draw = Draw::new(1, program.id);
            let varied = vary(&original, &mut draw);
            let shown = with_latencies(&code, &original, &varied)
                .unwrap_or_else(|problem| panic!("{}: {problem}", program.id));
            for (page, new) in original.pages.iter().zip(&varied.pages) {
                let new = format!(", {})", new.latency.as_millis());
                assert!(shown.contains(&new), "{}: {new} in\n{shown}", program.id);
                assert_eq!(
                    with_latencies(&shown, &varied, &original).unwrap(),
                    code.lines()
                        .filter(|l| !l.trim_start().starts_with("///"))
                        .map(|l| format!("{l}\n"))
                        .collect::<String>(),
                    "{}: {}, there and back",
                    program.id,
                    page.url
                );
            }
        }
    }

    #[test]
    fn a_belief_is_the_first_comment_of_a_wrong_answer() {
        let text = "# Wrong answer to `predict-x`: calling it starts it,\n# as in JavaScript.\n#\n# Expect: no\n\na\ntotal: 1 ms\n";
        assert_eq!(belief(text), "calling it starts it, as in JavaScript.");
    }
}
