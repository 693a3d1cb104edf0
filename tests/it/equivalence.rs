//! The styles are ways to write one program: every program of a chapter must
//! produce the same files and values, and each must produce the same trace
//! every time it runs.

use threeways::run;
use threeways_core::{CHAPTERS, ChapterId, Scenario, Style};

#[test]
fn every_program_of_a_chapter_produces_the_same_outcome() {
    for chapter in CHAPTERS {
        if !chapter.same_outcome {
            continue; // `failures` compares its programs in its own test
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
        let name = threeways_core::file_name_for(&page.url);
        assert_eq!(run.outcome.result, Ok(vec![name.clone()]), "{program}");
        assert_eq!(run.outcome.files.get(&name), Some(&page.body), "{program}");
        assert_eq!(
            run.trace.total,
            page.latency + scenario.disk_latency,
            "{program}"
        );
    }
}

/// The line numbers of the first lines containing each of `texts`, which
/// must all be in `trace`.
fn positions(trace: &str, texts: &[&str]) -> Vec<usize> {
    texts
        .iter()
        .map(|text| {
            trace
                .lines()
                .position(|line| line.contains(text))
                .unwrap_or_else(|| panic!("no line with {text:?} in\n{trace}"))
        })
        .collect()
}

/// A future runs none of its body before it is polled: in the `await`
/// variant, `fetch_report`'s first line comes after main says it awaits.
/// After `spawn`, main's next line comes first, then the task's first line,
/// because one thread runs both and main has not yet let go of it.
#[test]
fn first_await_shows_who_runs_when() {
    let program = |style, variant| ChapterId::FirstAwait.program(style, variant).unwrap();
    let lazy = run(program(Style::Async, Some("await")))
        .trace
        .render_text();
    let order = positions(
        &lazy,
        &[
            "returned a future",
            "awaiting the future",
            "fetch_report: first line",
        ],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{lazy}");

    let spawned = run(program(Style::Async, Some("spawn")))
        .trace
        .render_text();
    let order = positions(
        &spawned,
        &[
            "spawn() returned",
            "report  fetch_report: first line",
            "waiting for the report",
        ],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{spawned}");

    let callbacks = run(program(Style::Callbacks, None)).render_text();
    let order = positions(
        &callbacks,
        &["begin_fetch_report() returned", "callback: got"],
    );
    assert!(order[0] < order[1], "{callbacks}");

    let blocking = run(program(Style::Blocking, Some("call")))
        .trace
        .render_text();
    let order = positions(&blocking, &["got 14 bytes", "fetch_report() returned"]);
    assert!(order[0] < order[1], "{blocking}");
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
        let text = run.trace.render_text();
        let ticks = text.lines().filter(|l| l.contains("ticker: ")).count();
        assert_eq!(ticks, scenario.take, "{program}:\n{text}");
    }
}

/// CPU work in a callback or in a task holds the one thread, and the ticker
/// misses its ticks; on a thread of its own, on a worker, on the blocking
/// pool or in pieces, it does not.
#[test]
fn cpu_work_on_the_loop_thread_misses_ticks_and_the_fixes_do_not() {
    for program in ChapterId::CpuBound.programs() {
        let text = run(program).render_text();
        let missed = text.lines().filter(|l| l.contains("(missed)")).count();
        if program.variant == Some("inline") {
            assert!(missed >= 3, "{program} should miss ticks:\n{text}");
        } else {
            assert_eq!(missed, 0, "{program} should miss no tick:\n{text}");
        }
    }
}
