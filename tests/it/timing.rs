//! The timings the chapters explain, computed from the scenario's numbers
//! (never copied from an output), for the book's scenarios and for random
//! ones. Waits are virtual, so these tests are exact and quick.

use proptest::prelude::*;
use std::num::NonZeroUsize;
use std::time::Duration;
use threeways::run_on;
use threeways_core::{ChapterId, Outcome, Page, Program, Scenario, Style, user_url};

fn program(chapter: ChapterId, style: Style, variant: &str) -> Program {
    let variant = (!chapter.variants(style).is_empty()).then_some(variant);
    chapter
        .program(style, variant)
        .unwrap_or_else(|| panic!("{chapter} {style} {variant:?}"))
}

/// When `k` workers take jobs in order, each the moment it is free: the
/// time the last job ends. A pool of threads, a callback chain per slot and
/// `buffer_unordered(k)` all schedule this way.
fn greedy_makespan(latencies: &[Duration], k: NonZeroUsize) -> Duration {
    let mut free_at = vec![Duration::ZERO; k.get()];
    for latency in latencies {
        let earliest = free_at.iter_mut().min().expect("k >= 1");
        *earliest += *latency;
    }
    free_at.into_iter().max().unwrap_or_default()
}

/// `buffered(k)` keeps at most `k` futures in flight *and* hands results
/// over in order: job `i` starts when job `i - k` has been handed over, and
/// is handed over when it is done and so is every job before it.
fn ordered_window_makespan(latencies: &[Duration], k: NonZeroUsize) -> Duration {
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
    handed_over.last().copied().unwrap_or_default()
}

fn latencies(scenario: &Scenario) -> Vec<Duration> {
    scenario.pages.iter().map(|page| page.latency).collect()
}

/// Checks fan-out's totals against the rules, and that every program
/// returns the same result. Returns an error message instead of panicking
/// so proptest can shrink the scenario.
fn check_fan_out(scenario: &Scenario) -> Result<(), String> {
    let latencies = latencies(scenario);
    let sum: Duration = latencies.iter().sum();
    let max = latencies.iter().max().copied().unwrap_or_default();
    let limited = greedy_makespan(&latencies, scenario.limit);
    let expected = [
        (Style::Blocking, "sequential", sum),
        (Style::Blocking, "thread-per-request", max),
        (Style::Blocking, "pool", limited),
        (Style::Callbacks, "sequential", sum),
        (Style::Callbacks, "counter", max),
        (Style::Callbacks, "limited", limited),
        (Style::Async, "sequential", sum),
        (Style::Async, "join-all", max),
        (Style::Async, "join-set", max),
        (Style::Async, "buffer-unordered", limited),
    ];
    let reference = run_on(
        program(ChapterId::FanOut, Style::Blocking, "sequential"),
        scenario,
    );
    check_programs(ChapterId::FanOut, scenario, &expected, &reference.outcome)
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
fn fan_out_totals_follow_from_the_scenario() {
    let scenario = Scenario::for_chapter(ChapterId::FanOut);
    check_fan_out(&scenario).unwrap();
    // The book's scenario tells the three rules apart.
    let latencies = latencies(&scenario);
    let sum: Duration = latencies.iter().sum();
    let limited = greedy_makespan(&latencies, scenario.limit);
    assert!(sum > limited && limited > *latencies.iter().max().unwrap());
}

fn check_comprehensions(scenario: &Scenario) -> Result<(), String> {
    let ticking = scenario.tick * scenario.ticks;
    let latencies = latencies(scenario);
    let expected = [
        (
            Style::Blocking,
            "",
            ticking + latencies.iter().sum::<Duration>(),
        ),
        (
            Style::Callbacks,
            "",
            ticking + latencies.iter().sum::<Duration>(),
        ),
        (
            Style::Async,
            "for-loop",
            ticking + latencies.iter().sum::<Duration>(),
        ),
        (
            Style::Async,
            "then",
            ticking + latencies.iter().sum::<Duration>(),
        ),
        (
            Style::Async,
            "buffered",
            ticking + ordered_window_makespan(&latencies, scenario.limit),
        ),
        (
            Style::Async,
            "join-all",
            ticking + latencies.iter().max().copied().unwrap_or_default(),
        ),
    ];
    let reference = run_on(
        program(ChapterId::Comprehensions, Style::Blocking, ""),
        scenario,
    );
    let odd: Vec<u32> = (0..scenario.ticks).filter(|x| x % 2 == 1).collect();
    let free: Vec<&str> = scenario
        .names
        .iter()
        .zip(&scenario.pages)
        .filter(|(_, page)| page.body == b"free")
        .map(|(name, _)| name.as_str())
        .collect();
    let values = vec![
        format!("odd ticks: {odd:?}"),
        format!("free names: {free:?}"),
    ];
    if reference.outcome.result != Ok(values.clone()) {
        return Err(format!("{:?} != {values:?}", reference.outcome.result));
    }
    check_programs(
        ChapterId::Comprehensions,
        scenario,
        &expected,
        &reference.outcome,
    )
}

#[test]
fn comprehension_totals_follow_from_the_scenario() {
    check_comprehensions(&Scenario::for_chapter(ChapterId::Comprehensions)).unwrap();
}

#[test]
fn buffered_waits_for_a_slow_head_but_buffer_unordered_does_not() {
    let ms = Duration::from_millis;
    let latencies = [ms(300), ms(10), ms(10), ms(10)];
    let two = NonZeroUsize::new(2).unwrap();
    assert_eq!(greedy_makespan(&latencies, two), ms(300));
    assert_eq!(ordered_window_makespan(&latencies, two), ms(310));
}

fn fan_out_scenario() -> impl Strategy<Value = Scenario> {
    let limit = (1usize..5).prop_map(|k| NonZeroUsize::new(k).unwrap());
    (prop::collection::vec(1u64..400, 1..8), limit).prop_map(|(millis, limit)| Scenario {
        pages: millis
            .iter()
            .enumerate()
            .map(|(i, ms)| Page::new(format!("http://example.com/p{i}"), vec![b'x'; i], *ms))
            .collect(),
        limit,
        ..Scenario::default()
    })
}

fn comprehension_scenario() -> impl Strategy<Value = Scenario> {
    let users = prop::collection::vec((1u64..300, any::<bool>()), 0..7);
    let limit = (1usize..4).prop_map(|k| NonZeroUsize::new(k).unwrap());
    (users, 0u32..6, 1u64..200, limit).prop_map(|(users, ticks, tick, limit)| {
        let names: Vec<String> = (0..users.len()).map(|i| format!("user{i}")).collect();
        Scenario {
            pages: names
                .iter()
                .zip(&users)
                .map(|(name, (ms, free))| {
                    Page::new(user_url(name), if *free { "free" } else { "taken" }, *ms)
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
}
