//! Traces side by side in a terminal, aligned on time.
//!
//! `run <chapter> --style all --columns` prints the three styles' traces of a
//! chapter next to each other, so a reader sees what each style was doing at
//! the same moment. Each column shows its events the way
//! [`Trace::render_text`] does; the time is shown once, at the left.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::iter;
use std::time::Duration;

use crate::timeline::url_paths_only;
use threeways_model::trace::{Clock, Trace, format_ms};

/// Between the time field and a column, and between two columns.
const SEPARATOR: &str = " │ ";
/// Where the rule line crosses a [`SEPARATOR`].
const CROSSING: &str = "─┼─";
/// What the rule line is drawn with.
const RULE: char = '─';
/// What a cut cell or line ends with.
const ELLIPSIS: char = '…';

/// The traces of `columns` side by side, each under its title, fitted to a
/// terminal `width` chars wide.
///
/// Rows are aligned on time: all events at the same time start on the same
/// row, each trace's in its own order, and a trace with fewer events at that
/// time leaves its cells below them blank. The time is shown on the first row
/// of each moment, in the clock of the first trace. A rule separates the
/// titles and the totals from the events. At width 78:
///
/// ```text
///        │ blocking                          │ async
/// ───────┼───────────────────────────────────┼──────────────────────────────────
///   0 ms │ main  [wait 120 ms] fetch a       │ main    start
///        │                                   │ task 1  [wait 120 ms] fetch a
/// 120 ms │ main  got a                       │ task 1  got a
/// ───────┼───────────────────────────────────┼──────────────────────────────────
///        │ total: 120 ms (virtual), 1 thread │ total: 120 ms (virtual), 1 thread
/// ```
///
/// Cells too long for their column are cut and end with `…`. No line is
/// longer than `width` chars; a width too small even for the time field
/// cuts the lines themselves. No columns give an empty string.
pub fn render_columns(columns: &[(&str, &Trace)], width: usize) -> String {
    let Some((_, first)) = columns.first() else {
        return String::new();
    };
    let traces: Vec<&Trace> = columns.iter().map(|(_, trace)| *trace).collect();
    let body = aligned_rows(&traces, first.clock);
    let time_width = body
        .iter()
        .map(|row| row.time.chars().count())
        .max()
        .unwrap_or(0);
    let layout = Layout::new(width, time_width, columns.len());

    let titles: Vec<String> = columns.iter().map(|(title, _)| title.to_string()).collect();
    let summaries: Vec<String> = traces.iter().map(|trace| trace.summary()).collect();
    let mut lines = vec![layout.line("", &titles), layout.rule()];
    lines.extend(body.iter().map(|row| layout.line(&row.time, &row.cells)));
    // Without this rule the totals would read as more events at the last
    // time, since a blank time means "same time as above".
    lines.push(layout.rule());
    lines.push(layout.line("", &summaries));
    lines.into_iter().map(|line| line + "\n").collect()
}

/// One line of the body.
#[derive(Debug)]
struct Row {
    /// Such as `120 ms` on the first row of a moment; empty on the rows below.
    time: String,
    /// One cell per trace; empty where that trace has no more events at this
    /// time.
    cells: Vec<String>,
}

/// A trace's cells, keyed by the time of their event.
type CellsByTime = BTreeMap<Duration, Vec<String>>;

/// The body: every moment of any trace, each as many rows high as the trace
/// with the most events at that moment.
fn aligned_rows(traces: &[&Trace], clock: Clock) -> Vec<Row> {
    let columns: Vec<CellsByTime> = traces.iter().map(|trace| cells_by_time(trace)).collect();
    let times: BTreeSet<Duration> = columns
        .iter()
        .flat_map(|cells| cells.keys().copied())
        .collect();
    times
        .into_iter()
        .flat_map(|at| rows_at(at, &columns, clock))
        .collect()
}

/// The rows of the moment `at`.
fn rows_at(at: Duration, columns: &[CellsByTime], clock: Clock) -> Vec<Row> {
    let cells_at: Vec<&[String]> = columns
        .iter()
        .map(|cells| cells.get(&at).map_or(&[][..], Vec::as_slice))
        .collect();
    let height = cells_at.iter().map(|cells| cells.len()).max().unwrap_or(0);
    (0..height)
        .map(|i| Row {
            time: match i {
                0 => format!("{} ms", format_ms(at, clock)),
                _ => String::new(),
            },
            cells: cells_at
                .iter()
                .map(|cells| cells.get(i).cloned().unwrap_or_default())
                .collect(),
        })
        .collect()
}

/// Each event of `trace` as a cell: its lane, padded to the trace's widest
/// lane, then its text. Events at the same time keep their order.
///
/// Grouping by time, rather than walking the events in order, keeps every
/// event even in a trace whose events are out of order (its fields are
/// public, so nothing stops one being built that way).
fn cells_by_time(trace: &Trace) -> CellsByTime {
    let lane_width = trace
        .events
        .iter()
        .map(|event| event.lane().chars().count())
        .max()
        .unwrap_or(0);
    let mut cells = CellsByTime::new();
    for event in &trace.events {
        let lane = event.lane();
        // Every fetch in a chapter goes to one host: the path is what tells
        // them apart in a narrow column.
        let text = url_paths_only(&event.describe(trace.clock)).into_owned();
        let cell = format!("{lane:<lane_width$}  {text}");
        cells.entry(event.at()).or_default().push(cell);
    }
    cells
}

/// How wide each field of a line is, in chars.
#[derive(Debug)]
struct Layout {
    /// The terminal: no line may be longer.
    width: usize,
    /// The time field at the left of each line.
    time_width: usize,
    /// How many columns there are.
    columns: usize,
    /// The width of every column.
    cell_width: usize,
}

impl Layout {
    fn new(width: usize, time_width: usize, columns: usize) -> Layout {
        let separators = columns * SEPARATOR.chars().count();
        // Equal columns, so no style looks more important than another. The
        // remainder of the division stays unused at the right. Saturating:
        // below the time field and the separators there is no room for
        // cells at all, and `line` cuts what remains.
        let cell_width = width.saturating_sub(time_width + separators) / columns.max(1);
        Layout {
            width,
            time_width,
            columns,
            cell_width,
        }
    }

    /// A line with `time` at the left and then `cells`, each cut to fit its
    /// column, without its `\n`.
    fn line(&self, time: &str, cells: &[String]) -> String {
        let mut line = format!("{time:>0$}", self.time_width);
        for cell in cells {
            let cell = fit(cell, self.cell_width);
            write!(line, "{SEPARATOR}{cell:<0$}", self.cell_width)
                .expect("writing to a String cannot fail");
        }
        // Blank or short cells at the end pad the line with spaces. The cut
        // only bites when the terminal is too narrow for the time field and
        // the separators, where `Layout::new` gave the cells no room.
        fit(line.trim_end(), self.width)
    }

    /// The rule between the titles, the events and the totals.
    fn rule(&self) -> String {
        let time = iter::repeat_n(RULE, self.time_width);
        let column = CROSSING
            .chars()
            .chain(iter::repeat_n(RULE, self.cell_width));
        let columns = iter::repeat_n(column, self.columns).flatten();
        // Cut without an ellipsis: a shorter rule hides nothing.
        time.chain(columns).take(self.width).collect()
    }
}

/// `text` cut to at most `width` chars, ending in `…` when something was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let Some(kept) = width.checked_sub(1) else {
        return String::new();
    };
    let kept: String = text.chars().take(kept).collect();
    // `saving…` rather than `saving …`; it also keeps a cut line from
    // ending in spaces.
    format!("{}{ELLIPSIS}", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::trace::{Lane, Recorder, SpanKind};

    use threeways_test_support::ms;

    /// One lane: it notes, waits 120 ms to fetch a page, notes again.
    fn blocking() -> Trace {
        let rec = Recorder::new();
        let main: Lane = "main".into();
        let fetch = rec.begin(ms(0), &main, "fetch a", SpanKind::Wait);
        rec.end(fetch, ms(120));
        rec.note(ms(120), &main, "got a");
        rec.finish(ms(120), Clock::Virtual, 1)
    }

    /// Two lanes: `main` starts, a task waits 120 ms and notes.
    fn async_() -> Trace {
        let rec = Recorder::new();
        let main: Lane = "main".into();
        let task: Lane = "task 1".into();
        rec.note(ms(0), &main, "start");
        let fetch = rec.begin(ms(0), &task, "fetch a", SpanKind::Wait);
        rec.end(fetch, ms(120));
        rec.note(ms(120), &task, "got a");
        rec.finish(ms(120), Clock::Virtual, 1)
    }

    /// A trace of notes on lane `main`, one per `(at in ms, text)`.
    fn notes(notes: &[(u64, &str)]) -> Trace {
        let rec = Recorder::new();
        let main: Lane = "main".into();
        for &(at, text) in notes {
            rec.note(ms(at), &main, text);
        }
        let total = notes.iter().map(|&(at, _)| at).max().unwrap_or(0);
        rec.finish(ms(total), Clock::Virtual, 1)
    }

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn renders_a_small_example() {
        let (blocking, async_) = (blocking(), async_());
        let text = render_columns(&[("blocking", &blocking), ("async", &async_)], 78);
        let expected = [
            "       │ blocking                          │ async",
            "───────┼───────────────────────────────────┼──────────────────────────────────",
            "  0 ms │ main  [wait 120 ms] fetch a       │ main    start",
            "       │                                   │ task 1  [wait 120 ms] fetch a",
            "120 ms │ main  got a                       │ task 1  got a",
            "───────┼───────────────────────────────────┼──────────────────────────────────",
            "       │ total: 120 ms (virtual), 1 thread │ total: 120 ms (virtual), 1 thread",
        ];
        assert_eq!(text, expected.map(|line| format!("{line}\n")).concat());
    }

    #[test]
    fn events_at_the_same_time_share_a_line() {
        let one = notes(&[(0, "one starts"), (120, "one at 120")]);
        let two = notes(&[(0, "two starts"), (50, "two at 50"), (120, "two at 120")]);
        let text = render_columns(&[("one", &one), ("two", &two)], 120);
        let at_120 = lines(&text)
            .into_iter()
            .find(|line| line.starts_with("120 ms"))
            .expect("a line for 120 ms");
        assert!(at_120.contains("one at 120"), "{text}");
        assert!(at_120.contains("two at 120"), "{text}");
        let at_50 = lines(&text)
            .into_iter()
            .find(|line| line.starts_with(" 50 ms"))
            .expect("a line for 50 ms");
        assert!(at_50.ends_with("│ main  two at 50"), "{text}");
    }

    #[test]
    fn a_busier_moment_leaves_blank_cells_not_misalignment() {
        let blocking = notes(&[(0, "b1"), (0, "b2"), (10, "b later")]);
        let async_ = notes(&[(0, "a1"), (0, "a2"), (0, "a3"), (10, "a later")]);
        let text = render_columns(&[("blocking", &blocking), ("async", &async_)], 40);
        let body = &lines(&text)[2..6];
        assert_eq!(
            body,
            [
                " 0 ms │ main  b1       │ main  a1",
                "      │ main  b2       │ main  a2",
                "      │                │ main  a3",
                "10 ms │ main  b later  │ main  a later",
            ],
            "{text}"
        );
    }

    #[test]
    fn no_line_is_longer_than_the_terminal() {
        let long = "x".repeat(300);
        let wide = notes(&[(0, "start"), (1234, &long)]);
        let (blocking, async_) = (blocking(), async_());
        let columns = [("blocking", &blocking), ("wide", &wide), ("async", &async_)];
        // 120 is what the CLI passes; the rest down to 0 must not panic.
        for width in (0..=130).rev() {
            let text = render_columns(&columns, width);
            for line in lines(&text) {
                assert!(line.chars().count() <= width, "width {width}: {line:?}");
                assert_eq!(line, line.trim_end(), "width {width}: trailing spaces");
            }
            assert!(text.ends_with('\n'), "width {width}");
        }
    }

    #[test]
    fn uses_the_width_it_is_given() {
        let long = "x".repeat(300);
        let wide = notes(&[(0, &long)]);
        for width in [120, 40, 20] {
            let text = render_columns(&[("one", &wide), ("two", &wide)], width);
            let widest = lines(&text).iter().map(|l| l.chars().count()).max();
            // 2 columns of 3 separators each leave an even share: no waste.
            assert_eq!(widest, Some(width), "{text}");
        }
    }

    #[test]
    fn long_cells_are_cut_with_an_ellipsis() {
        let trace = notes(&[(0, "naïve café, far too long for its column")]);
        let text = render_columns(&[("one", &trace), ("two", &trace)], 40);
        let line = lines(&text)[2];
        assert_eq!(line, "0 ms │ main  naïve ca… │ main  naïve ca…", "{text}");
    }

    #[test]
    fn fit_counts_chars_not_bytes() {
        assert_eq!(fit("héllo wörld", 11), "héllo wörld");
        assert_eq!(fit("héllo wörld", 5), "héll…");
        assert_eq!(fit("héllo wörld", 7), "héllo…");
        assert_eq!(fit("héllo", 1), "…");
        assert_eq!(fit("héllo", 0), "");
    }

    #[test]
    fn summaries_are_the_last_line() {
        let one = notes(&[(0, "start"), (30, "end")]);
        let two = notes(&[(0, "start"), (70, "end")]);
        let text = render_columns(&[("one", &one), ("two", &two)], 120);
        let last = *lines(&text).last().expect("some lines");
        let fields: Vec<&str> = last.split('│').map(str::trim).collect();
        assert_eq!(fields, ["", &one.summary(), &two.summary()], "{text}");
    }

    #[test]
    fn headers_name_the_columns() {
        let one = notes(&[(0, "start")]);
        let text = render_columns(&[("blocking", &one), ("callbacks", &one)], 40);
        assert_eq!(lines(&text)[0], "     │ blocking        │ callbacks");
        assert_eq!(lines(&text)[1], "─────┼─────────────────┼────────────────");
    }

    #[test]
    fn no_columns_give_no_text() {
        assert_eq!(render_columns(&[], 120), "");
    }
}
