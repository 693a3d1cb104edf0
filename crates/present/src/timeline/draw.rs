//! Drawing a timeline's elements, each where `layout.rs` puts it: the
//! style sheet, the axis and its grid, each lane's name, bars and notes,
//! and the legend.

use super::axis::{UNIT, ticks};
use super::layout::{Layout, MARGIN, MAX_LANE_NAME_WIDTH, Span, StackedLane, WIDTH};
use crate::svg::{Escaped, Px, Svg, shorten, text_width};
use std::borrow::Cow;
use std::time::Duration;
use threeways_model::trace::{Clock, Event, Lane, SpanKind, Trace, format_ms};

/// The height of a span's bar, centred in its track.
const BAR_HEIGHT: f64 = 16.0;
/// From a track's middle down to the baseline that centres 11 px text on it.
const TEXT_DROP: f64 = 4.0;
/// Between a bar's left end and its label. More than a note marker's radius,
/// since a span often begins with a note.
const LABEL_PADDING: f64 = 6.0;
/// The narrowest a bar is drawn, so that a span that took no time still shows.
const MIN_SPAN_WIDTH: f64 = 2.0;
/// The radius of a note's marker.
const NOTE_RADIUS: f64 = 3.5;

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
pub(super) const STYLE: &[&str] = &[
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

/// The opening tag, with a text alternative for screen readers, and the
/// style sheet.
pub(super) fn open_svg(layout: &Layout, trace: &Trace, lanes: usize) -> Svg {
    let lanes = match lanes {
        1 => "1 lane".to_owned(),
        n => format!("{n} lanes"),
    };
    let description = format!("timeline: {lanes}, {}", trace.summary());
    Svg::open("tl-timeline", WIDTH, layout.height(), &description, STYLE)
}

/// The time axis below the lanes, with its ticks and their labels, and a
/// faint grid line up through the lanes at each tick. Drawn before the
/// lanes, so that the grid lies under the bars.
pub(super) fn draw_axis(svg: &mut Svg, layout: &Layout) {
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

/// A faint line above every lane but the first, across the names and the
/// plot, so that a lane of three tracks does not read as three lanes. It
/// runs through the gap between two tracks' bars.
pub(super) fn draw_lane_separators(svg: &mut Svg, layout: &Layout, lanes: &[StackedLane<'_>]) {
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
pub(super) fn draw_lane(svg: &mut Svg, layout: &Layout, trace: &Trace, lane: &StackedLane<'_>) {
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
pub(super) fn draw_legend(svg: &mut Svg, layout: &Layout, summary: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
