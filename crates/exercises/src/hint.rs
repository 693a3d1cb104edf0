//! `exercise hint`: an exercise's hint, one tier at a time (a nudge, the
//! idea, then the code; `threeways_present::hints`). `exercise hint ID`
//! shows the tiers asked for so far, the nudge at first; `--more` asks for
//! the next. How far each exercise's hint has gone is remembered in a file
//! under `target/` (`threeways-exercises/hints-asked.txt`; delete it to
//! start again), as the tries at predictions are.

use crate::registry::{Exercise, Kind};
use std::fmt::Write as _;
use std::path::Path;
use threeways_present::hints::{self, Tier};

/// The tiers of `exercise`'s hint. Every hint file parses: the tests of
/// `tests/hints.rs` see to it.
pub fn tiers(exercise: &Exercise) -> Vec<Tier> {
    hints::parse(exercise.hint)
        .unwrap_or_else(|problem| panic!("hints/{}.md: {problem}", exercise.id))
}

/// How many tiers of `id`'s hint have been asked for, in the record
/// `record` (a line `ID N` for each).
fn asked_in(record: &str, id: &str) -> usize {
    // The last line for `id` counts: read from the end.
    record
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(id)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0)
}

/// The record `record` with `id` at `n` tiers.
fn record_with(record: &str, id: &str, n: usize) -> String {
    let prefix = format!("{id} ");
    let mut out: String = record
        .lines()
        .filter(|line| !line.starts_with(&prefix))
        .map(|line| format!("{line}\n"))
        .collect();
    let _ = writeln!(out, "{id} {n}");
    out
}

/// Asks for `exercise`'s hint in the checkout at `root`, one tier more if
/// `more`, and returns what to print: every tier asked for so far (the
/// first at least), and what comes next. Where the record cannot be
/// written, the tiers are shown all the same, and not remembered.
pub fn ask(root: &Path, exercise: &Exercise, more: bool) -> String {
    ask_with_record(
        &crate::check::state_file(root, "hints-asked.txt"),
        exercise,
        more,
    )
}

/// [`ask`], remembering in `file`.
fn ask_with_record(file: &Path, exercise: &Exercise, more: bool) -> String {
    let record = std::fs::read_to_string(file).unwrap_or_default();
    let tiers = tiers(exercise);
    let asked = asked_in(&record, exercise.id).max(1);
    let shown = if more { asked + 1 } else { asked }.min(tiers.len());
    if shown != asked_in(&record, exercise.id) {
        let _ = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(file, record_with(&record, exercise.id, shown)));
    }
    show(exercise, &tiers, shown)
}

/// The first `shown` of `tiers`, each under its heading, and a last line
/// saying what `--more` gives next, or what there is after the last.
pub fn show(exercise: &Exercise, tiers: &[Tier], shown: usize) -> String {
    let mut out = String::new();
    let total = tiers.len();
    for (i, tier) in tiers.iter().take(shown).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Hint for {}, {} of {total}: {}\n",
            exercise.id,
            i + 1,
            tier.step.offered()
        );
        out.push_str(&hints::for_terminal(&tier.text));
    }
    out.push('\n');
    match tiers.get(shown) {
        Some(next) => {
            let _ = writeln!(
                out,
                "More: `cargo run -- exercise hint {} --more` gives {} (hint {} of {total}).",
                exercise.id,
                next.step.offered(),
                shown + 1
            );
        }
        None if exercise.kind == Kind::Predict => {
            let _ = writeln!(
                out,
                "That is every hint. The answer itself: `{} --reveal`.",
                exercise.check_command()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "That is every hint. A whole answer: `cargo run -- exercise solution {}`.",
                exercise.id
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_keeps_one_count_an_exercise() {
        let record = record_with("", "download-async", 1);
        let record = record_with(&record, "fan-out-async", 2);
        let record = record_with(&record, "download-async", 3);
        assert_eq!(asked_in(&record, "download-async"), 3);
        assert_eq!(asked_in(&record, "fan-out-async"), 2);
        assert_eq!(asked_in(&record, "fan-out"), 0);
        assert_eq!(record.lines().count(), 2);
    }

    #[test]
    fn each_tier_is_asked_for_on_purpose() {
        let exercise = Exercise::find("download-async").unwrap();
        let folder = tempfile::tempdir().unwrap();
        let record = folder.path().join("threeways-exercises/hints-asked.txt");
        let ask = |more| ask_with_record(&record, exercise, more);
        let first = ask(false);
        let tiers = tiers(exercise);
        assert!(
            first.starts_with("Hint for download-async, 1 of 3: a nudge\n\n"),
            "{first}"
        );
        assert!(first.contains(&tiers[0].text), "{first}");
        assert!(!first.contains("2 of 3: the idea"), "{first}");
        assert!(
            first.ends_with("--more` gives the idea (hint 2 of 3).\n"),
            "{first}"
        );
        assert_eq!(ask(false), first, "asked again: the same");
        let second = ask(true);
        assert!(
            second.starts_with(&first[..first.find("\n\nMore").unwrap()]),
            "{second}"
        );
        assert!(second.contains("2 of 3: the idea"), "{second}");
        assert!(
            second.ends_with("gives the code (hint 3 of 3).\n"),
            "{second}"
        );
        let third = ask(true);
        assert!(third.contains("3 of 3: the code"), "{third}");
        assert!(
            third.contains("\n    let index = fetch(index_url).await?;\n"),
            "{third}"
        );
        assert!(!third.contains("```"), "{third}");
        assert!(
            third.ends_with("exercise solution download-async`.\n"),
            "{third}"
        );
        assert_eq!(ask(true), third, "no tier past the last");
        assert_eq!(
            std::fs::read_to_string(&record).unwrap(),
            "download-async 3\n"
        );
        let prediction = Exercise::find("predict-join-all").unwrap();
        let all = show(prediction, &super::tiers(prediction), 2);
        assert!(
            all.ends_with("exercise check predict-join-all --reveal`.\n"),
            "{all}"
        );
    }
}
