//! The rows of a record as tables: aligned text for the terminal, and
//! Markdown for the book page, which holds it between two marker comments
//! so that `bench scale` can replace it and a test can check it.
//!
//! A run that stopped or did not run has a short status with a number,
//! `not run (1)`, and the sentence saying why comes after the table, once
//! for all the runs it stopped: a table column of long sentences would be
//! hard to read in a terminal, and in the book's narrow column.

use crate::number::thousands;
use crate::record::{Measurement, Outcome, Row};

/// The comment before the table in the book page.
pub const TABLE_BEGIN: &str = "<!-- scale table begin -->";
/// The comment after it.
pub const TABLE_END: &str = "<!-- scale table end -->";

const HEADERS: [&str; 8] = [
    "kind",
    "style",
    "N",
    "wall ms",
    "CPU ms",
    "peak RSS MiB",
    "bytes per wait",
    "status",
];
/// Which columns hold numbers, and so are aligned right.
const NUMERIC: [bool; 8] = [false, false, true, true, true, true, true, false];

/// The reasons the statuses point to, numbered from 1 in the order they
/// first come up; a reason that comes up again keeps its number.
#[derive(Debug, Default)]
struct Notes(Vec<String>);

impl Notes {
    fn number(&mut self, reason: &str) -> usize {
        let index = self
            .0
            .iter()
            .position(|known| known == reason)
            .unwrap_or_else(|| {
                self.0.push(reason.to_owned());
                self.0.len() - 1
            });
        index + 1
    }

    /// The notes as a numbered list after a blank line; nothing if none.
    fn numbered(&self) -> String {
        let mut out = String::new();
        if !self.0.is_empty() {
            out.push('\n');
        }
        for (i, note) in self.0.iter().enumerate() {
            out.push_str(&format!("{}. {note}\n", i + 1));
        }
        out
    }
}

/// What came of a run, in a few words: `ok`, `3 failed`, or `not run (2)`,
/// where the number is that of the note saying why.
fn status(outcome: &Outcome, notes: &mut Notes) -> String {
    match outcome {
        Outcome::Finished { errors: 0 } => "ok".to_owned(),
        Outcome::Finished { errors } => format!("{} failed", thousands(*errors)),
        Outcome::Stopped {
            started,
            errors,
            reason,
        } => {
            let failed = match errors {
                0 => String::new(),
                n => format!(", {} failed", thousands(*n)),
            };
            let note = notes.number(reason);
            format!("stopped after {}{failed} ({note})", thousands(*started))
        }
        Outcome::NotRun { reason } => format!("not run ({})", notes.number(reason)),
        Outcome::Failed { reason } => format!("failed ({})", notes.number(reason)),
    }
}

/// The cells of every row, as both tables show them, and the notes their
/// statuses point to.
fn cells_and_notes(rows: &[Row]) -> (Vec<[String; 8]>, Notes) {
    let mut notes = Notes::default();
    let cells = rows
        .iter()
        .map(|row| {
            let [wall, cpu, peak, per_wait] = match &row.measurement {
                Some(measurement) => measured_cells(measurement),
                None => ["–", "–", "–", "–"].map(str::to_owned),
            };
            [
                row.kind.to_string(),
                row.runner.name().to_owned(),
                thousands(row.n),
                wall,
                cpu,
                peak,
                per_wait,
                status(&row.outcome, &mut notes),
            ]
        })
        .collect();
    (cells, notes)
}

fn measured_cells(measurement: &Measurement) -> [String; 4] {
    // Whole milliseconds: a run lasts at least the 100 ms of its waits.
    let wall_ms = measurement.wall_ms.round() as u64;
    [
        thousands(wall_ms),
        thousands(measurement.cpu_ms),
        format!("{:.1}", measurement.peak_rss_kib as f64 / 1024.0),
        thousands(measurement.bytes_per_wait),
    ]
}

/// The rows as aligned columns for a terminal, then the notes.
pub fn terminal_table(rows: &[Row]) -> String {
    let (body, notes) = cells_and_notes(rows);
    let headers = HEADERS.map(str::to_owned);
    let mut widths = HEADERS.map(|header| header.chars().count());
    for cells in &body {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for cells in std::iter::once(&headers).chain(&body) {
        let mut line = String::new();
        for ((cell, width), numeric) in cells.iter().zip(widths).zip(NUMERIC) {
            let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
            if numeric {
                line.push_str(&format!("{pad}{cell}  "));
            } else {
                line.push_str(&format!("{cell}{pad}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&notes.numbered());
    out
}

/// The rows as a Markdown table, then the notes as a numbered list.
pub fn markdown_table(rows: &[Row]) -> String {
    let (body, notes) = cells_and_notes(rows);
    let mut out = markdown_line(&HEADERS.map(str::to_owned));
    let rule = NUMERIC.map(|numeric| if numeric { "--:" } else { ":--" }.to_owned());
    out.push_str(&markdown_line(&rule));
    for cells in &body {
        out.push_str(&markdown_line(cells));
    }
    out.push_str(&notes.numbered());
    out
}

fn markdown_line(cells: &[String; 8]) -> String {
    // A `|` inside a cell would end it.
    let cells: Vec<String> = cells.iter().map(|cell| cell.replace('|', "\\|")).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// The table with its marker comments, as the page holds it. Blank lines
/// keep the comments out of the table.
pub fn table_region(rows: &[Row]) -> String {
    format!("{TABLE_BEGIN}\n\n{}\n{TABLE_END}", markdown_table(rows))
}

/// `page` with the table between its markers replaced by one of `rows`.
pub fn replace_table(page: &str, rows: &[Row]) -> Result<String, String> {
    between_markers(page, TABLE_BEGIN, TABLE_END, &markdown_table(rows))
}

/// `page` with what stands between the markers `begin` and `end` replaced
/// by `table`, a blank line before it so that Markdown reads it as a table.
/// Each generated table of the scale page (`bench scale`'s, `bench
/// bounds`') keeps its own pair of markers.
pub fn between_markers(page: &str, begin: &str, end: &str, table: &str) -> Result<String, String> {
    let missing = || format!("the page has no `{begin}` ... `{end}` pair");
    let (before, rest) = page.split_once(begin).ok_or_else(missing)?;
    let (_, after) = rest.split_once(end).ok_or_else(missing)?;
    Ok(format!("{before}{begin}\n\n{table}\n{end}{after}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{Job, Kind, Runner};
    use threeways_model::Style;

    fn job(kind: Kind, style: Style, n: u64) -> Job {
        Job {
            kind,
            runner: Runner::Style(style),
            n,
            url: None,
        }
    }

    fn measurement() -> Measurement {
        Measurement {
            wall_ms: 1234.56,
            cpu_ms: 870,
            peak_rss_kib: 30_720,
            baseline_rss_kib: 2_048,
            bytes_per_wait: 2_936,
        }
    }

    fn rows() -> Vec<Row> {
        let not_run = || Outcome::NotRun {
            reason: "needs a | b".to_owned(),
        };
        vec![
            Row::new(
                &job(Kind::Downloads, Style::Async, 10_000),
                Outcome::Finished { errors: 0 },
                Some(measurement()),
            ),
            Row::new(
                &job(Kind::Downloads, Style::Blocking, 100_000),
                not_run(),
                None,
            ),
            Row::new(
                &job(Kind::Downloads, Style::Callbacks, 100_000),
                not_run(),
                None,
            ),
            Row::new(
                &job(Kind::Timers, Style::Blocking, 100_000),
                Outcome::Stopped {
                    started: 16_309,
                    errors: 2,
                    reason: "thread 16,310 was not started".to_owned(),
                },
                Some(measurement()),
            ),
        ]
    }

    #[test]
    fn the_markdown_table_has_a_line_per_row_and_a_note_per_reason() {
        assert_eq!(
            markdown_table(&rows()),
            "| kind | style | N | wall ms | CPU ms | peak RSS MiB | bytes per wait | status |\n\
             | :-- | :-- | --: | --: | --: | --: | --: | :-- |\n\
             | downloads | async | 10,000 | 1,235 | 870 | 30.0 | 2,936 | ok |\n\
             | downloads | threads | 100,000 | – | – | – | – | not run (1) |\n\
             | downloads | callbacks | 100,000 | – | – | – | – | not run (1) |\n\
             | timers | threads | 100,000 | 1,235 | 870 | 30.0 | 2,936 | stopped after 16,309, 2 failed (2) |\n\
             \n\
             1. needs a | b\n\
             2. thread 16,310 was not started\n"
        );
    }

    #[test]
    fn the_terminal_table_is_aligned() {
        let table = terminal_table(&rows());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 8, "{table}");
        assert!(
            lines[0].starts_with("kind       style            N  wall ms"),
            "{table}"
        );
        assert!(lines[1].contains("   10,000    1,235"), "{table}");
        assert!(lines[2].ends_with("  not run (1)"), "{table}");
        assert_eq!(lines[5], "");
        assert_eq!(lines[6], "1. needs a | b");
    }

    #[test]
    fn the_table_between_the_markers_is_replaced() {
        let page = format!("# Title\n\n{TABLE_BEGIN}\nold\n{TABLE_END}\n\nAfter.\n");
        let new = replace_table(&page, &rows()).unwrap();
        assert!(new.starts_with("# Title\n\n"));
        assert!(new.contains(&table_region(&rows())));
        assert!(new.ends_with("\n\nAfter.\n"));
        assert!(!new.contains("old"));
        assert_eq!(replace_table(&new, &rows()).unwrap(), new);
        assert!(replace_table("no markers", &rows()).is_err());
    }
}
