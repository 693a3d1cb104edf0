//! Hints in tiers: every hint is a nudge, then the idea, then (for an
//! exercise whose answer is code) the code, each asked for on purpose. The
//! code is the solution's own, line for line, so no hint shows code that
//! was never compiled; and a find-the-bug hint's nudge names what goes
//! wrong, not what to change (`tests/answers.rs` holds each to its fix).

use threeways_exercises::{EXERCISES, Kind};
use threeways_present::hints::{self, Step};

#[test]
fn every_hint_has_its_tiers() {
    for exercise in EXERCISES {
        let tiers = hints::parse(exercise.hint)
            .unwrap_or_else(|problem| panic!("hints/{}.md: {problem}", exercise.id));
        let steps: Vec<Step> = tiers.iter().map(|tier| tier.step).collect();
        let expected: &[Step] = match exercise.kind {
            // A prediction's last step is the answer: `--reveal`.
            Kind::Predict => &[Step::Nudge, Step::Idea],
            Kind::Convert | Kind::Finish | Kind::FindTheBug => &Step::ALL,
        };
        assert_eq!(steps, expected, "hints/{}.md", exercise.id);
        for tier in &tiers[..2] {
            assert!(
                hints::code_blocks(&tier.text).is_empty(),
                "hints/{}.md: its {} has a block of code; code comes last",
                exercise.id,
                tier.step.heading()
            );
        }
    }
}

/// The code in a hint is the solution's: each line of each block (a
/// comment, or `// ...` for lines left out, aside) is a line of
/// `solutions/<id>.rs`, so what the hint shows has been compiled and
/// passes its judge.
#[test]
fn the_code_of_a_hint_is_the_solutions() {
    let mut blocks = 0;
    for exercise in EXERCISES.iter().filter(|e| e.kind != Kind::Predict) {
        let solution: Vec<&str> = exercise.solution.lines().map(code_part).collect();
        let tiers = hints::parse(exercise.hint).unwrap();
        let code = &tiers.last().unwrap().text;
        assert!(
            code.contains('`'),
            "hints/{}.md: its code tier shows no code",
            exercise.id
        );
        for block in hints::code_blocks(code) {
            blocks += 1;
            for line in block.iter().map(|line| code_part(line)) {
                assert!(
                    line.is_empty() || solution.contains(&line),
                    "hints/{}.md: `{line}` is not a line of solutions/{}.rs",
                    exercise.id,
                    exercise.id
                );
            }
        }
    }
    assert!(blocks > 10, "only {blocks} blocks of code in the hints");
}

/// A line's code, without its indentation or a comment after it.
fn code_part(line: &str) -> &str {
    let code = match line.find("// ") {
        Some(at) => &line[..at],
        None => line,
    };
    code.trim()
}

/// The book shows each hint with `{{#hint ID}}`, under its exercise.
#[test]
fn every_exercise_page_shows_its_hints_in_tiers() {
    let root = threeways_test_support::root();
    for exercise in EXERCISES {
        let page = root.join(format!("book/src/exercises/{}.md", exercise.chapter.slug()));
        let text = threeways_test_support::read(&page);
        assert!(
            text.contains(&format!("{{{{#hint {}}}}}", exercise.id)),
            "{} does not show the hint of {} with {{{{#hint {}}}}}",
            page.display(),
            exercise.id,
            exercise.id
        );
        assert!(
            !text.contains(&format!("hints/{}.md", exercise.id)),
            "{}: the hint of {} is included whole; use {{{{#hint {}}}}}",
            page.display(),
            exercise.id,
            exercise.id
        );
    }
}
