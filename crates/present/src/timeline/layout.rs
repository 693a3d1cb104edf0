//! Where things go in a timeline: the lanes in the order they first appear,
//! each lane's spans stacked on as few tracks as they need, and the
//! picture's measures, from which every coordinate is computed.

use super::axis::UNIT;
use crate::svg::text_width;
use std::time::Duration;
use threeways_model::trace::{Event, Lane, SpanKind, Trace};

/// The picture's width in SVG units, about that of mdBook's content column.
pub(super) const WIDTH: f64 = 720.0;
/// Empty space at the picture's top, left and bottom edges.
pub(super) const MARGIN: f64 = 8.0;
/// Empty space right of the plot, so a tick label at its end is not cut off.
pub(super) const RIGHT_MARGIN: f64 = 24.0;
/// The height of one track, a row of a lane's band.
pub(super) const TRACK_HEIGHT: f64 = 26.0;
/// Between the right edge of the lane names and the plot.
pub(super) const GUTTER: f64 = 8.0;
/// Lane names wider than this are shortened, so the plot keeps its room.
pub(super) const MAX_LANE_NAME_WIDTH: f64 = 180.0;

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
pub(super) struct StackedLane<'a> {
    pub(super) name: &'a Lane,
    /// The lane's first track, counted over the whole picture from the top.
    pub(super) first_track: usize,
    /// How many tracks the lane has: at least one, where its name and notes
    /// go even if it has no spans.
    pub(super) tracks: usize,
    /// The lane's spans in trace order, each with its track counted from the
    /// lane's first.
    pub(super) spans: Vec<(usize, Span<'a>)>,
}

/// Every lane, in the order of its first event, with its spans stacked and
/// its band below those of the lanes before it.
pub(super) fn stack_lanes(events: &[Event]) -> Vec<StackedLane<'_>> {
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
pub(super) fn first_fit_tracks(
    spans: impl IntoIterator<Item = (Duration, Duration)>,
) -> Vec<usize> {
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
pub(super) fn time_extent(trace: &Trace) -> Duration {
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
pub(super) struct Layout {
    /// The plot's left end, right of the lane names.
    pub(super) plot_left: f64,
    /// The plot's right end, where [`Layout::extent`] is.
    pub(super) plot_right: f64,
    /// The time at the plot's right end, in nanoseconds; never zero.
    pub(super) extent: u128,
    /// How many tracks all the lanes have together.
    pub(super) tracks: usize,
}

impl Layout {
    pub(super) fn new(lanes: &[StackedLane<'_>], extent: Duration) -> Layout {
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
    pub(super) fn x(&self, nanos: u128) -> f64 {
        let fraction = nanos as f64 / self.extent as f64;
        self.plot_left + (self.plot_right - self.plot_left) * fraction
    }

    /// The right end of the lane-name column; names are right-aligned to it.
    pub(super) fn names_right(&self) -> f64 {
        self.plot_left - GUTTER
    }

    /// The top of `track`, counted over the whole picture.
    pub(super) fn track_top(&self, track: usize) -> f64 {
        MARGIN + track as f64 * TRACK_HEIGHT
    }

    pub(super) fn track_middle(&self, track: usize) -> f64 {
        self.track_top(track) + TRACK_HEIGHT / 2.0
    }

    /// The time axis, a little below the last track.
    pub(super) fn axis_y(&self) -> f64 {
        self.track_top(self.tracks) + 4.0
    }

    /// The baseline of the tick labels.
    pub(super) fn tick_label_y(&self) -> f64 {
        self.axis_y() + 16.0
    }

    /// The baseline of the legend and the summary.
    pub(super) fn legend_y(&self) -> f64 {
        self.tick_label_y() + 22.0
    }

    /// The picture's height: down to the legend, its descenders, the margin.
    pub(super) fn height(&self) -> f64 {
        self.legend_y() + 3.0 + MARGIN
    }
}

/// A span event's fields, borrowed from the trace.
#[derive(Debug)]
pub(super) struct Span<'a> {
    pub(super) start: Duration,
    pub(super) end: Duration,
    pub(super) label: &'a str,
    pub(super) kind: SpanKind,
}

/// The spans on `lane`, in trace order.
pub(super) fn spans_on<'a>(events: &'a [Event], lane: &'a Lane) -> impl Iterator<Item = Span<'a>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    use threeways_test_support::ms;

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
}
