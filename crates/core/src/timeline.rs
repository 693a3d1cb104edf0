//! Timeline pictures: a trace drawn as an SVG, one band of rows per lane.
//!
//! [`render_svg`] draws a [`Trace`] for the book. Time runs left to right,
//! each lane (a thread, a callback chain, a task) gets a band of one or more
//! rows, called tracks, and every span is a bar on one of its lane's tracks.
//! The text trace tells *what* happened in which order; the picture shows at
//! a glance *who sat idle when*, which is what each chapter is about.
//!
//! Why it is drawn the way it is:
//!
//! - **Overlapping spans stack.** One lane can wait for several things at
//!   once: an async task that joins five fetches waits for all five from the
//!   same moment. Bars drawn over each other would hide all but one, so a
//!   lane has as many tracks as it needs, and each span goes on the first
//!   track that is free when it starts. A faint line between lanes tells a
//!   lane of three tracks from three lanes.
//! - **Waits are hollow, computing is solid.** A waiting thread is held but
//!   does nothing, so a wait is a pale bar with an outline and a computation a
//!   filled one. Fill against outline, not one hue against another, still
//!   tells them apart in greyscale and to colour-blind readers.
//! - **Inline, themed, transparent.** The SVG is pasted into the page's HTML
//!   rather than linked as an image, so its `<style>` can use mdBook's theme
//!   variables and follow the reader's theme, light or dark; there is no
//!   background rectangle to glare in a dark theme. The style sheet then
//!   applies to the whole page, so every class starts with `tl-`.
//! - **No blank lines.** Markdown ends an HTML block at a blank line, so the
//!   output has none, even when a label holds line breaks: those are written
//!   as character references.
//! - **Deterministic.** Like the text trace, the same trace gives the same
//!   bytes, so pictures can be checked in and diffed: coordinates are rounded
//!   to a tenth of a unit and tick values are computed in whole nanoseconds.
//! - **Details on hover.** A label is drawn only where it fits, and inside a
//!   bar a URL is cut down to its path, since every fetch goes to the same
//!   host; every bar and note carries a `<title>` with the full text and
//!   times, which browsers show as a tooltip.

use std::borrow::Cow;
use std::time::Duration;

use crate::svg::{Escaped, Px, Svg};
use crate::trace::{Clock, Event, Lane, SpanKind, Trace, format_ms};

/// The picture's width in SVG units, about that of mdBook's content column.
const WIDTH: f64 = 720.0;
/// Empty space at the picture's top, left and bottom edges.
const MARGIN: f64 = 8.0;
/// Empty space right of the plot, so a tick label at its end is not cut off.
const RIGHT_MARGIN: f64 = 24.0;
/// The height of one track, a row of a lane's band.
const TRACK_HEIGHT: f64 = 26.0;
/// The height of a span's bar, centred in its track.
const BAR_HEIGHT: f64 = 16.0;
/// Between the right edge of the lane names and the plot.
const GUTTER: f64 = 8.0;
/// Lane names wider than this are shortened, so the plot keeps its room.
const MAX_LANE_NAME_WIDTH: f64 = 180.0;
/// The estimated advance of one character of the 11 px monospace font that
/// [`STYLE`] sets. Only an estimate: the reader's font decides, so labels are
/// given some padding.
const CHAR_WIDTH: f64 = 6.5;
/// From a track's middle down to the baseline that centres 11 px text on it.
const TEXT_DROP: f64 = 4.0;
/// Between a bar's left end and its label. More than a note marker's radius,
/// since a span often begins with a note.
const LABEL_PADDING: f64 = 6.0;
/// The narrowest a bar is drawn, so that a span that took no time still shows.
const MIN_SPAN_WIDTH: f64 = 2.0;
/// The radius of a note's marker.
const NOTE_RADIUS: f64 = 3.5;
/// At most this many ticks on the time axis; the step rule gives at least 4.
const MAX_TICKS: u128 = 8;
/// Nanoseconds in a millisecond, the axis's unit.
const NANOS_PER_MS: u128 = 1_000_000;

/// The style sheet, one rule a line. Colours come from mdBook's theme
/// variables, with fallbacks for the SVG seen on its own; only the CPU orange
/// is fixed, chosen to stand out on light and dark backgrounds alike, with
/// dark text on it. Every rule starts with `.tl-timeline` so that it also
/// outweighs the `.tl-timeline text` rule. The line between two lanes is a
/// `tl-grid` line, so it takes the grid's faint colour, and a `tl-separator`,
/// which makes it solid: dashed, it would read as one more tick's grid line
/// turned on its side. Some classes have no rule (`tl-row`, `tl-span`,
/// `tl-on-wait`, `tl-key`): they name the parts for whoever reads the SVG,
/// and for the tests.
const STYLE: &[&str] = &[
    ".tl-timeline text{fill:var(--fg,#333);font-family:var(--mono-font,monospace);font-size:11px}",
    ".tl-timeline .tl-wait{fill:var(--links,#2b79a2);fill-opacity:0.18;stroke:var(--links,#2b79a2);stroke-width:1}",
    ".tl-timeline .tl-cpu{fill:#e08a2c;stroke:#e08a2c;stroke-width:1}",
    ".tl-timeline .tl-on-cpu{fill:#222}",
    ".tl-timeline .tl-note{fill:var(--fg,#333);stroke:var(--bg,#fff);stroke-width:1}",
    ".tl-timeline .tl-grid{stroke:var(--table-border-color,#ccc);stroke-width:1;stroke-dasharray:2 3}",
    ".tl-timeline .tl-grid.tl-separator{stroke-dasharray:none}",
    ".tl-timeline .tl-axis{stroke:var(--fg,#333);stroke-width:1}",
    ".tl-timeline .tl-lane,.tl-timeline .tl-unit,.tl-timeline .tl-summary{text-anchor:end}",
    ".tl-timeline .tl-tick{text-anchor:middle}",
];

/// The trace as an SVG timeline, for pasting into a book page's HTML.
///
/// One band per lane, in the order the lanes first appear in the trace, with
/// the lane's name at the left and a faint line between bands. A band has one
/// track, a row, for each span its lane had going at its busiest moment, so
/// that no two bars overlap. Waits are pale outlined bars, computations solid
/// orange ones, notes small dots on a lane's first track; hovering over any of
/// them shows its full text and times. Below the lanes: a time axis in
/// milliseconds with a few round ticks, then a legend and the trace's summary
/// line.
///
/// The output starts with `<svg`, ends with `</svg>` and a newline, has one
/// element a line and no blank lines. The same trace always gives the same
/// bytes.
pub fn render_svg(trace: &Trace) -> String {
    let lanes = stack_lanes(&trace.events);
    let layout = Layout::new(&lanes, time_extent(trace));
    let mut svg = Svg::default();
    open_svg(&mut svg, &layout, trace, lanes.len());
    draw_axis(&mut svg, &layout);
    draw_lane_separators(&mut svg, &layout, &lanes);
    for lane in &lanes {
        draw_lane(&mut svg, &layout, trace, lane);
    }
    draw_legend(&mut svg, &layout, &trace.summary());
    svg.line(format_args!("</svg>"));
    svg.into_string()
}

/// Each lane once, in the order of its first event.
fn lanes_in_order(events: &[Event]) -> Vec<&Lane> {
    let mut lanes: Vec<&Lane> = Vec::new();
    for event in events {
        // A linear search: a trace has a handful of lanes, and a `Vec` keeps
        // the order without a second structure.
        if !lanes.contains(&event.lane()) {
            lanes.push(event.lane());
        }
    }
    lanes
}

/// A lane as drawn: a band of tracks, one above the other, with each of the
/// lane's spans on one of them.
#[derive(Debug)]
struct StackedLane<'a> {
    name: &'a Lane,
    /// The lane's first track, counted over the whole picture from the top.
    first_track: usize,
    /// How many tracks the lane has: at least one, where its name and notes
    /// go even if it has no spans.
    tracks: usize,
    /// The lane's spans in trace order, each with its track counted from the
    /// lane's first.
    spans: Vec<(usize, Span<'a>)>,
}

/// Every lane, in the order of its first event, with its spans stacked and
/// its band below those of the lanes before it.
fn stack_lanes(events: &[Event]) -> Vec<StackedLane<'_>> {
    let mut lanes = Vec::new();
    let mut first_track = 0;
    for name in lanes_in_order(events) {
        // The trace lists spans by their starts, the order first fit needs.
        let spans: Vec<Span<'_>> = spans_on(events, name).collect();
        let tracks_of_spans = first_fit_tracks(spans.iter().map(|span| (span.start, span.end)));
        let tracks = tracks_of_spans.iter().max().map_or(1, |last| last + 1);
        lanes.push(StackedLane {
            name,
            first_track,
            tracks,
            spans: tracks_of_spans.into_iter().zip(spans).collect(),
        });
        first_track += tracks;
    }
    lanes
}

/// The track of each of `spans`, given as `(start, end)` in order of their
/// starts: the first track whose last span ended at or before the span's
/// start, or else a new track below the others.
///
/// Ending at the moment another span starts is not overlapping it, so a
/// span that follows another on the same lane stays on its track. Taken in
/// order of their starts, first fit opens a track only when every track is
/// busy, so a lane gets no more tracks than it had spans going at once.
fn first_fit_tracks(spans: impl IntoIterator<Item = (Duration, Duration)>) -> Vec<usize> {
    // When each track's last span ends.
    let mut track_ends: Vec<Duration> = Vec::new();
    let mut tracks = Vec::new();
    for (start, end) in spans {
        // `max`, as in `event_end`, for a span recorded as ending before it
        // began.
        let end = end.max(start);
        let track = match track_ends.iter().position(|&free_from| free_from <= start) {
            Some(track) => {
                track_ends[track] = end;
                track
            }
            None => {
                track_ends.push(end);
                track_ends.len() - 1
            }
        };
        tracks.push(track);
    }
    tracks
}

/// The time at the plot's right end: the run's total, or the last moment an
/// event reaches if that is later. Never zero.
fn time_extent(trace: &Trace) -> Duration {
    let latest = trace.events.iter().map(event_end).max().unwrap_or_default();
    let extent = trace.total.max(latest);
    if extent.is_zero() {
        // A run that took no time still needs a scale to draw on; any will
        // do, since everything sits at its left end.
        Duration::from_millis(1)
    } else {
        extent
    }
}

/// When an event is over: a note's moment, a span's end.
fn event_end(event: &Event) -> Duration {
    match event {
        Event::Note { at, .. } => *at,
        // `max` keeps a span recorded as ending before it began inside the plot.
        Event::Span { start, end, .. } => (*start).max(*end),
    }
}

/// Where things go in the picture of one trace.
#[derive(Debug)]
struct Layout {
    /// The plot's left end, right of the lane names.
    plot_left: f64,
    /// The plot's right end, where [`Layout::extent`] is.
    plot_right: f64,
    /// The time at the plot's right end, in nanoseconds; never zero.
    extent: u128,
    /// How many tracks all the lanes have together.
    tracks: usize,
}

impl Layout {
    fn new(lanes: &[StackedLane<'_>], extent: Duration) -> Layout {
        let widest_name = lanes
            .iter()
            .map(|lane| text_width(lane.name))
            .fold(0.0, f64::max);
        // At least as wide as the unit label that shares this column.
        let names_width = widest_name.clamp(text_width(UNIT), MAX_LANE_NAME_WIDTH);
        Layout {
            plot_left: MARGIN + names_width + GUTTER,
            plot_right: WIDTH - RIGHT_MARGIN,
            // `time_extent` is never zero; `max` makes sure that `x` can
            // never divide by it.
            extent: extent.as_nanos().max(1),
            tracks: lanes.iter().map(|lane| lane.tracks).sum(),
        }
    }

    /// The x coordinate of `nanos` after the start.
    fn x(&self, nanos: u128) -> f64 {
        let fraction = nanos as f64 / self.extent as f64;
        self.plot_left + (self.plot_right - self.plot_left) * fraction
    }

    /// The right end of the lane-name column; names are right-aligned to it.
    fn names_right(&self) -> f64 {
        self.plot_left - GUTTER
    }

    /// The top of `track`, counted over the whole picture.
    fn track_top(&self, track: usize) -> f64 {
        MARGIN + track as f64 * TRACK_HEIGHT
    }

    fn track_middle(&self, track: usize) -> f64 {
        self.track_top(track) + TRACK_HEIGHT / 2.0
    }

    /// The time axis, a little below the last track.
    fn axis_y(&self) -> f64 {
        self.track_top(self.tracks) + 4.0
    }

    /// The baseline of the tick labels.
    fn tick_label_y(&self) -> f64 {
        self.axis_y() + 16.0
    }

    /// The baseline of the legend and the summary.
    fn legend_y(&self) -> f64 {
        self.tick_label_y() + 22.0
    }

    /// The picture's height: down to the legend, its descenders, the margin.
    fn height(&self) -> f64 {
        self.legend_y() + 3.0 + MARGIN
    }
}

/// The opening tag, with a text alternative for screen readers, and the
/// style sheet.
fn open_svg(svg: &mut Svg, layout: &Layout, trace: &Trace, lanes: usize) {
    let lanes = match lanes {
        1 => "1 lane".to_owned(),
        n => format!("{n} lanes"),
    };
    let description = format!("timeline: {lanes}, {}", trace.summary());
    svg.line(format_args!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="tl-timeline" viewBox="0 0 {} {}" width="100%" style="max-width:{}px" role="img" aria-label="{}">"#,
        Px(WIDTH),
        Px(layout.height()),
        Px(WIDTH),
        Escaped(&description),
    ));
    svg.line(format_args!("<style>"));
    for rule in STYLE {
        svg.line(format_args!("{rule}"));
    }
    svg.line(format_args!("</style>"));
}

/// What the time axis is labelled with, once.
const UNIT: &str = "ms";

/// The time axis below the lanes, with its ticks and their labels, and a
/// faint grid line up through the lanes at each tick. Drawn before the
/// lanes, so that the grid lies under the bars.
fn draw_axis(svg: &mut Svg, layout: &Layout) {
    let ticks = ticks(layout.extent);
    let (top, axis) = (layout.track_top(0), layout.axis_y());
    for tick in &ticks {
        let x = Px(layout.x(tick.nanos));
        svg.line(format_args!(
            r#"<line class="tl-grid" x1="{x}" y1="{}" x2="{x}" y2="{}" />"#,
            Px(top),
            Px(axis),
        ));
    }
    svg.line(format_args!(
        r#"<line class="tl-axis" x1="{}" y1="{y}" x2="{}" y2="{y}" />"#,
        Px(layout.plot_left),
        Px(layout.plot_right),
        y = Px(axis),
    ));
    for tick in &ticks {
        let x = Px(layout.x(tick.nanos));
        svg.line(format_args!(
            r#"<line class="tl-axis" x1="{x}" y1="{}" x2="{x}" y2="{}" />"#,
            Px(axis),
            Px(axis + 4.0),
        ));
        svg.line(format_args!(
            r#"<text class="tl-tick" x="{x}" y="{}">{}</text>"#,
            Px(layout.tick_label_y()),
            tick.label,
        ));
    }
    // In the lane-name column, where it labels the axis without crowding
    // the numbers.
    svg.line(format_args!(
        r#"<text class="tl-unit" x="{}" y="{}">{UNIT}</text>"#,
        Px(layout.names_right()),
        Px(layout.tick_label_y()),
    ));
}

/// A labelled mark on the time axis.
#[derive(Debug, PartialEq, Eq)]
struct Tick {
    /// Where, in nanoseconds after the start.
    nanos: u128,
    /// The time in milliseconds, such as `150` or `0.25`.
    label: String,
}

/// The ticks from zero to `extent` nanoseconds, every multiple of a round
/// step: the smallest of 1, 2 or 5 times a power of ten that gives no more
/// than [`MAX_TICKS`]. The next smaller step would give more than that, and
/// steps grow by at most 2.5 times, so there are at least 4 (unless the
/// extent is a few nanoseconds).
fn ticks(extent: u128) -> Vec<Tick> {
    let step = round_steps()
        .find(|step| extent / step < MAX_TICKS)
        // Unreachable: the steps go up to 10^38 ns, and a `Duration` is under
        // 10^29 ns. Should it happen, a single tick at zero is still an axis.
        .unwrap_or(u128::MAX);
    let decimals = decimals_for(step);
    (0..=extent / step)
        .map(|i| Tick {
            nanos: i * step,
            label: format_tick(i * step, decimals),
        })
        .collect()
}

/// 1, 2, 5, 10, 20, 50, … nanoseconds, as far as `u128` goes.
fn round_steps() -> impl Iterator<Item = u128> {
    std::iter::successors(Some(1u128), |power| power.checked_mul(10))
        .flat_map(|power| [1, 2, 5].map(|factor| power.checked_mul(factor)))
        .map_while(|step| step)
}

/// How many decimals of a millisecond tick labels need to tell ticks `step`
/// nanoseconds apart: none for 50 ms, one for 0.5 ms, three for 2 µs. At most
/// six, since a step is a whole number of nanoseconds.
fn decimals_for(step: u128) -> usize {
    let mut decimals = 6;
    let mut rest = step;
    while decimals > 0 && rest.is_multiple_of(10) {
        rest /= 10;
        decimals -= 1;
    }
    decimals
}

/// `nanos` in milliseconds with `decimals` decimals (at most six), except
/// for the origin, which is plain `0`. Computed in integers, so a tick is
/// labelled `0.3`, never `0.30000000000000004`.
fn format_tick(nanos: u128, decimals: usize) -> String {
    let whole = nanos / NANOS_PER_MS;
    if decimals == 0 || nanos == 0 {
        return whole.to_string();
    }
    let fraction = format!("{:06}", nanos % NANOS_PER_MS);
    format!("{whole}.{}", &fraction[..decimals.min(6)])
}

/// A faint line above every lane but the first, across the names and the
/// plot, so that a lane of three tracks does not read as three lanes. It
/// runs through the gap between two tracks' bars.
fn draw_lane_separators(svg: &mut Svg, layout: &Layout, lanes: &[StackedLane<'_>]) {
    for lane in lanes.iter().skip(1) {
        svg.line(format_args!(
            r#"<line class="tl-grid tl-separator" x1="{}" y1="{y}" x2="{}" y2="{y}" />"#,
            Px(MARGIN),
            Px(layout.plot_right),
            y = Px(layout.track_top(lane.first_track)),
        ));
    }
}

/// One lane's band: its name, its spans, then its notes, so that the notes'
/// markers lie on top of the bars.
///
/// The name and the notes go on the lane's first track rather than the
/// middle of its band. There the name reads as the heading of the band,
/// level with its first bar as on a lane of one track, instead of floating
/// level with the gap between two bars in a band of an even number of
/// tracks; and the notes, which say when the lane began and what it got,
/// stay next to the name.
fn draw_lane(svg: &mut Svg, layout: &Layout, trace: &Trace, lane: &StackedLane<'_>) {
    svg.line(format_args!(r#"<g class="tl-row">"#));
    draw_lane_name(svg, layout, lane.first_track, lane.name);
    for (track, span) in &lane.spans {
        draw_span(svg, layout, lane.first_track + track, span, trace.clock);
    }
    let notes = notes_on(&trace.events, lane.name);
    // Notes on a lane at the same moment would hide each other's markers,
    // so they share one marker whose tooltip lists them all. The trace is in
    // time order, so they are next to each other.
    for moment in notes.chunk_by(|a, b| a.at == b.at) {
        draw_notes(svg, layout, lane.first_track, moment, trace.clock);
    }
    svg.line(format_args!("</g>"));
}

/// The lane's name left of `track`; shortened if it is too long, with the
/// full name on hover.
fn draw_lane_name(svg: &mut Svg, layout: &Layout, track: usize, lane: &str) {
    let name = shorten(lane, MAX_LANE_NAME_WIDTH);
    let x = Px(layout.names_right());
    let y = Px(layout.track_middle(track) + TEXT_DROP);
    if name == lane {
        svg.line(format_args!(
            r#"<text class="tl-lane" x="{x}" y="{y}">{}</text>"#,
            Escaped(lane),
        ));
    } else {
        svg.line(format_args!(
            r#"<text class="tl-lane" x="{x}" y="{y}"><title>{}</title>{}</text>"#,
            Escaped(lane),
            Escaped(&name),
        ));
    }
}

/// A span event's fields, borrowed from the trace.
#[derive(Debug)]
struct Span<'a> {
    start: Duration,
    end: Duration,
    label: &'a str,
    kind: SpanKind,
}

/// The spans on `lane`, in trace order.
fn spans_on<'a>(events: &'a [Event], lane: &'a Lane) -> impl Iterator<Item = Span<'a>> {
    events.iter().filter_map(move |event| match event {
        Event::Span {
            start,
            end,
            lane: on,
            label,
            kind,
        } if on == lane => Some(Span {
            start: *start,
            end: *end,
            label,
            kind: *kind,
        }),
        _ => None,
    })
}

/// A bar on `track` from the span's start to its end, its label inside if it
/// fits, with URLs cut down to their paths, and a tooltip with the full label
/// and the times.
fn draw_span(svg: &mut Svg, layout: &Layout, track: usize, span: &Span<'_>, clock: Clock) {
    let left = layout.x(span.start.as_nanos());
    let width = (layout.x(span.end.as_nanos()) - left).max(MIN_SPAN_WIDTH);
    let top = layout.track_middle(track) - BAR_HEIGHT / 2.0;
    let kind = kind_name(span.kind);
    svg.line(format_args!(r#"<g class="tl-span">"#));
    svg.line(format_args!(
        "<title>{} {}–{} ms ({kind})</title>",
        Escaped(span.label),
        format_ms(span.start, clock),
        format_ms(span.end, clock),
    ));
    svg.line(format_args!(
        r#"<rect class="tl-{kind}" x="{}" y="{}" width="{}" height="{}" rx="2" />"#,
        Px(left),
        Px(top),
        Px(width),
        Px(BAR_HEIGHT),
    ));
    let label = url_paths_only(span.label);
    if text_width(&label) + 2.0 * LABEL_PADDING <= width {
        svg.line(format_args!(
            r#"<text class="tl-on-{kind}" x="{}" y="{}">{}</text>"#,
            Px(left + LABEL_PADDING),
            Px(layout.track_middle(track) + TEXT_DROP),
            Escaped(&label),
        ));
    }
    svg.line(format_args!("</g>"));
}

/// The schemes whose URLs [`url_paths_only`] cuts down.
const URL_SCHEMES: [&str; 2] = ["http://", "https://"];

/// `label` with each `http://` or `https://` URL in it cut down to its path:
/// `fetch http://example.com/news` becomes `fetch /news`, and
/// `fetch http://example.com` becomes `fetch /`. A bar has little room for
/// its label, and in a chapter every fetch goes to the same host, so the path
/// is the part that tells the bars apart.
pub(crate) fn url_paths_only(label: &str) -> Cow<'_, str> {
    if split_at_scheme(label).is_none() {
        return Cow::Borrowed(label);
    }
    let mut shortened = String::with_capacity(label.len());
    let mut rest = label;
    while let Some((before, url)) = split_at_scheme(rest) {
        shortened.push_str(before);
        // The host, with any port, runs up to the path, the query, the
        // fragment or the end of the URL.
        let host_end = url
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(url.len());
        rest = &url[host_end..];
        if !rest.starts_with('/') {
            // A URL without a path is the root path.
            shortened.push('/');
        }
    }
    shortened.push_str(rest);
    Cow::Owned(shortened)
}

/// `text` split around its first URL scheme: what comes before the scheme,
/// and what comes after it.
fn split_at_scheme(text: &str) -> Option<(&str, &str)> {
    let (at, scheme) = URL_SCHEMES
        .iter()
        .filter_map(|scheme| Some((text.find(scheme)?, scheme)))
        .min()?;
    Some((&text[..at], &text[at + scheme.len()..]))
}

/// `wait` or `cpu`, as the text trace and the class names say it.
fn kind_name(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Wait => "wait",
        SpanKind::Cpu => "cpu",
    }
}

/// A note event's fields, borrowed from the trace.
#[derive(Debug)]
struct Note<'a> {
    at: Duration,
    text: &'a str,
}

/// The notes on `lane`, in trace order.
fn notes_on<'a>(events: &'a [Event], lane: &Lane) -> Vec<Note<'a>> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Note { at, lane: on, text } if on == lane => Some(Note { at: *at, text }),
            _ => None,
        })
        .collect()
}

/// One marker on `track` for `notes`, all at the same moment, with a tooltip
/// that has one line per note.
fn draw_notes(svg: &mut Svg, layout: &Layout, track: usize, notes: &[Note<'_>], clock: Clock) {
    let Some(first) = notes.first() else {
        return;
    };
    let title: Vec<String> = notes
        .iter()
        .map(|note| format!("{} ms: {}", format_ms(note.at, clock), note.text))
        .collect();
    svg.line(format_args!(
        r#"<circle class="tl-note" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
        Px(layout.x(first.at.as_nanos())),
        Px(layout.track_middle(track)),
        Px(NOTE_RADIUS),
        // `Escaped` writes the line breaks as references, which tooltips
        // still show as line breaks.
        Escaped(&title.join("\n")),
    ));
}

/// What a legend entry shows before its name.
#[derive(Clone, Copy, Debug)]
enum Swatch {
    /// A small bar in the class of a span kind.
    Bar(SpanKind),
    /// A note's marker.
    Note,
}

/// Along the bottom: a key to the bars and markers at the left, the trace's
/// summary at the right. The key is drawn with the same classes as the plot,
/// so it cannot disagree with it.
fn draw_legend(svg: &mut Svg, layout: &Layout, summary: &str) {
    let entries = [
        (Swatch::Bar(SpanKind::Wait), "wait"),
        (Swatch::Bar(SpanKind::Cpu), "cpu"),
        (Swatch::Note, "note"),
    ];
    let mut x = MARGIN;
    for (swatch, name) in entries {
        x = draw_legend_entry(svg, layout, x, swatch, name);
    }
    svg.line(format_args!(
        r#"<text class="tl-summary" x="{}" y="{}">{}</text>"#,
        Px(layout.plot_right),
        Px(layout.legend_y()),
        Escaped(summary),
    ));
}

/// A legend entry starting at `x`; returns where the next one starts.
fn draw_legend_entry(svg: &mut Svg, layout: &Layout, x: f64, swatch: Swatch, name: &str) -> f64 {
    const SWATCH_WIDTH: f64 = 16.0;
    const SWATCH_HEIGHT: f64 = 10.0;
    let baseline = layout.legend_y();
    // The swatch's middle is level with the middle of the text.
    let middle = baseline - TEXT_DROP;
    match swatch {
        Swatch::Bar(kind) => svg.line(format_args!(
            r#"<rect class="tl-{}" x="{}" y="{}" width="{}" height="{}" rx="2" />"#,
            kind_name(kind),
            Px(x),
            Px(middle - SWATCH_HEIGHT / 2.0),
            Px(SWATCH_WIDTH),
            Px(SWATCH_HEIGHT),
        )),
        Swatch::Note => svg.line(format_args!(
            r#"<circle class="tl-note" cx="{}" cy="{}" r="{}" />"#,
            Px(x + SWATCH_WIDTH / 2.0),
            Px(middle),
            Px(NOTE_RADIUS),
        )),
    }
    let text_x = x + SWATCH_WIDTH + 4.0;
    svg.line(format_args!(
        r#"<text class="tl-key" x="{}" y="{}">{name}</text>"#,
        Px(text_x),
        Px(baseline),
    ));
    text_x + text_width(name) + 16.0
}

/// The estimated width of `text` in the picture's font.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// `text`, cut and ended with `…` if it is estimated to be wider than `room`.
fn shorten(text: &str, room: f64) -> Cow<'_, str> {
    // Truncation is intended: a character that does not fit whole is cut.
    let fits = (room / CHAR_WIDTH) as usize;
    if text.chars().count() <= fits {
        return Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(fits.saturating_sub(1)).collect();
    // `on …` would read as a word left out; `on…` as a name cut short.
    Cow::Owned(format!("{}…", kept.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Recorder;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn lane(name: &str) -> Lane {
        name.into()
    }

    /// Two tasks fetching while `main` computes and waits for them.
    fn three_lanes() -> Trace {
        let rec = Recorder::new();
        let (main, a, b) = (lane("main"), lane("task a"), lane("task b"));
        rec.note(ms(0), &main, "start");
        let work = rec.begin(ms(0), &main, "parse", SpanKind::Cpu);
        let fetch_b = rec.begin(ms(0), &b, "fetch http://example.com/b", SpanKind::Wait);
        let fetch_a = rec.begin(ms(0), &a, "fetch http://example.com/a", SpanKind::Wait);
        rec.end(work, ms(40));
        rec.end(fetch_a, ms(120));
        rec.note(ms(120), &a, "got a");
        rec.end(fetch_b, ms(260));
        rec.note(ms(260), &b, "got b");
        rec.finish(ms(260), Clock::Virtual, 1)
    }

    /// The text of every `<text class="{class}" …>` element, in order.
    fn texts_of_class(svg: &str, class: &str) -> Vec<String> {
        let start = format!(r#"<text class="{class}""#);
        svg.lines()
            .filter(|line| line.starts_with(&start))
            .filter_map(|line| {
                let content = &line[line.find('>')? + 1..];
                Some(content.strip_suffix("</text>")?.to_owned())
            })
            .collect()
    }

    /// The lines that open a span's group, with the group's content up to
    /// its end.
    fn span_groups(svg: &str) -> Vec<Vec<&str>> {
        let mut groups = Vec::new();
        let mut lines = svg.lines();
        while let Some(line) = lines.next() {
            if line == r#"<g class="tl-span">"# {
                groups.push(lines.by_ref().take_while(|l| *l != "</g>").collect());
            }
        }
        groups
    }

    /// `join_all` over five fetches: one task, so one lane, waiting for all
    /// five from the same moment; then a second lane that writes the result.
    fn join_all_of_five() -> Trace {
        let rec = Recorder::new();
        let (main, writer) = (lane("main"), lane("writer"));
        rec.note(ms(0), &main, "start");
        for (end, path) in [
            (120, "/news"),
            (40, "/weather"),
            (200, "/poems/the-tyger.txt"),
            (80, "/sport"),
            (60, "/tv"),
        ] {
            let fetch = rec.begin(
                ms(0),
                &main,
                format!("fetch http://example.com{path}"),
                SpanKind::Wait,
            );
            rec.end(fetch, ms(end));
        }
        let save = rec.begin(ms(200), &writer, "save", SpanKind::Cpu);
        rec.end(save, ms(240));
        rec.note(ms(240), &writer, "saved");
        rec.finish(ms(240), Clock::Virtual, 1)
    }

    /// The trace of `spans` on one lane, each `(start ms, end ms)`.
    fn one_lane(spans: &[(u64, u64)]) -> Trace {
        let rec = Recorder::new();
        let main = lane("main");
        for &(start, end) in spans {
            let span = rec.begin(ms(start), &main, "work", SpanKind::Cpu);
            rec.end(span, ms(end));
        }
        rec.finish(ms(240), Clock::Virtual, 1)
    }

    /// The value of the attribute `name` in an element's `line`.
    fn attribute<'a>(line: &'a str, name: &str) -> Option<&'a str> {
        let start = line.find(&format!(r#" {name}=""#))? + name.len() + 3;
        let length = line[start..].find('"')?;
        Some(&line[start..start + length])
    }

    /// The picture's height, from its `viewBox`.
    fn height(svg: &str) -> f64 {
        let view_box = svg.lines().next().and_then(|l| attribute(l, "viewBox"));
        let height = view_box.and_then(|v| v.split(' ').nth(3));
        height.and_then(|h| h.parse().ok()).expect("a viewBox")
    }

    /// The `y` of every span's bar, in order.
    fn bar_tops(svg: &str) -> Vec<String> {
        span_groups(svg)
            .iter()
            .filter_map(|group| attribute(group.get(1)?, "y"))
            .map(str::to_owned)
            .collect()
    }

    /// The `y` of every line in `class`, such as `tl-separator`.
    fn line_ys<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        svg.lines()
            .filter(|line| {
                line.starts_with("<line ")
                    && attribute(line, "class").is_some_and(|c| c.split(' ').any(|c| c == class))
            })
            .filter_map(|line| attribute(line, "y1"))
            .collect()
    }

    fn tick_labels(extent: Duration) -> Vec<String> {
        ticks(extent.as_nanos())
            .into_iter()
            .map(|tick| tick.label)
            .collect()
    }

    #[test]
    fn rows_follow_the_first_appearance_of_lanes() {
        let svg = render_svg(&three_lanes());
        // `task b` began its fetch before `task a`, so it comes first.
        assert_eq!(
            texts_of_class(&svg, "tl-lane"),
            ["main", "task b", "task a"]
        );
        assert_eq!(svg.matches(r#"<g class="tl-row">"#).count(), 3);
    }

    #[test]
    fn waits_and_cpu_spans_are_drawn_differently() {
        let svg = render_svg(&three_lanes());
        let groups = span_groups(&svg);
        assert_eq!(groups.len(), 3);
        let parse = groups
            .iter()
            .find(|g| g[0] == "<title>parse 0–40 ms (cpu)</title>")
            .expect("the cpu span has a tooltip with its times");
        assert!(parse[1].starts_with(r#"<rect class="tl-cpu""#), "{parse:?}");
        let fetch = groups
            .iter()
            .find(|g| g[0] == "<title>fetch http://example.com/a 0–120 ms (wait)</title>")
            .expect("the wait span has a tooltip with its times");
        assert!(
            fetch[1].starts_with(r#"<rect class="tl-wait""#),
            "{fetch:?}"
        );
        // The two classes are styled differently: a pale fill, a solid one.
        let wait_rule = STYLE.iter().find(|r| r.contains(".tl-wait{"));
        let cpu_rule = STYLE.iter().find(|r| r.contains(".tl-cpu{"));
        assert!(wait_rule.is_some_and(|r| r.contains("fill-opacity")));
        assert!(cpu_rule.is_some_and(|r| !r.contains("opacity")));
    }

    #[test]
    fn labels_are_drawn_only_where_they_fit() {
        let svg = render_svg(&three_lanes());
        // 40 of 260 ms is about 100 units: room for `parse`, not for a URL.
        let rec = Recorder::new();
        let main = lane("main");
        let short = rec.begin(
            ms(0),
            &main,
            "fetch http://example.com/long/path",
            SpanKind::Wait,
        );
        rec.end(short, ms(10));
        let narrow = render_svg(&rec.finish(ms(260), Clock::Virtual, 1));

        assert!(texts_of_class(&svg, "tl-on-cpu").contains(&"parse".to_owned()));
        assert!(texts_of_class(&narrow, "tl-on-wait").is_empty(), "{narrow}");
        assert!(
            narrow.contains("<title>fetch http://example.com/long/path 0–10 ms (wait)</title>")
        );
    }

    #[test]
    fn escapes_xml_special_characters() {
        let rec = Recorder::new();
        let odd = lane("a<&>\"b");
        rec.note(ms(1), &odd, "x < y && y > z");
        let span = rec.begin(ms(0), &odd, "<&>", SpanKind::Cpu);
        rec.end(span, ms(100));
        let svg = render_svg(&rec.finish(ms(100), Clock::Virtual, 1));

        assert_eq!(texts_of_class(&svg, "tl-lane"), ["a&lt;&amp;&gt;&quot;b"]);
        assert!(svg.contains("<title>&lt;&amp;&gt; 0–100 ms (cpu)</title>"));
        assert!(svg.contains("<title>1 ms: x &lt; y &amp;&amp; y &gt; z</title>"));
        assert!(!svg.contains("<&>"));
        assert_tags_balance(&svg);
    }

    #[test]
    fn has_no_blank_lines_even_when_labels_have_line_breaks() {
        let rec = Recorder::new();
        let main = lane("main");
        rec.note(ms(5), &main, "one\n\ntwo\r\n");
        let span = rec.begin(ms(0), &main, "\n\n", SpanKind::Wait);
        rec.end(span, ms(50));
        for trace in [three_lanes(), rec.finish(ms(50), Clock::Virtual, 1)] {
            let svg = render_svg(&trace);
            assert!(svg.starts_with("<svg "), "{svg}");
            assert!(svg.ends_with("</svg>\n"), "{svg}");
            assert!(!svg.contains("\n\n"), "{svg}");
            assert!(!svg.contains('\r'), "{svg}");
        }
    }

    #[test]
    fn notes_at_the_same_moment_share_one_marker() {
        let rec = Recorder::new();
        let main = lane("main");
        rec.note(ms(0), &main, "first");
        rec.note(ms(0), &main, "second");
        rec.note(ms(30), &main, "later");
        let svg = render_svg(&rec.finish(ms(30), Clock::Virtual, 1));
        let markers: Vec<&str> = svg
            .lines()
            .filter(|line| {
                line.starts_with(r#"<circle class="tl-note""#) && line.contains("<title>")
            })
            .collect();
        assert_eq!(markers.len(), 2, "{markers:?}");
        assert!(markers[0].contains("<title>0 ms: first&#10;0 ms: second</title>"));
        assert!(markers[1].contains("<title>30 ms: later</title>"));
    }

    #[test]
    fn the_same_trace_gives_the_same_bytes() {
        let first = render_svg(&three_lanes());
        let second = render_svg(&three_lanes());
        assert_eq!(first, second);
    }

    #[test]
    fn an_empty_trace_still_renders() {
        let trace = Recorder::new().finish(Duration::ZERO, Clock::Virtual, 1);
        let svg = render_svg(&trace);
        assert!(svg.starts_with("<svg "));
        assert!(svg.ends_with("</svg>\n"));
        assert!(svg.contains(r#"aria-label="timeline: 0 lanes, total: 0 ms (virtual), 1 thread""#));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert_tags_balance(&svg);
    }

    #[test]
    fn describes_itself_for_screen_readers() {
        let svg = render_svg(&three_lanes());
        let first_line = svg.lines().next().unwrap_or_default();
        assert!(first_line.contains(r#"role="img""#));
        assert!(
            first_line
                .contains(r#"aria-label="timeline: 3 lanes, total: 260 ms (virtual), 1 thread""#)
        );
        // Height grows with the tracks: no lane has spans that overlap, so
        // each has one track, and three tracks of 26 plus the axis and the
        // legend make 139, as when every lane had exactly one row.
        assert!(
            first_line.contains(r#"viewBox="0 0 720 139""#),
            "{first_line}"
        );
    }

    #[test]
    fn five_overlapping_waits_on_one_lane_take_five_tracks() {
        let svg = render_svg(&join_all_of_five());
        // The margin of 8 plus the (26 - 16) / 2 above a bar in its track,
        // then 26 further down for each track; `writer` has the sixth.
        assert_eq!(bar_tops(&svg), ["13", "39", "65", "91", "117", "143"]);
        let one_wait = render_svg(&one_lane(&[(0, 120)]));
        // Five tracks for `main` and one for `writer`: five more than the
        // picture of a single lane with a single track.
        assert_eq!(height(&svg), height(&one_wait) + 5.0 * TRACK_HEIGHT);
        assert_eq!(svg.matches(r#"<g class="tl-row">"#).count(), 2);
    }

    #[test]
    fn spans_that_do_not_overlap_share_a_track() {
        // Back to back, and one that takes no time where the first ends:
        // ending when another starts is not overlapping it.
        let svg = render_svg(&one_lane(&[(0, 40), (40, 40), (40, 100), (150, 240)]));
        assert_eq!(bar_tops(&svg), ["13", "13", "13", "13"]);
        assert_eq!(height(&svg), height(&render_svg(&one_lane(&[(0, 240)]))));
    }

    #[test]
    fn a_span_goes_on_the_first_track_free_when_it_starts() {
        let spans = [
            (0, 120),
            (0, 40),
            (0, 200),
            (50, 80),
            (130, 150),
            (130, 210),
        ]
        .map(|(start, end)| (ms(start), ms(end)));
        // At 50 ms the second track is free again. At 130 ms the first is
        // too, and once that is taken, the second still is; the third is
        // busy until 200 ms.
        assert_eq!(first_fit_tracks(spans), [0, 1, 2, 1, 0, 1]);
        assert!(first_fit_tracks([]).is_empty());
    }

    #[test]
    fn a_later_lane_sits_below_every_track_of_an_earlier_one() {
        let svg = render_svg(&join_all_of_five());
        let names: Vec<&str> = svg
            .lines()
            .filter(|line| line.starts_with(r#"<text class="tl-lane""#))
            .filter_map(|line| attribute(line, "y"))
            .collect();
        // Each name on its lane's first track: `main` on the first of five,
        // `writer` on the sixth, 5 × 26 lower.
        assert_eq!(names, ["25", "155"]);
        // The line between them runs between `main`'s last bar, which ends
        // at 117 + 16, and `writer`'s, which starts at 143.
        assert_eq!(line_ys(&svg, "tl-separator"), ["138"]);
        // Notes are on their lane's first track too.
        let notes: Vec<&str> = svg
            .lines()
            .filter(|line| line.starts_with(r#"<circle class="tl-note""#))
            .filter(|line| line.contains("<title>"))
            .filter_map(|line| attribute(line, "cy"))
            .collect();
        assert_eq!(notes, ["21", "151"]);
    }

    #[test]
    fn every_lane_but_the_first_has_a_line_above_it() {
        let svg = render_svg(&three_lanes());
        assert_eq!(line_ys(&svg, "tl-separator"), ["34", "60"]);
        let alone = render_svg(&one_lane(&[(0, 40), (20, 60)]));
        assert!(line_ys(&alone, "tl-separator").is_empty(), "{alone}");
    }

    #[test]
    fn bar_labels_show_url_paths_while_tooltips_keep_the_urls() {
        let svg = render_svg(&join_all_of_five());
        // The 40 ms bar is about 107 units wide: room for `fetch /weather`,
        // not for the 32 characters of its full label.
        let in_bars = texts_of_class(&svg, "tl-on-wait");
        assert!(
            in_bars.contains(&"fetch /weather".to_owned()),
            "{in_bars:?}"
        );
        assert!(in_bars.contains(&"fetch /poems/the-tyger.txt".to_owned()));
        assert!(in_bars.iter().all(|label| !label.contains("http")));
        assert!(svg.contains("<title>fetch http://example.com/weather 0–40 ms (wait)</title>"));
    }

    #[test]
    fn urls_are_cut_down_to_their_paths() {
        let cases = [
            ("fetch http://example.com/news", "fetch /news"),
            (
                "fetch http://example.com/poems/the-tyger.txt",
                "fetch /poems/the-tyger.txt",
            ),
            ("fetch http://example.com", "fetch /"),
            ("fetch https://example.com:8443/a?b=c", "fetch /a?b=c"),
            ("get http://example.com?q=1", "get /?q=1"),
            ("copy http://a.org to https://b.org/x", "copy / to /x"),
            ("parse", "parse"),
        ];
        for (label, shortened) in cases {
            assert_eq!(url_paths_only(label), shortened, "{label}");
        }
        assert!(matches!(url_paths_only("parse"), Cow::Borrowed(_)));
    }

    #[test]
    fn ticks_of_260_ms_are_every_50_ms() {
        assert_eq!(
            tick_labels(ms(260)),
            ["0", "50", "100", "150", "200", "250"]
        );
        let svg = render_svg(&three_lanes());
        assert_eq!(
            texts_of_class(&svg, "tl-tick"),
            ["0", "50", "100", "150", "200", "250"]
        );
        assert_eq!(texts_of_class(&svg, "tl-unit"), ["ms"]);
    }

    #[test]
    fn ticks_below_a_millisecond_have_just_enough_decimals() {
        assert_eq!(
            tick_labels(Duration::from_micros(300)),
            ["0", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"]
        );
        assert_eq!(
            tick_labels(Duration::from_micros(1500)),
            ["0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4"]
        );
    }

    #[test]
    fn ticks_are_few_and_round_at_every_scale() {
        let mut extent = 10u128;
        while extent < 1_000_000_000_000_000 {
            for extent in [extent, extent * 3, extent * 7 + 1] {
                let ticks = ticks(extent);
                assert!((4..=8).contains(&ticks.len()), "{extent} ns: {ticks:?}");
                let step = ticks[1].nanos;
                let power = 10u128.pow(step.ilog10());
                assert!(
                    [1, 2, 5].contains(&(step / power)) && step.is_multiple_of(power),
                    "{step}"
                );
                assert!(ticks.last().is_some_and(|t| t.nanos <= extent));
            }
            extent *= 10;
        }
    }

    #[test]
    fn the_axis_reaches_an_event_that_ends_after_the_total() {
        let rec = Recorder::new();
        let main = lane("main");
        let late = rec.begin(ms(0), &main, "fetch", SpanKind::Wait);
        rec.end(late, ms(400));
        let svg = render_svg(&rec.finish(ms(100), Clock::Virtual, 1));
        assert_eq!(
            texts_of_class(&svg, "tl-tick"),
            ["0", "100", "200", "300", "400"]
        );
        // The bar spans the whole plot, not four times past its end.
        let plot = WIDTH - RIGHT_MARGIN - (MARGIN + text_width("main") + GUTTER);
        assert!(svg.contains(&format!(r#"width="{}""#, Px(plot))), "{svg}");
    }

    #[test]
    fn a_span_that_takes_no_time_is_still_visible() {
        let rec = Recorder::new();
        let main = lane("main");
        let instant = rec.begin(ms(50), &main, "check", SpanKind::Cpu);
        rec.end(instant, ms(50));
        let svg = render_svg(&rec.finish(ms(100), Clock::Virtual, 1));
        let groups = span_groups(&svg);
        assert!(groups[0][1].contains(r#"width="2""#), "{groups:?}");
    }

    #[test]
    fn long_lane_names_are_shortened_with_the_full_name_on_hover() {
        let long = "a lane whose name goes on and on and on and on";
        let rec = Recorder::new();
        rec.note(ms(0), &lane(long), "hi");
        let svg = render_svg(&rec.finish(ms(10), Clock::Virtual, 1));
        let [label] = texts_of_class(&svg, "tl-lane")
            .try_into()
            .expect("one lane");
        assert_eq!(
            label,
            format!("<title>{long}</title>a lane whose name goes on…")
        );
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        let written: Vec<String> = [12.34, 3.0, 0.96, -0.04, -1.25, 719.96]
            .into_iter()
            .map(|x| Px(x).to_string())
            .collect();
        assert_eq!(written, ["12.3", "3", "1", "0", "-1.3", "720"]);
    }

    #[test]
    fn tags_are_balanced() {
        assert_tags_balance(&render_svg(&three_lanes()));
    }

    /// Checks that every element is closed, in order: a small stand-in for an
    /// XML parser, which the crate does not depend on.
    fn assert_tags_balance(svg: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(at) = rest.find('<') {
            let end = rest[at..].find('>').expect("every tag is closed") + at;
            let tag = &rest[at + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "in {svg}");
            } else if !tag.ends_with('/') {
                let name = tag.split(' ').next().unwrap_or_default();
                open.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "unclosed {open:?}");
    }
}
