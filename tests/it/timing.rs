//! The timings and results the chapters explain, computed from the
//! scenario's numbers (never copied from an output), for the book's
//! scenarios and for random ones, with failing pages and edge sizes (no
//! pages, a limit of 1 or more than the pages, a consumer that takes
//! nothing). Waits are virtual, so these tests are exact and quick.

use proptest::prelude::*;
use std::num::NonZeroUsize;
use std::time::Duration;
use threeways::run_on;
use threeways_model::{ChapterId, Error, Fault, Outcome, Page, Program, Scenario, Style, user_url};
use threeways_sim::SimNet;

fn program(chapter: ChapterId, style: Style, variant: &str) -> Program {
    let variant = (!chapter.variants(style).is_empty()).then_some(variant);
    chapter
        .program(style, variant)
        .unwrap_or_else(|| panic!("{chapter} {style} {variant:?}"))
}

/// What fetching each page of `scenario` gives, and how long it takes to
/// find out, as the simulated network (the model of the real one) says.
fn answers(scenario: &Scenario) -> Vec<(Result<Vec<u8>, Error>, Duration)> {
    let net = SimNet::new(scenario);
    scenario
        .pages
        .iter()
        .map(|page| net.fetch(&page.url))
        .collect()
}

fn takes(answers: &[(Result<Vec<u8>, Error>, Duration)]) -> Vec<Duration> {
    answers.iter().map(|(_, takes)| *takes).collect()
}

/// When `k` workers take jobs in order, each the moment it is free: when
/// each job starts and ends. A pool of threads, a callback chain per slot
/// and `buffer_unordered(k)` all schedule this way.
fn greedy_schedule(latencies: &[Duration], k: NonZeroUsize) -> Vec<(Duration, Duration)> {
    let mut free_at = vec![Duration::ZERO; k.get()];
    latencies
        .iter()
        .map(|latency| {
            let earliest = free_at.iter_mut().min().expect("k >= 1");
            let start = *earliest;
            *earliest += *latency;
            (start, *earliest)
        })
        .collect()
}

/// The time the last of those jobs ends.
fn greedy_makespan(latencies: &[Duration], k: NonZeroUsize) -> Duration {
    let schedule = greedy_schedule(latencies, k);
    schedule
        .iter()
        .map(|(_, end)| *end)
        .max()
        .unwrap_or_default()
}

/// `buffered(k)` keeps at most `k` futures in flight *and* hands results
/// over in order: job `i` starts when job `i - k` has been handed over, and
/// is handed over when it is done and so is every job before it. When each
/// job is handed over.
fn ordered_window_handovers(latencies: &[Duration], k: NonZeroUsize) -> Vec<Duration> {
    let k = k.get();
    let mut handed_over: Vec<Duration> = Vec::new();
    for (i, latency) in latencies.iter().enumerate() {
        let start = if i < k {
            Duration::ZERO
        } else {
            handed_over[i - k]
        };
        let previous = handed_over.last().copied().unwrap_or_default();
        handed_over.push((start + *latency).max(previous));
    }
    handed_over
}

fn ordered_window_makespan(latencies: &[Duration], k: NonZeroUsize) -> Duration {
    let handovers = ordered_window_handovers(latencies, k);
    handovers.last().copied().unwrap_or_default()
}

/// Which of several failed fetches a program reports.
#[derive(Clone, Copy, Debug)]
enum FirstError {
    /// The first in the order of the pages: the program looks at results
    /// in that order (a loop, joining threads in turn, `join_all`).
    ByPosition,
    /// The first to fail: the program takes results as they come (a
    /// shared counter, `JoinSet::join_next`, `buffer_unordered`).
    ByTime,
}

/// The pages that failed, by index.
fn failed(answers: &[(Result<Vec<u8>, Error>, Duration)]) -> Vec<usize> {
    (0..answers.len())
        .filter(|&i| answers[i].0.is_err())
        .collect()
}

/// Of the failed pages, the one `rule` picks when page `i` fails at
/// `ends[i]`.
fn first_error(
    answers: &[(Result<Vec<u8>, Error>, Duration)],
    ends: &[Duration],
    rule: FirstError,
) -> Option<usize> {
    let failed = failed(answers).into_iter();
    match rule {
        FirstError::ByPosition => failed.min(),
        FirstError::ByTime => failed.min_by_key(|&i| (ends[i], i)),
    }
}

/// How long a program that fetches in turn and stops at the first error
/// takes: every page up to that one.
fn sequential_total(answers: &[(Result<Vec<u8>, Error>, Duration)]) -> Duration {
    let fetched = match failed(answers).first() {
        Some(first) => first + 1,
        None => answers.len(),
    };
    takes(answers).iter().take(fetched).sum()
}

/// What a fan-out program must do on a scenario.
#[derive(Debug)]
struct Expected {
    style: Style,
    variant: &'static str,
    /// Which error it reports, if pages fail...
    rule: FirstError,
    /// ...which is that of this page, if any fails.
    error: Option<usize>,
    /// How long it takes.
    total: Duration,
}

/// What each fan-out program must return and how long it must take, from
/// the rules its lesson states: which error it reports (by position or by
/// time), and whether it waits for the pages still under way, stops
/// starting new ones, or drops them.
fn fan_out_expectations(scenario: &Scenario) -> Vec<Expected> {
    let answers = answers(scenario);
    let takes = takes(&answers);
    let longest = takes.iter().max().copied().unwrap_or_default();
    let schedule = greedy_schedule(&takes, scenario.limit);
    let greedy_ends: Vec<Duration> = schedule.iter().map(|(_, end)| *end).collect();
    let makespan = greedy_ends.iter().max().copied().unwrap_or_default();
    let in_order = first_error(&answers, &takes, FirstError::ByPosition);
    // All at once, page `i` fails `takes[i]` after the start.
    let all_at_once = first_error(&answers, &takes, FirstError::ByTime);
    let greedy = first_error(&answers, &greedy_ends, FirstError::ByTime);
    // Callback chains start no page once one has failed, and the loop runs
    // until those already started have come back.
    let chains_total = match greedy {
        None => makespan,
        Some(failure) => schedule
            .iter()
            .filter(|(start, _)| *start < greedy_ends[failure])
            .map(|(_, end)| *end)
            .max()
            .unwrap_or_default(),
    };
    let sequential = sequential_total(&answers);
    let expect = |style, variant, rule, error, total| Expected {
        style,
        variant,
        rule,
        error,
        total,
    };
    use FirstError::{ByPosition, ByTime};
    use Style::{Async, Blocking, Callbacks};
    vec![
        expect(Blocking, "sequential", ByPosition, in_order, sequential),
        // Threads not yet joined run on, and the run waits for them.
        expect(
            Blocking,
            "thread-per-request",
            ByPosition,
            in_order,
            longest,
        ),
        // The workers fetch every page, failed or not.
        expect(Blocking, "pool", ByPosition, in_order, makespan),
        expect(Callbacks, "sequential", ByPosition, in_order, sequential),
        // The loop runs until every fetch has come back.
        expect(Callbacks, "counter", ByTime, all_at_once, longest),
        expect(Callbacks, "limited", ByTime, greedy, chains_total),
        expect(Async, "sequential", ByPosition, in_order, sequential),
        expect(Async, "join-all", ByPosition, in_order, longest),
        // Dropping the set aborts the other tasks.
        expect(
            Async,
            "join-set",
            ByTime,
            all_at_once,
            all_at_once.map_or(longest, |i| takes[i]),
        ),
        // Dropping the stream drops the fetches under way.
        expect(
            Async,
            "buffer-unordered",
            ByTime,
            greedy,
            greedy.map_or(makespan, |i| greedy_ends[i]),
        ),
    ]
}

/// Checks fan-out's totals and outcomes against the rules: equal outcomes
/// where nothing fails, and otherwise the error each program's rule picks.
/// Returns an error message instead of panicking so proptest can shrink
/// the scenario.
fn check_fan_out(scenario: &Scenario) -> Result<(), String> {
    let answers = answers(scenario);
    let reference = run_on(
        program(ChapterId::FanOut, Style::Blocking, "sequential"),
        scenario,
    );
    for expected in fan_out_expectations(scenario) {
        let result = match expected.error {
            Some(i) => Err(answers[i].0.clone().unwrap_err()),
            None => reference.outcome.result.clone(),
        };
        let program = program(ChapterId::FanOut, expected.style, expected.variant);
        let run = run_on(program, scenario);
        if run.trace.total != expected.total {
            return Err(format!(
                "{program}: total {:?}, expected {:?}",
                run.trace.total, expected.total
            ));
        }
        if run.outcome.result != result {
            return Err(format!(
                "{program} ({:?}): {:?} != {result:?}",
                expected.rule, run.outcome.result
            ));
        }
    }
    Ok(())
}

#[test]
fn fan_out_totals_follow_from_the_scenario() {
    let scenario = Scenario::for_chapter(ChapterId::FanOut);
    check_fan_out(&scenario).unwrap();
    // The book's scenario tells the three rules apart.
    let latencies = takes(&answers(&scenario));
    let sum: Duration = latencies.iter().sum();
    let limited = greedy_makespan(&latencies, scenario.limit);
    assert!(sum > limited && limited > *latencies.iter().max().unwrap());
}

/// Two pages fail: `weather`, second in the list, after 500 ms, and
/// `markets`, fourth, after 10 ms. A program that looks at results in the
/// order of the pages reports `weather`; one that takes them as they come
/// reports `markets`. Each lesson says which it does.
#[test]
fn with_two_failing_pages_each_fan_out_reports_the_error_its_lesson_names() {
    use threeways_test_support::ms;
    let page = |name: &str, millis| Page::new(format!("http://example.com/{name}"), name, millis);
    let scenario = Scenario {
        pages: vec![
            page("news", 120),
            page("weather", 500).failing(Fault::Status(404)),
            page("sports", 40),
            page("markets", 10).failing(Fault::Status(500)),
            page("travel", 80),
        ],
        limit: NonZeroUsize::new(2).unwrap(),
        ..Scenario::default()
    };
    check_fan_out(&scenario).unwrap();
    let weather = Error::Status {
        url: "http://example.com/weather".to_owned(),
        code: 404,
    };
    let markets = Error::Status {
        url: "http://example.com/markets".to_owned(),
        code: 500,
    };
    for expected in fan_out_expectations(&scenario) {
        let error = match expected.rule {
            FirstError::ByPosition => &weather,
            FirstError::ByTime => &markets,
        };
        let program = program(ChapterId::FanOut, expected.style, expected.variant);
        let run = run_on(program, &scenario);
        assert_eq!(run.outcome.result.as_ref(), Err(error), "{program}");
        assert_eq!(run.trace.total, expected.total, "{program}");
    }
    // The three ways to end: stop at once (sequential: 120 + 500 ms), let
    // the others run on (all at once: the longest, 500 ms), or drop them
    // (JoinSet: when markets fails, 10 ms).
    let totals: Vec<(&str, Duration)> = fan_out_expectations(&scenario)
        .into_iter()
        .filter(|expected| expected.style == Style::Async)
        .map(|expected| (expected.variant, expected.total))
        .collect();
    assert_eq!(totals[0], ("sequential", ms(620)));
    assert_eq!(totals[1], ("join-all", ms(500)));
    assert_eq!(totals[2], ("join-set", ms(10)));
}

/// What each comprehension program must take. They all report the first
/// failed check in the order of the names: the loops and `then` stop
/// there, `buffered` stops when it hands that one over, and `join_all`
/// waits for every check.
fn check_comprehensions(scenario: &Scenario) -> Result<(), String> {
    let ticking = scenario.tick * scenario.ticks;
    let answers = answers(scenario);
    let takes = takes(&answers);
    let failed = first_error(&answers, &takes, FirstError::ByPosition);
    let handovers = ordered_window_handovers(&takes, scenario.limit);
    let buffered = match failed {
        Some(i) => handovers[i],
        None => ordered_window_makespan(&takes, scenario.limit),
    };
    let sequential = sequential_total(&answers);
    let expected = [
        (Style::Blocking, "", ticking + sequential),
        (Style::Callbacks, "", ticking + sequential),
        (Style::Async, "for-loop", ticking + sequential),
        (Style::Async, "then", ticking + sequential),
        (Style::Async, "buffered", ticking + buffered),
        (
            Style::Async,
            "join-all",
            ticking + takes.iter().max().copied().unwrap_or_default(),
        ),
    ];
    let odd: Vec<u32> = (0..scenario.ticks).filter(|x| x % 2 == 1).collect();
    let free: Vec<&str> = scenario
        .names
        .iter()
        .zip(&scenario.pages)
        .filter(|(_, page)| page.body == b"free")
        .map(|(name, _)| name.as_str())
        .collect();
    let result = match failed {
        Some(i) => Err(answers[i].0.clone().unwrap_err()),
        None => Ok(vec![
            format!("odd ticks: {odd:?}"),
            format!("free names: {free:?}"),
        ]),
    };
    let reference = Outcome {
        files: Default::default(),
        result,
    };
    check_programs(ChapterId::Comprehensions, scenario, &expected, &reference)
}

/// Runs each `(style, variant)` of `chapter` and checks its total against
/// the expected one, and its outcome against `reference`.
fn check_programs(
    chapter: ChapterId,
    scenario: &Scenario,
    expected: &[(Style, &str, Duration)],
    reference: &Outcome,
) -> Result<(), String> {
    for (style, variant, total) in expected {
        let program = program(chapter, *style, variant);
        let run = run_on(program, scenario);
        if run.trace.total != *total {
            return Err(format!(
                "{program}: total {:?}, expected {total:?}",
                run.trace.total
            ));
        }
        if run.outcome != *reference {
            return Err(format!("{program}: {:?} != {reference:?}", run.outcome));
        }
    }
    Ok(())
}

#[test]
fn comprehension_totals_follow_from_the_scenario() {
    check_comprehensions(&Scenario::for_chapter(ChapterId::Comprehensions)).unwrap();
}

/// Every ticker program returns the first `take` of `ticks` values, one
/// every `tick`, and is done when the last of them has come: with `take`
/// zero, at once, with nothing, since no style starts a ticker that is
/// asked for nothing.
fn check_ticker(scenario: &Scenario) -> Result<(), String> {
    let values = scenario.take.min(scenario.ticks as usize);
    let expected: Vec<String> = (0..values).map(|value| value.to_string()).collect();
    let total = scenario.tick * values as u32;
    for program in ChapterId::Ticker.programs() {
        let run = run_on(program, scenario);
        if run.outcome.result.as_ref() != Ok(&expected) {
            return Err(format!("{program}: {:?}", run.outcome.result));
        }
        if run.trace.total != total {
            return Err(format!(
                "{program}: total {:?}, expected {total:?}",
                run.trace.total
            ));
        }
    }
    Ok(())
}

#[test]
fn a_consumer_that_takes_nothing_gets_nothing_at_once() {
    let scenario = Scenario {
        take: 0,
        ..Scenario::for_chapter(ChapterId::Ticker)
    };
    check_ticker(&scenario).unwrap();
    check_ticker(&Scenario::for_chapter(ChapterId::Ticker)).unwrap();
}

#[test]
fn buffered_waits_for_a_slow_head_but_buffer_unordered_does_not() {
    use threeways_test_support::ms;
    let latencies = [ms(300), ms(10), ms(10), ms(10)];
    let two = NonZeroUsize::new(2).unwrap();
    assert_eq!(greedy_makespan(&latencies, two), ms(300));
    assert_eq!(ordered_window_makespan(&latencies, two), ms(310));
}

/// Latencies that are distinct powers of two (times 10 ms), in any order:
/// no two sums of them are equal, so no two fetches end at the same moment
/// in any schedule, and "the first to fail" is always one page.
fn latencies(pages: std::ops::Range<usize>) -> impl Strategy<Value = Vec<u64>> {
    let powers: Vec<u64> = (0..8).map(|bit| 10 << bit).collect();
    prop::sample::subsequence(powers, pages).prop_shuffle()
}

/// Nothing wrong, mostly; sometimes one of the faults a page can have that
/// takes its latency to show.
fn fault() -> impl Strategy<Value = Option<Fault>> {
    prop_oneof![
        3 => Just(None),
        1 => prop::sample::select(vec![
            Fault::Status(404),
            Fault::Status(500),
            Fault::ResetMidBody,
            Fault::MalformedStatus,
            Fault::Oversized,
        ])
        .prop_map(Some),
    ]
}

/// A limit of 1 (the sequential edge) up to more than there are pages.
fn limit() -> impl Strategy<Value = NonZeroUsize> {
    (1usize..9).prop_map(|k| NonZeroUsize::new(k).expect("at least 1"))
}

/// No pages at all, up to seven, some failing.
fn fan_out_scenario() -> impl Strategy<Value = Scenario> {
    let pages = latencies(0..8).prop_flat_map(|millis| {
        let faults = prop::collection::vec(fault(), millis.len());
        (Just(millis), faults)
    });
    (pages, limit()).prop_map(|((millis, faults), limit)| Scenario {
        pages: millis
            .iter()
            .zip(faults)
            .enumerate()
            .map(|(i, (ms, fault))| {
                let page = Page::new(format!("http://example.com/p{i}"), vec![b'x'; i], *ms);
                Page { fault, ..page }
            })
            .collect(),
        limit,
        ..Scenario::default()
    })
}

/// No names at all, up to six, some checks failing; no ticks, up to five.
fn comprehension_scenario() -> impl Strategy<Value = Scenario> {
    let users = latencies(0..7).prop_flat_map(|millis| {
        let n = millis.len();
        let answers = prop::collection::vec((any::<bool>(), fault()), n);
        (Just(millis), answers)
    });
    (users, 0u32..6, 1u64..200, limit()).prop_map(|((millis, answers), ticks, tick, limit)| {
        let names: Vec<String> = (0..millis.len()).map(|i| format!("user{i}")).collect();
        Scenario {
            pages: names
                .iter()
                .zip(millis.iter().zip(answers))
                .map(|(name, (ms, (free, fault)))| {
                    let answer = if free { "free" } else { "taken" };
                    Page {
                        fault,
                        ..Page::new(user_url(name), answer, *ms)
                    }
                })
                .collect(),
            names,
            ticks,
            tick: Duration::from_millis(tick),
            take: ticks as usize,
            limit,
            ..Scenario::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn fan_out_obeys_the_rules_for_any_scenario(scenario in fan_out_scenario()) {
        check_fan_out(&scenario).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn comprehensions_obey_the_rules_for_any_scenario(scenario in comprehension_scenario()) {
        check_comprehensions(&scenario).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tickers_obey_the_rules_for_any_count(ticks in 0u32..6, take in 0usize..8, tick in 1u64..200) {
        let scenario = Scenario {
            ticks,
            take,
            tick: Duration::from_millis(tick),
            ..Scenario::default()
        };
        check_ticker(&scenario).map_err(TestCaseError::fail)?;
    }
}
