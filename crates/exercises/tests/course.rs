//! The course as the teacher's guide paces it: its table *Pacing* names
//! every exercise once, in the lesson the registry's `COURSE` puts it in,
//! with the lines of code a student writes counted from the files, not
//! typed by hand: the solution's lines that the file as shipped does not
//! have, leaving out comments, `use` lines and blank lines.

use std::collections::BTreeMap;
use threeways_exercises::{EXERCISES, Exercise, Kind};
use threeways_test_support::{read, root};

/// A row of the table: the lesson, and the lines to write (`None` for a
/// prediction's `—`).
#[derive(Debug, PartialEq)]
struct Row {
    lesson: usize,
    lines: Option<usize>,
}

/// The rows of the guide's *Pacing* table, by exercise.
fn pacing() -> BTreeMap<String, Row> {
    let guide = read(&root().join("book/src/teachers-guide.md"));
    let (_, table) = guide
        .split_once("### Pacing")
        .expect("the teacher's guide has a section *Pacing*");
    let mut rows = BTreeMap::new();
    for line in table.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (Ok(lesson), Some(id)) = (cells[0].parse(), cells[1].strip_prefix('`')) else {
            continue; // the header and its rule
        };
        let id = id.trim_end_matches('`').to_owned();
        let lines = (cells[2] != "—").then(|| {
            cells[2]
                .parse()
                .unwrap_or_else(|_| panic!("Pacing, {id}: lines to write {:?}", cells[2]))
        });
        assert!(
            rows.insert(id.clone(), Row { lesson, lines }).is_none(),
            "Pacing names {id} twice"
        );
    }
    rows
}

/// The lines of code in `text`, trimmed: no blank line, comment or `use`.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("use "))
        .collect()
}

/// The solution's lines of code that `shipped` does not have, each line
/// counted as often as the solution has it more.
fn lines_to_write(exercise: &Exercise, shipped: &str) -> usize {
    let mut have: BTreeMap<&str, usize> = BTreeMap::new();
    for line in code_lines(shipped) {
        *have.entry(line).or_default() += 1;
    }
    code_lines(exercise.solution)
        .into_iter()
        .filter(|line| match have.get_mut(line) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .count()
}

#[test]
fn the_pacing_table_takes_every_exercise_in_its_lesson_with_its_lines_counted() {
    let mut rows = pacing();
    for exercise in EXERCISES {
        let row = rows
            .remove(exercise.id)
            .unwrap_or_else(|| panic!("the guide's Pacing has no row for {}", exercise.id));
        let (lesson, _) = exercise
            .chapter
            .in_course()
            .unwrap_or_else(|| panic!("{} is in no lesson of COURSE", exercise.id));
        assert_eq!(
            row.lesson,
            lesson + 1,
            "Pacing puts {} in lesson {}; COURSE, in lesson {}",
            exercise.id,
            row.lesson,
            lesson + 1
        );
        let shipped = read(&root().join(exercise.file()));
        let counted = match exercise.kind {
            Kind::Predict => None,
            _ if !exercise.is_untouched(&shipped) => {
                eprintln!("not counted: {} is being edited here", exercise.file());
                continue;
            }
            _ => Some(lines_to_write(exercise, &shipped)),
        };
        assert_eq!(
            row.lines, counted,
            "Pacing, {}: the lines to write, counted from its solution and its file as shipped",
            exercise.id
        );
    }
    assert!(
        rows.is_empty(),
        "Pacing names exercises that do not exist: {:?}",
        rows.keys()
    );
}
