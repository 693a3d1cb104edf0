//! The styles are ways to write one program: every program of a chapter must
//! produce the same files and values, and each must produce the same trace
//! every time it runs.

use threeways::run;
use threeways_model::trace::Event;
use threeways_model::{CHAPTERS, ChapterId, Program, Run, Scenario, Style};

#[test]
fn every_program_of_a_chapter_produces_the_same_outcome() {
    for chapter in CHAPTERS {
        if !chapter.same_outcome {
            continue; // compared variant by variant, below
        }
        let programs = chapter.id.programs();
        let first = run(programs[0]).outcome;
        assert!(
            first.result.as_ref().is_ok_and(|values| !values.is_empty()),
            "{} returns nothing",
            chapter.slug
        );
        for program in &programs[1..] {
            assert_eq!(
                run(*program).outcome,
                first,
                "{program} differs from {}",
                programs[0]
            );
        }
    }
}

/// `failures` has three programs in each style, which return different
/// things by design (a size, an error, the pages fetched in time). The
/// three styles of one variant agree, except where the chapter's point is
/// that they differ: asked to stop, a thread and a callback chain finish
/// the fetch they are in and return its page too, while `select!` drops
/// the fetch, so async returns only the pages fetched before the deadline.
#[test]
fn each_failures_program_agrees_with_its_twins() {
    let variants = ChapterId::Failures.variants(Style::Blocking);
    assert!(!variants.is_empty());
    for variant in variants {
        let outcome = |style| {
            let program = ChapterId::Failures.program(style, Some(variant.name));
            run(program.unwrap_or_else(|| panic!("{style} has no {}", variant.name))).outcome
        };
        let [blocking, callbacks, r#async] = Style::ALL.map(outcome);
        assert_eq!(callbacks, blocking, "{}", variant.name);
        if variant.name == "cancel" {
            let finished = blocking.result.clone().unwrap();
            let dropped = r#async.result.clone().unwrap();
            assert!(
                dropped.len() < finished.len() && finished.starts_with(&dropped),
                "async {dropped:?} should be what the others fetched, {finished:?}, \
                 without the fetch it dropped"
            );
        } else {
            assert_eq!(r#async, blocking, "{}", variant.name);
        }
    }
}

#[test]
fn a_second_run_gives_the_same_bytes() {
    for chapter in CHAPTERS {
        for program in chapter.id.programs() {
            let first = run(program).render_text();
            assert_eq!(run(program).render_text(), first, "{program}");
        }
    }
}

/// `download` saves the scenario's page under the name taken from its URL,
/// byte for byte, and takes the network's latency plus the disk's.
#[test]
fn download_saves_the_page_and_takes_both_waits() {
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let page = &scenario.pages[0];
    for program in ChapterId::Download.programs() {
        let run = run(program);
        let name = threeways_model::file_name_for(&page.url);
        assert_eq!(run.outcome.result, Ok(vec![name.clone()]), "{program}");
        assert_eq!(run.outcome.files.get(&name), Some(&page.body), "{program}");
        assert_eq!(
            run.trace.total,
            page.latency + scenario.disk_latency,
            "{program}"
        );
    }
}

/// The notes of a run, in the order the trace lists them: `(lane, text)`.
fn notes(run: &Run) -> Vec<(&str, &str)> {
    run.trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Note { lane, text, .. } => Some((&**lane, text.as_str())),
            Event::Span { .. } => None,
        })
        .collect()
}

/// Where in `run`'s notes the first note containing each of `texts` is,
/// which must all be there; a text may name its lane as `lane: text`.
fn positions(run: &Run, texts: &[&str]) -> Vec<usize> {
    let notes = notes(run);
    texts
        .iter()
        .map(|wanted| {
            let (lane, text) = match wanted.split_once(": ") {
                Some((lane, text)) if notes.iter().any(|(l, _)| *l == lane) => (Some(lane), text),
                _ => (None, *wanted),
            };
            notes
                .iter()
                .position(|(l, t)| lane.is_none_or(|lane| lane == *l) && t.contains(text))
                .unwrap_or_else(|| panic!("no note {wanted:?} in {notes:?}"))
        })
        .collect()
}

fn in_order(positions: &[usize]) -> bool {
    positions.windows(2).all(|pair| pair[0] < pair[1])
}

/// A future runs none of its body before it is polled: in the `await`
/// variant, `fetch_report`'s first line comes after main says it awaits.
/// After `spawn`, main's next line comes first, then the task's first line,
/// because one thread runs both and main has not yet let go of it.
#[test]
fn first_await_shows_who_runs_when() {
    let program =
        |style, variant| -> Program { ChapterId::FirstAwait.program(style, variant).unwrap() };
    let lazy = run(program(Style::Async, Some("await")));
    let order = positions(
        &lazy,
        &[
            "returned a future",
            "awaiting the future",
            "fetch_report: first line",
        ],
    );
    assert!(in_order(&order), "{:?}", notes(&lazy));

    let spawned = run(program(Style::Async, Some("spawn")));
    let order = positions(
        &spawned,
        &[
            "main: spawn() returned",
            "report: fetch_report: first line",
            "main: waiting for the report",
        ],
    );
    assert!(in_order(&order), "{:?}", notes(&spawned));

    let callbacks = run(program(Style::Callbacks, None));
    let order = positions(
        &callbacks,
        &["begin_fetch_report() returned", "callback: got"],
    );
    assert!(in_order(&order), "{:?}", notes(&callbacks));

    let blocking = run(program(Style::Blocking, Some("call")));
    let order = positions(&blocking, &["got 14 bytes", "fetch_report() returned"]);
    assert!(in_order(&order), "{:?}", notes(&blocking));
}

/// The consumer stops after `take` values, and so does the producer, in
/// every style: nothing ticks after the last value taken.
#[test]
fn ticker_stops_producing_when_the_consumer_stops() {
    let scenario = Scenario::for_chapter(ChapterId::Ticker);
    assert!(
        scenario.take < scenario.ticks as usize,
        "the scenario must stop early"
    );
    for program in ChapterId::Ticker.programs() {
        let run = run(program);
        let expected: Vec<String> = (0..scenario.take).map(|v| v.to_string()).collect();
        assert_eq!(run.outcome.result, Ok(expected), "{program}");
        assert_eq!(
            run.trace.total,
            scenario.tick * scenario.take as u32,
            "{program}"
        );
        let produced: Vec<&str> = notes(&run)
            .into_iter()
            .filter_map(|(_, text)| text.strip_prefix("ticker: "))
            .filter(|value| value.parse::<u32>().is_ok())
            .collect();
        assert_eq!(produced.len(), scenario.take, "{program}: {produced:?}");
    }
}

/// CPU work in a callback or in a task holds the one thread, and the ticker
/// misses its ticks; on a thread of its own, on a worker, on the blocking
/// pool or in pieces, it does not.
#[test]
fn cpu_work_on_the_loop_thread_misses_ticks_and_the_fixes_do_not() {
    for program in ChapterId::CpuBound.programs() {
        let run = run(program);
        let ticks: Vec<&str> = notes(&run)
            .into_iter()
            .filter(|(lane, _)| *lane == "ticker")
            .map(|(_, text)| text)
            .collect();
        let missed = ticks
            .iter()
            .filter(|text| text.contains("(missed)"))
            .count();
        assert!(!ticks.is_empty(), "{program} has no ticker");
        if program.variant == Some("inline") {
            assert!(missed >= 3, "{program} should miss ticks: {ticks:?}");
        } else {
            assert_eq!(missed, 0, "{program} should miss no tick: {ticks:?}");
        }
    }
}
