//! Two executors, one program: every async program gives byte for byte
//! the same trace and outcome on tokio and on our executor (the callback style's event loop, turned into one);
//! the `download` future written by hand gives what the `async fn` gives,
//! simulated and real; and the executor has no `unsafe` in it.

use threeways::RealSetup;
use threeways_async::chapters::under_the_hood::download as download_by_hand;
use threeways_async::{Executor, Polls, run_program, run_with};
use threeways_model::trace::Event;
use threeways_model::{CHAPTERS, ChapterId, Fault, Program, Run, Scenario, Style};
use threeways_world::Mode;

/// The programs the chapter `under-the-hood` promises run on both.
const PROMISED: &[(ChapterId, Option<&str>)] = &[
    (ChapterId::Download, None),
    (ChapterId::FirstAwait, Some("await")),
    (ChapterId::FirstAwait, Some("spawn")),
    (ChapterId::FanOut, Some("join-all")),
    (ChapterId::Ticker, Some("unfold")),
];

fn run_on(executor: Executor, program: Program, scenario: &Scenario) -> Run {
    run_with(executor, program, scenario, &Mode::Simulated)
}

#[test]
fn every_async_program_gives_the_same_bytes_on_tokio_and_on_ours() {
    let mut compared = 0;
    for chapter in CHAPTERS {
        for program in chapter.id.programs_in(Style::Async) {
            let scenario = Scenario::for_chapter(program.chapter);
            let tokio = run_on(Executor::Tokio, program, &scenario);
            let ours = run_on(Executor::Ours(Polls::Hidden), program, &scenario);
            assert_eq!(
                ours.render_text(),
                tokio.render_text(),
                "{program}: our executor's trace differs from tokio's"
            );
            assert_eq!(ours.outcome, tokio.outcome, "{program}");
            compared += 1;
        }
    }
    // Those that use a `JoinSet` or a `timeout` too: the prelude's serve
    // both executors.
    assert!(compared >= 25, "only {compared} programs compared");
}

/// Off the happy path too: a page that fails, a write that fails, and
/// other latencies, for the programs the chapter promises.
#[test]
fn the_promised_programs_agree_on_failures_and_other_latencies() {
    for (chapter, variant) in PROMISED {
        let program = chapter.program(Style::Async, *variant).unwrap();
        let mut failing = Scenario::for_chapter(*chapter);
        if let Some(page) = failing.pages.last_mut() {
            page.fault = Some(Fault::Status(500));
        }
        let mut slower = Scenario::for_chapter(*chapter);
        for (i, page) in slower.pages.iter_mut().enumerate() {
            page.latency = page.latency * 3 + std::time::Duration::from_millis(7 * i as u64);
        }
        slower.failing_writes = vec!["the-tyger.txt".to_owned()];
        for scenario in [failing, slower] {
            let tokio = run_on(Executor::Tokio, program, &scenario);
            let ours = run_on(Executor::Ours(Polls::Hidden), program, &scenario);
            assert_eq!(ours.render_text(), tokio.render_text(), "{program}");
        }
    }
}

/// With its polls shown, our executor only adds lines: take them out, and
/// what is left is tokio's trace.
#[test]
fn showing_the_polls_adds_lines_and_changes_none() {
    for (chapter, variant) in PROMISED {
        let program = chapter.program(Style::Async, *variant).unwrap();
        let scenario = Scenario::for_chapter(*chapter);
        let tokio = run_on(Executor::Tokio, program, &scenario);
        let shown = run_on(Executor::Ours(Polls::Shown), program, &scenario);
        let polls = [
            "poll",
            "poll returns Pending",
            "poll returns Ready",
            "woken",
            "spawned",
        ];
        let mut without = shown.trace.clone();
        without.events.retain(|event| match event {
            Event::Note { text, .. } => !polls.contains(&text.as_str()),
            Event::Span { lane, .. } => &**lane != "timers",
        });
        assert_eq!(without, tokio.trace, "{program}");
        assert!(shown.trace.events.len() > tokio.trace.events.len());
    }
}

/// The scenarios the hand-written `download` is held to: the chapter's,
/// a page that is missing, and a disk that is full.
fn download_scenarios() -> Vec<Scenario> {
    let ordinary = Scenario::for_chapter(ChapterId::Download);
    let mut missing = ordinary.clone();
    missing.pages[0].fault = Some(Fault::Status(404));
    let mut full = ordinary.clone();
    full.failing_writes = vec!["the-tyger.txt".to_owned()];
    vec![ordinary, missing, full]
}

/// Runs `download` or the hand-written one on `scenario` in `mode`.
fn download_with(by_hand: bool, scenario: &Scenario, mode: &Mode) -> Run {
    let program = if by_hand {
        ChapterId::UnderTheHood.program(Style::Async, Some("state-machine"))
    } else {
        ChapterId::Download.program(Style::Async, None)
    };
    threeways_async::run(program.unwrap(), scenario, mode)
}

#[test]
fn the_hand_written_future_is_the_async_fn_simulated() {
    for scenario in download_scenarios() {
        let by_hand = download_with(true, &scenario, &Mode::Simulated);
        let compiled = download_with(false, &scenario, &Mode::Simulated);
        assert_eq!(by_hand.render_text(), compiled.render_text());
        assert_eq!(by_hand.outcome, compiled.outcome);
    }
    // And on our executor, where the timers are the loop's.
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let url = scenario.pages[0].url.clone();
    let on_tokio = run_program(&Mode::Simulated, &scenario, || async {
        download_by_hand(&url).await.map(|f| vec![f])
    });
    let program = ChapterId::UnderTheHood
        .program(Style::Async, Some("state-machine"))
        .unwrap();
    let on_ours = run_on(Executor::Ours(Polls::Hidden), program, &scenario);
    assert_eq!(on_ours.render_text(), on_tokio.render_text());
}

/// What a real trace says, without its times, which the wall clock sets.
fn events_without_times(run: &Run) -> Vec<(String, String)> {
    run.trace
        .events
        .iter()
        .map(|event| {
            let what = match event {
                Event::Note { text, .. } => text.clone(),
                Event::Span { label, .. } => label.clone(),
            };
            (event.lane().to_string(), what)
        })
        .collect()
}

#[test]
fn the_hand_written_future_is_the_async_fn_for_real() {
    std::thread::scope(|scope| {
        for scenario in download_scenarios() {
            scope.spawn(move || {
                let runs = [true, false].map(|by_hand| {
                    let setup = RealSetup::new(&scenario, None, false).expect("a real world");
                    download_with(by_hand, &scenario, &setup.mode)
                });
                let [by_hand, compiled] = runs;
                assert_eq!(by_hand.outcome, compiled.outcome);
                assert_eq!(
                    events_without_times(&by_hand),
                    events_without_times(&compiled)
                );
            });
        }
    });
}

/// The executor reads in one sitting, on a loop that does too, and
/// neither has `unsafe` in it.
#[test]
fn the_executor_is_small_and_has_no_unsafe_code() {
    let root = threeways::repo_root().join("crates/event-loop/src");
    let read = |file: &str| threeways_test_support::read(&root.join(file));
    for file in [
        "executor.rs",
        "executor/hooks.rs",
        "event_loop/handle.rs",
        "inbox.rs",
        "time.rs",
        "net.rs",
        "on_worker.rs",
        "event_loop.rs",
    ] {
        assert!(!read(file).contains("unsafe"), "{file} says `unsafe`");
    }
    assert!(read("lib.rs").contains("#![forbid(unsafe_code)]"));
    let event_loop = read("event_loop.rs").lines().count();
    assert!(event_loop < 200, "event_loop.rs has {event_loop} lines");
}

/// The page says how long the executor's lesson is, and that it shows all
/// of it: "about N lines", N its anchored lines (the executor's and its
/// hooks') to the nearest ten. Every anchor is on the page (tidy checks),
/// so the page shows the whole lesson; this keeps its count true.
#[test]
fn the_page_says_how_long_the_executors_lesson_is() {
    let root = threeways::repo_root();
    let mut lesson = 0;
    for file in ["executor.rs", "executor/hooks.rs"] {
        let source = threeways_test_support::read(&root.join("crates/event-loop/src").join(file));
        for name in threeways_book::anchor::names(&source) {
            let part = threeways_book::anchor::extract(&source, name).unwrap();
            lesson += part.lines().count();
        }
    }
    let page = threeways_test_support::read(&root.join("book/src/under-the-hood.md"));
    // "about 230 lines": the one count of lines the page gives.
    let said: Vec<usize> = page
        .split("about ")
        .skip(1)
        .filter_map(|rest| {
            let (number, rest) = rest.split_once(char::is_whitespace)?;
            rest.starts_with("lines").then(|| number.parse().ok())?
        })
        .collect();
    let [said] = said[..] else {
        panic!("under-the-hood.md should say \"about N lines\" once, not {said:?}");
    };
    let rounded = (lesson + 5) / 10 * 10;
    assert_eq!(
        said, rounded,
        "under-the-hood.md says about {said} lines; the lesson has {lesson}, about {rounded}"
    );
}

/// A real trace with the wall clock taken out: each line's time, each
/// wait's length and the total, which the machine sets, become `…`; what
/// happened, on which lane, in which order, is left.
pub(crate) fn without_wall_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.trim_start().split_once(" ms  ") {
            Some((time, rest)) if time.parse::<f64>().is_ok() => format!("… ms  {rest}"),
            _ => line.to_owned(),
        };
        out.push_str(&hide_numbers_of_ms(&line));
        out.push('\n');
    }
    out
}

/// `[wait 12.3 ms]` as `[wait … ms]`, `total: 125.0 ms` as `total: … ms`.
fn hide_numbers_of_ms(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(" ms") {
        let before = &rest[..at];
        let start = before.len()
            - before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .count();
        let number = &before[start..];
        out.push_str(&before[..start]);
        if number.is_empty() || number.parse::<f64>().is_err() {
            out.push_str(number);
        } else {
            out.push('…');
        }
        out.push_str(" ms");
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// Our executor's real download, its polls shown: the socket registered
/// with the loop's poller, the waker it holds, its readiness, the task
/// woken. Times and wait lengths are the machine's; what happens, and in
/// which order, is the snapshot (the book shows it).
#[test]
fn a_real_socket_wakes_its_task_on_our_executor() {
    let program = ChapterId::Download.program(Style::Async, None).unwrap();
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let setup = RealSetup::new(&scenario, None, false).expect("a real world");
    let shown = Executor::Ours(Polls::Shown);
    let run = threeways::run_in_on(program, &scenario, &setup.mode, shown);
    assert_eq!(run.outcome.result, Ok(vec!["the-tyger.txt".to_owned()]));
    insta::with_settings!({
        snapshot_path => "../snapshots/real",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("download__async__ours-polls", without_wall_times(&run.render_text()));
    });
}

/// Every async program that runs in the real world runs there on our
/// executor too, and returns what it returns on tokio: its sockets are
/// ours, its file writes on the loop's worker thread.
#[test]
fn every_real_async_program_runs_on_our_executor() {
    let programs: Vec<Program> = CHAPTERS
        .iter()
        .filter(|chapter| chapter.real_run && chapter.id != ChapterId::CpuBound)
        .flat_map(|chapter| chapter.id.programs_in(Style::Async))
        .filter(|program| program.runs_real())
        .collect();
    assert!(programs.len() >= 10, "{programs:?}");
    std::thread::scope(|scope| {
        for program in programs {
            scope.spawn(move || {
                let scenario = Scenario::for_chapter(program.chapter);
                let simulated = run_on(Executor::Tokio, program, &scenario).outcome;
                let setup = RealSetup::new(&scenario, None, false).expect("a real world");
                let ours = Executor::Ours(Polls::Hidden);
                let real = threeways::run_in_on(program, &scenario, &setup.mode, ours);
                assert_eq!(real.outcome, simulated, "{program} on ours, for real");
            });
        }
    });
}
