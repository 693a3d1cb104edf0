//! A run's text read back into a [`Trace`], for runs that another program
//! printed: the book's Python twins (`book/python/`) print the text of
//! [`threeways_model::Run::render_text`], and their timelines are drawn from it by
//! the same [`crate::timeline::render_svg`] as the Rust ones.
//!
//! The text is one line per event (`time ms  lane  what`, where `what` is a
//! note or `[wait N ms] label`), a `result:` line, then the `total:` line.
//! A text is accepted only if the trace read from it writes the same bytes
//! back, so nothing in it is lost or guessed: a lane holding two spaces in
//! a row, say, is refused rather than cut in two.

use std::collections::HashMap;
use std::time::Duration;
use threeways_model::trace::{Clock, Event, Lane, SpanKind, Trace};

/// A run read from its text: the trace, and what its `result:` line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunText {
    /// The events, the total, the clock and the thread count.
    pub trace: Trace,
    /// The `result:` line, without `result: `.
    pub result: String,
}

/// Reads the text a run printed. The error names the line that could not
/// be read, and why.
pub fn read_run(text: &str) -> Result<RunText, String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(result_at) = lines.iter().position(|line| line.starts_with("result: ")) else {
        return Err("no `result:` line".to_owned());
    };
    let total_line = match &lines[result_at + 1..] {
        [total] => *total,
        [] => return Err("no `total:` line after the `result:` line".to_owned()),
        [_, extra, ..] => {
            return Err(format!(
                "line {}: {extra:?} comes after the `total:` line",
                result_at + 3
            ));
        }
    };
    let (total, clock, threads) = read_summary(total_line).ok_or_else(|| {
        format!(
            "line {}: {total_line:?} is not a `total:` line",
            result_at + 2
        )
    })?;
    // One `Arc` per lane name, as a recorder shares them.
    let mut lanes: HashMap<&str, Lane> = HashMap::new();
    let mut events = Vec::new();
    for (number, line) in lines[..result_at].iter().enumerate() {
        let event = read_event(line, &mut lanes)
            .ok_or_else(|| format!("line {}: {line:?} is not `TIME ms  LANE  WHAT`", number + 1))?;
        events.push(event);
    }
    let run = RunText {
        trace: Trace {
            events,
            total,
            clock,
            threads,
        },
        result: lines[result_at]["result: ".len()..].to_owned(),
    };
    let written = format!(
        "{}result: {}\n{}\n",
        run.trace.render_events(),
        run.result,
        run.trace.summary()
    );
    match written.lines().zip(text.lines()).position(|(a, b)| a != b) {
        None if written.trim_end() == text.trim_end() => Ok(run),
        at => {
            let at = at.unwrap_or_else(|| written.lines().count().min(text.lines().count()));
            Err(format!(
                "line {}: {:?} reads back as {:?}",
                at + 1,
                text.lines().nth(at).unwrap_or_default(),
                written.lines().nth(at).unwrap_or_default()
            ))
        }
    }
}

/// `  0 ms  main  [wait 120 ms] fetch http://...`, or a note.
fn read_event<'a>(line: &'a str, lanes: &mut HashMap<&'a str, Lane>) -> Option<Event> {
    let (time, rest) = line.trim_start().split_once(" ms  ")?;
    let (lane, what) = rest.split_once("  ")?;
    let (at, what) = (read_ms(time)?, what.trim_start());
    let lane = lanes.entry(lane).or_insert_with(|| lane.into()).clone();
    let span = |kind, took: &str, label: &str| -> Option<Event> {
        Some(Event::Span {
            start: at,
            end: at + read_ms(took)?,
            lane: lane.clone(),
            label: label.to_owned(),
            kind,
        })
    };
    let spanned = |prefix: &str| -> Option<(&str, &str)> {
        let (took, label) = what.strip_prefix(prefix)?.split_once(" ms] ")?;
        Some((took, label))
    };
    if let Some((took, label)) = spanned("[wait ") {
        return span(SpanKind::Wait, took, label);
    }
    if let Some((took, label)) = spanned("[cpu ") {
        return span(SpanKind::Cpu, took, label);
    }
    Some(Event::Note {
        at,
        lane: lane.clone(),
        text: what.to_owned(),
    })
}

/// `total: 125 ms (virtual), 2 threads`.
fn read_summary(line: &str) -> Option<(Duration, Clock, usize)> {
    let (total, rest) = line.strip_prefix("total: ")?.split_once(" ms (")?;
    let (clock, threads) = rest.split_once("), ")?;
    let clock = match clock {
        "virtual" => Clock::Virtual,
        "wall" => Clock::Wall,
        _ => return None,
    };
    let threads = threads
        .strip_suffix(" threads")
        .or_else(|| threads.strip_suffix(" thread"))?
        .parse()
        .ok()?;
    Some((read_ms(total)?, clock, threads))
}

/// `125` or `1.500` milliseconds.
fn read_ms(text: &str) -> Option<Duration> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction) && fraction.len() <= 6) {
        return None;
    }
    let nanos: u64 = format!("{fraction:0<6}").parse().ok()?;
    Some(Duration::from_millis(whole.parse().ok()?) + Duration::from_nanos(nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::trace::Recorder;

    use threeways_test_support::ms;

    /// A run with a lane name holding a space, a cancelled wait, CPU time
    /// and a time that is not a whole millisecond.
    fn text() -> String {
        let rec = Recorder::new();
        let (main, pool): (Lane, Lane) = ("main".into(), "blocking pool".into());
        rec.note(ms(0), &main, "start");
        let fetch = rec.begin(ms(0), &main, "fetch http://example.com/a", SpanKind::Wait);
        let work = rec.begin(ms(1), &pool, "count primes", SpanKind::Cpu);
        rec.end(work, Duration::from_micros(2500));
        rec.end_cancelled(fetch, ms(300));
        let trace = rec.finish(ms(300), Clock::Virtual, 2);
        format!(
            "{}result: error: too slow\n{}\n",
            trace.render_events(),
            trace.summary()
        )
    }

    #[test]
    fn reads_back_what_a_run_wrote() {
        let text = text();
        let run = read_run(&text).unwrap();
        assert_eq!(run.result, "error: too slow");
        assert_eq!(run.trace.total, ms(300));
        assert_eq!(run.trace.threads, 2);
        assert_eq!(run.trace.events.len(), 3);
        assert!(matches!(
            &run.trace.events[2],
            Event::Span { start, end, lane, kind: SpanKind::Cpu, .. }
                if *start == ms(1) && *end == Duration::from_micros(2500) && &**lane == "blocking pool"
        ));
        assert!(matches!(
            &run.trace.events[1],
            Event::Span { label, .. } if label == "fetch http://example.com/a (cancelled)"
        ));
    }

    #[test]
    fn says_which_line_it_cannot_read() {
        let text = text();
        let broken = text.replacen(" ms  main", " ms main", 1);
        assert!(read_run(&broken).unwrap_err().starts_with("line 1:"));
        let no_total: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
        assert_eq!(
            read_run(&no_total).unwrap_err(),
            "no `total:` line after the `result:` line"
        );
        assert_eq!(
            read_run("total: 5 ms (virtual), 1 thread\n").unwrap_err(),
            "no `result:` line"
        );
        // Read, but not written back the same: the padding is wrong.
        let padded = text.replacen("  start", "   start", 1);
        assert!(read_run(&padded).unwrap_err().contains("reads back as"));
        let bad_time = text.replacen("300 ms (virtual)", "3x0 ms (virtual)", 1);
        assert!(
            read_run(&bad_time)
                .unwrap_err()
                .contains("is not a `total:` line")
        );
    }
}
