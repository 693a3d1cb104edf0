//! The `sharing` chapter: what its programs must agree on, what each must
//! show, and the three programs that never end, each ended by the
//! simulated world with a report that names every lane still waiting.

use std::time::Duration;
use threeways::{RealSetup, run, run_in, run_on};
use threeways_model::trace::Event;
use threeways_model::{ChapterId, Error, Program, Run, Scenario, Style};
use threeways_sim::hang::HUNG;

fn program(style: Style, variant: &str) -> Program {
    ChapterId::Sharing
        .program(style, Some(variant))
        .unwrap_or_else(|| panic!("sharing has no {style} {variant}"))
}

/// The crawlers, in every style.
fn crawlers() -> Vec<Program> {
    vec![
        program(Style::Blocking, "crawl"),
        program(Style::Blocking, "scoped"),
        program(Style::Callbacks, "crawl"),
        program(Style::Async, "crawl-local"),
        program(Style::Async, "crawl-send"),
    ]
}

/// The notes of `run` on the lane `lane`, as `(time, text)`.
fn notes_on<'a>(run: &'a Run, lane: &str) -> Vec<(Duration, &'a str)> {
    run.trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Note { at, lane: on, text } if &**on == lane => Some((*at, text.as_str())),
            _ => None,
        })
        .collect()
}

/// The waits of `run` whose label begins with `what`, as `(lane, start,
/// end)`.
fn waits<'a>(run: &'a Run, what: &'a str) -> Vec<(&'a str, Duration, Duration)> {
    (run.trace.waits(what))
        .map(|span| (&**span.lane, span.start, span.end))
        .collect()
}

/// Every crawler finds the same pages, with the same links and the same
/// dead one, whichever the style, the order or the sharing: a lock, a
/// `RefCell`, borrowed or behind an `Arc`. And each page is fetched once.
#[test]
fn the_crawlers_agree_and_fetch_each_page_once() {
    let scenario = Scenario::for_chapter(ChapterId::Sharing);
    let first = run(crawlers()[0]);
    let lines = first.outcome.result.clone().expect("the crawl returns");
    assert!(lines.contains(&"8 pages".to_owned()), "{lines:?}");
    assert!(
        lines.iter().any(|line| line.starts_with("old: error:")),
        "{lines:?}"
    );
    for program in crawlers() {
        let run = run(program);
        assert_eq!(run.outcome, first.outcome, "{program}");
        let mut fetched: Vec<&str> = waits(&run, "fetch ")
            .iter()
            .map(|(lane, ..)| *lane)
            .collect();
        assert_eq!(fetched.len(), 8, "{program}: {fetched:?}");
        fetched.sort();
        fetched.dedup();
        assert_eq!(fetched, ["worker-1", "worker-2"], "{program}");
        let urls: std::collections::BTreeSet<String> = (run.trace.spans())
            .filter_map(|span| span.label.strip_prefix("fetch ").map(str::to_owned))
            .collect();
        let site = scenario.urls_under("http://example.com/").len() - 8; // less the feed
        assert_eq!(urls.len(), site, "{program}: each page once");
    }
}

/// Two workers fetch at once: every crawl takes less than the sum of its
/// fetches, and the same time in every style.
#[test]
fn the_crawls_overlap_their_fetches_the_same_way() {
    let scenario = Scenario::for_chapter(ChapterId::Sharing);
    let sum: Duration = scenario
        .pages
        .iter()
        .filter(|page| !page.url.contains("/feed/"))
        .map(|page| page.latency)
        .sum();
    let total = run(crawlers()[0]).trace.total;
    assert!(total < sum, "{total:?} is not less than {sum:?}");
    for program in crawlers() {
        assert_eq!(run(program).trace.total, total, "{program}");
    }
}

/// With std's `Mutex`, locked only between waits, nobody waits for the
/// cache, and the two readers of one page both fetch it. With tokio's,
/// held across the fetch, each page is fetched once, and everyone waits
/// for every fetch before theirs: the total is the sum of the fetches.
#[test]
fn each_mutex_has_the_cost_the_chapter_says() {
    let scenario = Scenario::for_chapter(ChapterId::Sharing);
    let latency = |name: &str| scenario.page(&scenario.url_of(name)).unwrap().latency;
    let std = run(program(Style::Async, "std-mutex"));
    let tokio = run(program(Style::Async, "tokio-mutex"));
    assert_eq!(std.outcome, tokio.outcome);
    assert_eq!(waits(&std, "fetch ").len(), 3, "news twice, and about");
    assert!(waits(&std, "lock").is_empty());
    assert_eq!(std.trace.total, latency("news").max(latency("about")));
    assert_eq!(waits(&tokio, "fetch ").len(), 2, "each page once");
    assert_eq!(waits(&tokio, "lock").len(), 2, "two readers wait");
    assert_eq!(tokio.trace.total, latency("news") + latency("about"));
    assert_eq!(
        notes_on(&tokio, "reader-3"),
        [(tokio.trace.total, "news: from the cache")]
    );
}

/// The fetcher outruns the writer. Unbounded, it never waits, and finishes
/// long before the writer, each page waiting longer than the last. Bounded,
/// its `send` waits while the queue is full, and no page waits longer than
/// `capacity` writes and a fetch. The files are the same in every style.
#[test]
fn a_bounded_queue_holds_the_fetcher_back_and_an_unbounded_one_grows() {
    let scenario = Scenario::for_chapter(ChapterId::Sharing);
    let write = scenario.disk_latency;
    let pages = scenario.urls_under(threeways_model::FEED).len() as u32;
    for variant in ["unbounded", "bounded"] {
        let runs: Vec<Run> = Style::ALL
            .into_iter()
            .map(|style| run(program(style, variant)))
            .collect();
        for (style, run) in Style::ALL.into_iter().zip(&runs) {
            assert_eq!(run.outcome, runs[0].outcome, "{style} {variant}");
            let files = run.outcome.files.len() as u32;
            assert_eq!(files, pages, "{style} {variant}");
            let fetched_all = notes_on(run, "fetcher")
                .iter()
                .find(|(_, text)| text.starts_with("fetched every page"))
                .map(|(at, _)| *at)
                .unwrap_or_else(|| panic!("{style} {variant}: the fetcher never finished"));
            let waited: Vec<u64> = notes_on(run, "writer")
                .iter()
                .filter_map(|(_, text)| text.split(" waited ").nth(1))
                .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
                .collect();
            assert_eq!(waited.len() as u32, pages, "{style} {variant}");
            if variant == "unbounded" {
                // The fetcher is done after its fetches alone.
                assert_eq!(fetched_all, Duration::from_millis(10) * pages);
                assert!(
                    waited.windows(2).all(|pair| pair[0] < pair[1]),
                    "{style}: each page waits longer: {waited:?}"
                );
            } else {
                let most = (write * scenario.capacity.get() as u32 + Duration::from_millis(20))
                    .as_millis() as u64;
                assert!(fetched_all > Duration::from_millis(10) * pages);
                assert!(
                    waited.iter().all(|ms| *ms <= most),
                    "{style}: {waited:?}, none over {most}"
                );
            }
            // The writer is the bottleneck either way.
            assert_eq!(run.trace.total, Duration::from_millis(10) + write * pages);
        }
    }
}

/// Runs `program` on another thread, and fails rather than hangs if it
/// does not end: a program that never ends must be ended by the world.
fn ends(program: Program) -> Run {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(run(program));
    });
    receiver
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{program} was not ended by the simulated world"))
}

/// The lines of `run`'s hang report.
fn report(run: &Run) -> Vec<&str> {
    notes_on(run, "world")
        .into_iter()
        .map(|(_, text)| text)
        .filter(|text| text.starts_with(HUNG))
        .collect()
}

/// A thread joined while it waits on a channel nobody closes: each worker
/// keeps a sender. The scheduler finds every thread blocked, and says who
/// waits on what.
#[test]
fn the_blocking_hang_ends_and_names_its_waiting_threads() {
    let run = ends(program(Style::Blocking, "hang"));
    assert_workers_wait_on_a_queue_that_never_closes(&run);
}

/// `main` joins `worker-1`, which waits in `recv`, holding the queue's
/// lock, which `worker-2` waits for: the blocking and the async hang.
fn assert_workers_wait_on_a_queue_that_never_closes(run: &Run) {
    assert_eq!(run.outcome.result, Err(Error::Hung));
    let report = report(run);
    for wait in [
        "hung: main waits: join worker-1",
        "hung: worker-1 waits: recv",
        "hung: worker-2 waits: lock, held by worker-1",
    ] {
        assert!(report.contains(&wait), "{wait}: {report:?}");
    }
    assert_hung_after_the_crawl(run);
}

/// A callback that is never called: the chain that skips the dead link
/// never counts it done, so `done` is never called.
#[test]
fn the_callback_hang_ends_and_names_the_continuation_never_called() {
    let run = ends(program(Style::Callbacks, "hang"));
    assert_eq!(run.outcome.result, Err(Error::Hung));
    let report = report(&run);
    assert!(
        report.contains(&"hung: main waits: `done`, its last continuation"),
        "{report:?}"
    );
    assert_hung_after_the_crawl(&run);
}

/// A task waiting on something nothing will wake: `main` keeps a sender,
/// so the queue never closes. Tokio's paused clock has no timer to jump
/// to; the world ends the run, on tokio and on our executor alike.
#[test]
fn the_async_hang_ends_and_names_its_waiting_tasks() {
    let run = ends(program(Style::Async, "hang"));
    assert_workers_wait_on_a_queue_that_never_closes(&run);
    let ours = threeways::run_with(
        program(Style::Async, "hang"),
        threeways_async::Executor::Ours(threeways_async::Polls::Hidden),
    );
    assert_eq!(ours.render_text(), run.render_text());
}

/// A hang is reported when it happens: after the last page, at the time
/// of the last thing the program did, not at some limit later.
fn assert_hung_after_the_crawl(run: &Run) {
    let last_fetch = waits(run, "fetch ")
        .iter()
        .map(|(_, _, end)| *end)
        .max()
        .expect("some fetches");
    assert_eq!(run.trace.total, last_fetch, "{}", run.render_text());
    let at: Vec<Duration> = notes_on(run, "world").iter().map(|(at, _)| *at).collect();
    assert!(at.iter().all(|at| *at == last_fetch), "{at:?}");
}

/// With `--real`, the crawl on tokio's multi-thread runtime finds what the
/// simulated crawl finds, and each note names the OS thread its task was
/// running on: a worker thread of the runtime.
#[test]
fn the_multi_thread_crawl_runs_for_real_and_names_its_threads() {
    let program = program(Style::Async, "crawl-send");
    let scenario = Scenario::for_chapter(ChapterId::Sharing);
    let setup = RealSetup::new(&scenario, None, false).expect("a real world");
    let real = run_in(program, &scenario, &setup.mode);
    let simulated = run_on(program, &scenario);
    assert_eq!(real.outcome, simulated.outcome);
    for lane in ["worker-1", "worker-2"] {
        for (_, text) in notes_on(&real, lane) {
            assert!(text.contains(" (on tokio-worker-"), "{text}");
        }
    }
    assert!(real.trace.threads > 1, "{}", real.trace.summary());
    for (_, text) in notes_on(&simulated, "worker-1") {
        assert!(
            !text.contains(" (on "),
            "the simulated world is one thread: {text}"
        );
    }
}
