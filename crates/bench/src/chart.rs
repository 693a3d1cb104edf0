//! The record as a chart: memory per wait and wall time against N, both on
//! log scales, one line per style, for the book.
//!
//! [`render_svg`] is a pure function of the [`Record`], so the chart in the
//! book can be checked against the record beside it. It follows the
//! timeline pictures of `threeways_present::timeline`:
//!
//! - **Inline and themed.** The page pastes the SVG into its HTML, so the
//!   `<style>` can use mdBook's theme variables: text, axes and grid follow
//!   the reader's light or dark theme, and there is no background. The
//!   style sheet then applies to the whole page, so every class starts with
//!   `sc-`.
//! - **Told apart without colour.** Each style has a colour and a marker
//!   shape; timers are solid lines with filled markers, downloads dashed
//!   lines with hollow ones.
//! - **No blank lines**, which would end Markdown's HTML block, and
//!   **deterministic**: coordinates are rounded to a tenth of a unit, so
//!   the same record always gives the same bytes.
//! - **Details on hover.** Every point has a `<title>` with its numbers.

use crate::job::{Kind, RUNNERS, Runner, Style};
use crate::number::thousands;
use crate::record::{Measurement, Outcome, Record, Row};
use threeways_present::svg::{Escaped, Px, Role, Svg, text_width};

/// The picture's width, about that of mdBook's content column.
const WIDTH: f64 = 720.0;
/// Empty space at the picture's edges.
const MARGIN: f64 = 8.0;
/// Between the two panels.
const PANEL_GAP: f64 = 24.0;
/// Left of each plot, for the value labels.
const LABEL_ROOM: f64 = 52.0;
/// The top of the plots, below the panel titles.
const PLOT_TOP: f64 = 30.0;
/// The plots' height.
const PLOT_HEIGHT: f64 = 200.0;
/// Between lines of text below the plots.
const LINE_HEIGHT: f64 = 18.0;
/// A marker's half-width.
const MARK: f64 = 3.5;
/// Room at each end of the N axis, in decades, so that the first and last
/// points are not drawn on the frame.
const N_PADDING: f64 = 0.12;
/// The same at each end of a value axis.
const VALUE_PADDING: f64 = 0.08;

/// The style sheet, one rule a line. Colours come from mdBook's theme
/// variables where a theme has one that fits (text, links, table borders),
/// with fallbacks for the SVG seen on its own; the orange and the green are
/// fixed, chosen to read on light and dark backgrounds alike.
const STYLE: &[&str] = &[
    ".sc-chart text{fill:var(--fg,#333);font-family:var(--mono-font,monospace);font-size:11px}",
    ".sc-chart .sc-title{font-weight:bold}",
    ".sc-chart .sc-tick,.sc-chart .sc-title,.sc-chart .sc-axis-name{text-anchor:middle}",
    ".sc-chart .sc-value{text-anchor:end}",
    ".sc-chart .sc-grid{stroke:var(--table-border-color,#ccc);stroke-width:1;stroke-dasharray:2 3}",
    ".sc-chart .sc-frame{fill:none;stroke:var(--fg,#333);stroke-width:1}",
    ".sc-chart .sc-threads{stroke:#e08a2c;fill:#e08a2c}",
    ".sc-chart .sc-callbacks{stroke:var(--links,#2b79a2);fill:var(--links,#2b79a2)}",
    ".sc-chart .sc-async{stroke:#4fa34a;fill:#4fa34a}",
    ".sc-chart .sc-ours{stroke:#a0522d;fill:#a0522d}",
    ".sc-chart .sc-line{fill:none;stroke-width:2}",
    ".sc-chart .sc-line.sc-downloads{stroke-dasharray:6 4}",
    ".sc-chart .sc-mark{stroke-width:1.5}",
    ".sc-chart .sc-mark.sc-downloads{fill:var(--bg,#fff)}",
    ".sc-chart .sc-key-kind{stroke:var(--fg,#333)}",
];

/// The record as an SVG chart, for pasting into a book page's HTML.
///
/// Two panels side by side: bytes of memory per wait against N, and wall
/// time against N, both log-log. One line per style and kind: timers
/// solid, downloads dashed. Below them, a legend, the machine, and a note
/// for any run that is not drawn. Starts with `<svg`, ends with `</svg>`
/// and a newline; one element a line; no blank lines.
pub fn render_svg(record: &Record) -> String {
    let panels = [
        Panel::new("memory per wait", &record.rows, memory_value, bytes_label),
        Panel::new("wall time", &record.rows, wall_value, time_label),
    ];
    let n_scale = LogScale::covering(record.rows.iter().map(|row| row.n as f64)).padded(N_PADDING);
    let notes = notes(record);
    let legend_y = PLOT_TOP + PLOT_HEIGHT + 2.0 * LINE_HEIGHT + 16.0;
    let height = legend_y + LINE_HEIGHT * (1 + notes.len()) as f64 + MARGIN;

    let mut svg = open_svg(height);
    for (i, panel) in panels.iter().enumerate() {
        let left = MARGIN + i as f64 * (panel_width() + PANEL_GAP);
        draw_panel(&mut svg, panel, &Frame::at(left), &n_scale);
    }
    draw_legend(&mut svg, legend_y);
    for (i, note) in notes.iter().enumerate() {
        let y = legend_y + LINE_HEIGHT * (i + 1) as f64;
        svg.line(format_args!(
            r#"<text class="sc-note" x="{}" y="{}">{}</text>"#,
            Px(MARGIN),
            Px(y),
            Escaped(note)
        ));
    }
    svg.line(format_args!("</svg>"));
    svg.into_string()
}

fn panel_width() -> f64 {
    (WIDTH - 2.0 * MARGIN - PANEL_GAP) / 2.0
}

fn open_svg(height: f64) -> Svg {
    Svg::open("sc-chart", (WIDTH, height), Role::Img, &label(), STYLE)
}

/// The chart's text alternative. It names every series the legend draws,
/// from the same list, so the two cannot disagree.
fn label() -> String {
    let names: Vec<&str> = RUNNERS.iter().map(|runner| runner.name()).collect();
    let (last, rest) = names.split_last().expect("there are runners");
    format!(
        "memory per wait and wall time against the number of waits at once, \
         one line for each of {}: {} and {last}; timers solid, downloads dashed",
        names.len(),
        rest.join(", ")
    )
}

/// What one panel plots: a value of each finished row, on a log scale.
struct Panel<'a> {
    title: &'static str,
    /// The points of each style and kind that has any, in N order.
    series: Vec<Series<'a>>,
    /// The value axis: whole decades, and a little room.
    scale: LogScale,
    /// How a value on the axis is written.
    label: fn(f64) -> String,
}

struct Series<'a> {
    runner: Runner,
    kind: Kind,
    points: Vec<(&'a Row, f64)>,
}

impl<'a> Panel<'a> {
    fn new(
        title: &'static str,
        rows: &'a [Row],
        value: fn(&Measurement) -> Option<f64>,
        label: fn(f64) -> String,
    ) -> Panel<'a> {
        let mut series = Vec::new();
        for runner in RUNNERS {
            for kind in Kind::ALL {
                let mut points: Vec<(&Row, f64)> = rows
                    .iter()
                    .filter(|row| row.runner == runner && row.kind == kind)
                    .filter_map(|row| Some((row, value(row.finished()?)?)))
                    .collect();
                points.sort_by_key(|(row, _)| row.n);
                if !points.is_empty() {
                    series.push(Series {
                        runner,
                        kind,
                        points,
                    });
                }
            }
        }
        let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
        Panel {
            title,
            scale: LogScale::covering(values).padded(VALUE_PADDING),
            series,
            label,
        }
    }
}

/// Bytes per wait, where the kernel saw the memory grow at all: zero has
/// no place on a log scale.
fn memory_value(measurement: &Measurement) -> Option<f64> {
    (measurement.bytes_per_wait > 0).then_some(measurement.bytes_per_wait as f64)
}

fn wall_value(measurement: &Measurement) -> Option<f64> {
    (measurement.wall_ms > 0.0).then_some(measurement.wall_ms)
}

/// A number of bytes: `200 B`, `10 kB`.
fn bytes_label(bytes: f64) -> String {
    with_unit(bytes, &["B", "kB", "MB", "GB"], " ")
}

/// A number of milliseconds: `500 ms`, `2 s`.
fn time_label(ms: f64) -> String {
    with_unit(ms, &["ms", "s"], " ")
}

/// A number of waits: `100`, `10k`.
fn n_label(n: f64) -> String {
    with_unit(n, &["", "k", "M"], "")
}

/// `value` in the largest of `units` (each 1000 of the one before) that
/// keeps it at 1 or more: ticks are 1, 2 or 5 times a power of ten, so
/// the number comes out short (`2`, `500`, `0.1`).
fn with_unit(value: f64, units: &[&str], space: &str) -> String {
    let mut scaled = value;
    let mut unit = 0;
    while scaled >= 1000.0 && unit + 1 < units.len() {
        scaled /= 1000.0;
        unit += 1;
    }
    format!("{scaled}{space}{}", units[unit])
}

/// A logarithmic axis from `10^low` to `10^high`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LogScale {
    low: f64,
    high: f64,
}

impl LogScale {
    /// From a round number at or below the smallest of `values` (their
    /// positive ones) to one at or above the largest: 1, 2 or 5 times a
    /// power of ten, so that the data fills the panel.
    fn covering(values: impl Iterator<Item = f64>) -> LogScale {
        let positive: Vec<f64> = values.filter(|v| *v > 0.0).collect();
        let smallest = positive.iter().copied().fold(f64::INFINITY, f64::min);
        let largest = positive.iter().copied().fold(0.0, f64::max);
        if positive.is_empty() {
            return LogScale {
                low: 0.0,
                high: 1.0,
            };
        }
        let low = round_below(smallest);
        let high = round_above(largest).max(low * 10.0);
        LogScale {
            low: low.log10(),
            high: high.log10(),
        }
    }

    fn padded(self, decades: f64) -> LogScale {
        LogScale {
            low: self.low - decades,
            high: self.high + decades,
        }
    }

    /// Where `value` falls between `from` (at `10^low`) and `to`.
    fn place(&self, value: f64, from: f64, to: f64) -> f64 {
        let fraction = (value.log10() - self.low) / (self.high - self.low);
        from + fraction * (to - from)
    }

    /// The values to mark: each power of ten within the scale, and on a
    /// scale of two and a half decades or less, where a decade is wide,
    /// also 2 and 5 times each.
    fn ticks(&self) -> Vec<f64> {
        let steps: &[f64] = if self.high - self.low <= 2.5 {
            &[1.0, 2.0, 5.0]
        } else {
            &[1.0]
        };
        // Slack for the rounding in `log10`, so that an end is marked.
        let within = (self.low - 1e-9)..=(self.high + 1e-9);
        let powers = (self.low.floor() as i32)..=(self.high.ceil() as i32);
        powers
            .flat_map(|power| steps.iter().map(move |step| step * 10_f64.powi(power)))
            .filter(|value| within.contains(&value.log10()))
            .collect()
    }
}

/// The largest of 1, 2 and 5 times a power of ten that is at most `value`.
fn round_below(value: f64) -> f64 {
    let power = 10_f64.powi(value.log10().floor() as i32);
    // 10 as well, in case `log10` came out a hair under a whole number.
    [10.0, 5.0, 2.0, 1.0]
        .into_iter()
        .map(|step| step * power)
        .find(|round| *round <= value * (1.0 + 1e-12))
        .unwrap_or(power)
}

/// The smallest of 1, 2 and 5 times a power of ten that is at least
/// `value`.
fn round_above(value: f64) -> f64 {
    let power = 10_f64.powi(value.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|round| *round >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Where one panel's plot is.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn at(panel_left: f64) -> Frame {
        Frame {
            left: panel_left + LABEL_ROOM,
            right: panel_left + panel_width(),
            top: PLOT_TOP,
            bottom: PLOT_TOP + PLOT_HEIGHT,
        }
    }

    fn x(&self, scale: &LogScale, n: f64) -> f64 {
        scale.place(n, self.left, self.right)
    }

    fn y(&self, scale: &LogScale, value: f64) -> f64 {
        scale.place(value, self.bottom, self.top)
    }
}

fn draw_panel(svg: &mut Svg, panel: &Panel<'_>, frame: &Frame, n_scale: &LogScale) {
    svg.line(format_args!(
        r#"<text class="sc-title" x="{}" y="{}">{}</text>"#,
        Px((frame.left + frame.right) / 2.0),
        Px(PLOT_TOP - 12.0),
        panel.title
    ));
    draw_value_axis(svg, panel, frame);
    draw_n_axis(svg, frame, n_scale);
    svg.line(format_args!(
        r#"<rect class="sc-frame" x="{}" y="{}" width="{}" height="{}" />"#,
        Px(frame.left),
        Px(frame.top),
        Px(frame.right - frame.left),
        Px(frame.bottom - frame.top)
    ));
    for series in &panel.series {
        draw_series(svg, series, panel, frame, n_scale);
    }
}

/// A grid line and a label at each tick of the panel's values.
fn draw_value_axis(svg: &mut Svg, panel: &Panel<'_>, frame: &Frame) {
    for value in panel.scale.ticks() {
        let y = Px(frame.y(&panel.scale, value));
        svg.line(format_args!(
            r#"<line class="sc-grid" x1="{}" y1="{y}" x2="{}" y2="{y}" />"#,
            Px(frame.left),
            Px(frame.right)
        ));
        svg.line(format_args!(
            r#"<text class="sc-value" x="{}" y="{}">{}</text>"#,
            Px(frame.left - 5.0),
            Px(y.0 + 4.0),
            (panel.label)(value)
        ));
    }
}

/// A grid line and a label at each tick of N, and the axis's name.
fn draw_n_axis(svg: &mut Svg, frame: &Frame, n_scale: &LogScale) {
    for n in n_scale.ticks() {
        let x = Px(frame.x(n_scale, n));
        svg.line(format_args!(
            r#"<line class="sc-grid" x1="{x}" y1="{}" x2="{x}" y2="{}" />"#,
            Px(frame.top),
            Px(frame.bottom)
        ));
        svg.line(format_args!(
            r#"<text class="sc-tick" x="{x}" y="{}">{}</text>"#,
            Px(frame.bottom + 15.0),
            n_label(n)
        ));
    }
    svg.line(format_args!(
        r#"<text class="sc-axis-name" x="{}" y="{}">waits at once (N)</text>"#,
        Px((frame.left + frame.right) / 2.0),
        Px(frame.bottom + 31.0)
    ));
}

fn draw_series(
    svg: &mut Svg,
    series: &Series<'_>,
    panel: &Panel<'_>,
    frame: &Frame,
    n_scale: &LogScale,
) {
    let classes = format!("sc-{} sc-{}", series.runner, series.kind);
    let places: Vec<(f64, f64)> = series
        .points
        .iter()
        .map(|(row, value)| {
            (
                frame.x(n_scale, row.n as f64),
                frame.y(&panel.scale, *value),
            )
        })
        .collect();
    if places.len() > 1 {
        let steps: Vec<String> = places
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{} {}", if i == 0 { 'M' } else { 'L' }, Px(*x), Px(*y)))
            .collect();
        svg.line(format_args!(
            r#"<path class="sc-line {classes}" d="{}" />"#,
            steps.join(" ")
        ));
    }
    for ((row, _), (x, y)) in series.points.iter().zip(places) {
        let Marker { element, place } = Marker::new(series.runner, x, y);
        svg.line(format_args!(
            r#"<{element} class="sc-mark {classes}" {place}><title>{}</title></{element}>"#,
            Escaped(&point_title(row)),
        ));
    }
}

/// A point's marker: a circle for threads, a square for callbacks, a
/// triangle for async, a diamond for our executor.
struct Marker {
    /// The SVG element.
    element: &'static str,
    /// Its attributes that place it.
    place: String,
}

impl Marker {
    fn new(runner: Runner, x: f64, y: f64) -> Marker {
        let (element, place) = match runner {
            Runner::Style(Style::Blocking) => (
                "circle",
                format!(r#"cx="{}" cy="{}" r="{}""#, Px(x), Px(y), Px(MARK)),
            ),
            Runner::Style(Style::Callbacks) => (
                "rect",
                format!(
                    r#"x="{}" y="{}" width="{}" height="{}""#,
                    Px(x - MARK),
                    Px(y - MARK),
                    Px(2.0 * MARK),
                    Px(2.0 * MARK)
                ),
            ),
            Runner::Style(Style::Async) => (
                "path",
                format!(
                    r#"d="M{} {} L{} {} L{} {} Z""#,
                    Px(x),
                    Px(y - MARK - 1.0),
                    Px(x + MARK + 0.5),
                    Px(y + MARK),
                    Px(x - MARK - 0.5),
                    Px(y + MARK)
                ),
            ),
            // Never in a record `bench scale` writes; a small dot if it were.
            Runner::Bare => (
                "circle",
                format!(r#"cx="{}" cy="{}" r="{}""#, Px(x), Px(y), Px(MARK / 2.0)),
            ),
            Runner::OurExecutor => (
                "path",
                format!(
                    r#"d="M{} {} L{} {} L{} {} L{} {} Z""#,
                    Px(x),
                    Px(y - MARK - 1.0),
                    Px(x + MARK + 1.0),
                    Px(y),
                    Px(x),
                    Px(y + MARK + 1.0),
                    Px(x - MARK - 1.0),
                    Px(y)
                ),
            ),
        };
        Marker { element, place }
    }
}

/// What hovering over a point shows.
fn point_title(row: &Row) -> String {
    let Some(measurement) = &row.measurement else {
        return format!("{} {}, N={}", row.runner, row.kind, thousands(row.n));
    };
    format!(
        "{} {}, N={}: {} ms wall, {} ms CPU, {} bytes per wait",
        row.runner,
        row.kind,
        thousands(row.n),
        thousands(measurement.wall_ms.round() as u64),
        thousands(measurement.cpu_ms),
        thousands(measurement.bytes_per_wait)
    )
}

/// The styles (colour and marker) and the kinds (solid or dashed), in a
/// row.
fn draw_legend(svg: &mut Svg, y: f64) {
    const SWATCH: f64 = 24.0;
    let middle = y - 4.0;
    let mut x = MARGIN;
    for runner in RUNNERS {
        let name = runner.name();
        svg.line(format_args!(
            r#"<path class="sc-line sc-{name} sc-timers" d="M{} {} L{} {}" />"#,
            Px(x),
            Px(middle),
            Px(x + SWATCH),
            Px(middle)
        ));
        let Marker { element, place } = Marker::new(runner, x + SWATCH / 2.0, middle);
        svg.line(format_args!(
            r#"<{element} class="sc-mark sc-{name} sc-timers" {place} />"#
        ));
        x = draw_key_text(svg, x + SWATCH + 4.0, y, name);
    }
    x += 16.0;
    for kind in Kind::ALL {
        svg.line(format_args!(
            r#"<path class="sc-line sc-key-kind sc-{kind}" d="M{} {} L{} {}" />"#,
            Px(x),
            Px(middle),
            Px(x + SWATCH),
            Px(middle)
        ));
        x = draw_key_text(svg, x + SWATCH + 4.0, y, kind.name());
    }
}

/// A legend entry's text at `x`; returns where the next entry starts.
fn draw_key_text(svg: &mut Svg, x: f64, y: f64, text: &str) -> f64 {
    svg.line(format_args!(
        r#"<text class="sc-key" x="{}" y="{}">{text}</text>"#,
        Px(x),
        Px(y)
    ));
    x + text_width(text) + 16.0
}

/// The lines below the legend: the machine, and what is not drawn.
fn notes(record: &Record) -> Vec<String> {
    let machine = &record.machine;
    let mut notes = vec![format!(
        "{}, {} cores, {:.0} GiB, Linux {}, {}",
        machine.cpu,
        machine.cores,
        machine.memory_mib as f64 / 1024.0,
        machine.kernel,
        record.date
    )];
    let unfinished = record
        .rows
        .iter()
        .any(|row| !matches!(row.outcome, Outcome::Finished { .. }));
    if unfinished {
        notes.push(
            "Not drawn: runs that stopped at a limit or did not run (the table says why)."
                .to_owned(),
        );
    }
    let unseen = record
        .rows
        .iter()
        .filter_map(Row::finished)
        .any(|measurement| measurement.bytes_per_wait == 0);
    if unseen {
        notes.push(
            "Not drawn on the left: runs whose memory grew too little for the kernel to see."
                .to_owned(),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Job;
    use crate::limits::SystemLimits;
    use crate::record::{Machine, Setup};

    fn record() -> Record {
        let mut rows = Vec::new();
        for (n, per_wait, wall) in [(100, 0, 101.0), (1_000, 90, 105.5), (100_000, 75, 160.2)] {
            let job = Job {
                kind: Kind::Timers,
                runner: Runner::Style(Style::Callbacks),
                n,
                url: None,
            };
            let measurement = Measurement {
                wall_ms: wall,
                cpu_ms: 40,
                peak_rss_kib: 9_000,
                baseline_rss_kib: 2_000,
                bytes_per_wait: per_wait,
            };
            rows.push(Row::new(
                &job,
                Outcome::Finished { errors: 0 },
                Some(measurement),
            ));
        }
        let job = Job {
            kind: Kind::Downloads,
            runner: Runner::Style(Style::Blocking),
            n: 100_000,
            url: None,
        };
        rows.push(Row::new(
            &job,
            Outcome::NotRun {
                reason: "too many open files".to_owned(),
            },
            None,
        ));
        Record {
            command: "cargo run --release -- bench scale".to_owned(),
            date: "2026-11-02".to_owned(),
            machine: Machine {
                cpu: "Some <CPU>".to_owned(),
                cores: 2,
                memory_mib: 24_000,
                kernel: "6.18".to_owned(),
            },
            setup: Setup::current(),
            limits: SystemLimits {
                max_map_count: 65_530,
                pid_max: 32_768,
                threads_max: 192_730,
                max_processes: None,
                open_files: Some(20_000),
            },
            rows,
        }
    }

    #[test]
    fn the_chart_is_one_svg_without_blank_lines() {
        let svg = render_svg(&record());
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>\n"));
        assert!(!svg.contains("\n\n"));
        assert_eq!(svg, render_svg(&record()), "deterministic");
        assert!(svg.contains("Some &lt;CPU&gt;"), "text is escaped");
    }

    /// The text alternative names each series the legend draws, and
    /// counts them.
    #[test]
    fn the_label_names_every_series() {
        let svg = render_svg(&record());
        let (_, after) = svg.split_once("aria-label=\"").unwrap();
        let (label, _) = after.split_once('"').unwrap();
        for runner in RUNNERS {
            assert!(label.contains(runner.name()), "{label}");
        }
        assert!(
            label.contains("each of 4: threads, callbacks, async and ours"),
            "{label}"
        );
    }

    #[test]
    fn points_that_cannot_be_drawn_are_left_out_and_noted() {
        let svg = render_svg(&record());
        // Three finished runs: three wall-time points, two memory points
        // (one grew by zero bytes), and one line for each panel.
        assert_eq!(svg.matches("><title>callbacks timers").count(), 5, "{svg}");
        assert_eq!(
            svg.matches("sc-line sc-callbacks sc-timers\" d=\"M")
                .count(),
            2 + 1
        );
        assert!(svg.contains("Not drawn: runs that stopped at a limit"));
        assert!(svg.contains("Not drawn on the left"));
    }

    #[test]
    fn log_scales_end_on_round_numbers() {
        let scale = LogScale::covering([75.0, 160.2, 5_000.0].into_iter());
        assert_eq!(
            scale.ticks(),
            [50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0]
        );
        assert_eq!(scale.place(500.0, 0.0, 200.0), 100.0);
        let wide = LogScale::covering([110.0, 21_381.0].into_iter());
        assert_eq!(wide.ticks(), [100.0, 1_000.0, 10_000.0]);
        assert!((10_f64.powf(wide.high) - 50_000.0).abs() < 1e-6);
        let single = LogScale::covering([100.0].into_iter());
        assert_eq!(single.ticks(), [100.0, 200.0, 500.0, 1_000.0]);
        assert_eq!(
            LogScale::covering(std::iter::empty()),
            LogScale {
                low: 0.0,
                high: 1.0
            }
        );
        assert_eq!(round_below(1_000.0), 1_000.0);
        assert_eq!(round_above(1_000.0), 1_000.0);
        assert_eq!(round_above(1_125.0), 2_000.0);
        assert_eq!(round_below(99.0), 50.0);
    }

    #[test]
    fn a_narrow_scale_marks_twos_and_fives() {
        let scale = LogScale::covering([120.0, 900.0].into_iter()).padded(0.08);
        assert_eq!(scale.ticks(), [100.0, 200.0, 500.0, 1_000.0]);
    }

    #[test]
    fn labels_use_the_largest_unit_that_keeps_them_whole() {
        assert_eq!(bytes_label(10.0), "10 B");
        assert_eq!(bytes_label(1_000.0), "1 kB");
        assert_eq!(bytes_label(200_000.0), "200 kB");
        assert_eq!(time_label(500.0), "500 ms");
        assert_eq!(time_label(2_000.0), "2 s");
        assert_eq!(n_label(100.0), "100");
        assert_eq!(n_label(10_000.0), "10k");
        assert_eq!(n_label(1_000_000.0), "1M");
    }
}
