//! A failure on order or time shows the answer's run beside the
//! reference's, aligned on time, so the student sees which wait started
//! late; a failure on a result shows the answer's trace alone.

use threeways_exercises::judges::{cpu_bound, fan_out, ticker};
use threeways_exercises::{Failure, Verdict};

#[allow(unused_imports, unused_variables, dead_code)]
#[path = "../wrong/fan-out-async/await-in-loop.rs"]
mod await_in_loop;
#[allow(unused_imports, unused_variables, dead_code)]
#[path = "../wrong/ticker-stream/ignores-delay.rs"]
mod ignores_delay;
#[allow(unused_imports, unused_variables, dead_code)]
#[path = "../wrong/fan-out-async/one-string.rs"]
mod one_string;
#[allow(unused_imports, unused_variables, dead_code)]
#[path = "../wrong/bug-thread-sleep/yield-after-sleep.rs"]
mod yield_after_sleep;

fn beside(verdict: &Verdict) -> Option<&str> {
    match &verdict.failed {
        Some(Failure::Wrong { beside, .. }) => beside.as_deref(),
        other => panic!("not a failure: {other:?}"),
    }
}

#[test]
fn a_failure_on_time_shows_both_runs_aligned_on_time() {
    let verdicts = [
        fan_out::fan_out_async(await_in_loop::status_board),
        ticker::ticker_stream(ignores_delay::countdown),
        cpu_bound::bug_thread_sleep(yield_after_sleep::heartbeat),
    ];
    for verdict in &verdicts {
        let beside = beside(verdict).unwrap_or_else(|| panic!("no runs beside: {verdict:#?}"));
        let title = beside.lines().next().unwrap();
        assert!(
            title.contains("your program") && title.contains("the blocking program"),
            "{beside}"
        );
        assert!(
            beside.lines().all(|line| line.chars().count() <= 84),
            "{beside}"
        );
        let totals = beside.lines().last().unwrap();
        assert_eq!(totals.matches("total:").count(), 2, "{beside}");
    }
    // The sequential board: weather's fetch starts at 120 ms on the left,
    // at 0 ms on the right.
    let board = beside(&verdicts[0]).unwrap();
    let row = board
        .lines()
        .find(|line| line.contains("120 ms │ main  [wait 40 ms] fetch /weather"));
    assert!(row.is_some(), "{board}");
}

#[test]
fn a_failure_on_a_result_shows_the_trace_alone() {
    let verdict = fan_out::fan_out_async(one_string::status_board);
    assert_eq!(beside(&verdict), None, "{verdict:#?}");
}
