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

//!
//! # Layout
//!
//! - `layout.rs`: where things go: lanes in order, their spans stacked on
//!   tracks, and the picture's measures.
//! - `axis.rs`: the time axis's round ticks and their labels.
//! - `draw.rs`: the elements: style sheet, axis, lanes, bars, notes, legend.

mod axis;
mod draw;
mod layout;

use draw::{draw_axis, draw_lane, draw_lane_separators, draw_legend, open_svg};
use layout::{Layout, stack_lanes, time_extent};
use threeways_model::trace::Trace;

pub(crate) use draw::url_paths_only;

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
    let mut svg = open_svg(&layout, trace, lanes.len());
    draw_axis(&mut svg, &layout);
    draw_lane_separators(&mut svg, &layout, &lanes);
    for lane in &lanes {
        draw_lane(&mut svg, &layout, trace, lane);
    }
    draw_legend(&mut svg, &layout, &trace.summary());
    svg.line(format_args!("</svg>"));
    svg.into_string()
}

#[cfg(test)]
mod tests {
    use super::draw::STYLE;
    use super::layout::{GUTTER, MARGIN, RIGHT_MARGIN, TRACK_HEIGHT, WIDTH};
    use super::*;
    use crate::svg::{Px, text_width};
    use std::time::Duration;
    use threeways_model::trace::{Clock, Lane, Recorder, SpanKind};

    use threeways_test_support::ms;

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
    fn ticks_of_260_ms_are_every_50_ms() {
        let svg = render_svg(&three_lanes());
        assert_eq!(
            texts_of_class(&svg, "tl-tick"),
            ["0", "50", "100", "150", "200", "250"]
        );
        assert_eq!(texts_of_class(&svg, "tl-unit"), ["ms"]);
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
