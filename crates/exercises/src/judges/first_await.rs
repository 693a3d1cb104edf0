//! Judges for the `first-await` chapter: when a future starts, and one
//! that never does.
//!
//! - `first-await-spawn`: the report must be on its way while the work is
//!   done, as the blocking program's thread is. An answer that makes the
//!   future first and awaits it after the work gets the same length, late:
//!   its fetch begins when the work is over, and the message says so, with
//!   the two runs side by side.
//! - `bug-never-awaited`: a future made and dropped never runs: the log
//!   line is never written, though the function returns `Ok`.

use crate::blocking;
use crate::judge::{
    BLOCKING, Checked, Judge, Returned, attempt, check_nothing_after, judge, late_wait,
    lowercase_first, ms, quoted, run_async, run_blocking, wrong, wrong_beside,
};
use crate::verdict::Verdict;
use std::time::Duration;
use threeways_model::{Error, Fault, Page, Scenario};
use threeways_world::Mode;

/// The report both exercises fetch.
const REPORT: &str = "http://example.com/report";

/// One run: a report that takes `page` to arrive (or fails), and `work`.
struct Case {
    when: String,
    scenario: Scenario,
    work: Duration,
}

fn report_case(page: u64, work: u64, missing: bool) -> Case {
    let mut report = Page::new(REPORT, "all systems go\n".repeat(3), page);
    if missing {
        report = report.failing(Fault::Status(404));
    }
    let when = if missing {
        format!(
            "When the report is missing (the server says so after {page} ms) and the work takes \
             {work} ms"
        )
    } else {
        format!("With a report that takes {page} ms to arrive and {work} ms of work")
    };
    Case {
        when,
        scenario: Scenario {
            pages: vec![report],
            disk_latency: Duration::from_millis(5),
            ..Scenario::default()
        },
        work: Duration::from_millis(work),
    }
}

/// `Ok(45)`, or the error.
fn said<T: std::fmt::Debug>(result: &Result<T, Error>) -> String {
    match result {
        Ok(value) => format!("Ok({value:?})"),
        Err(error) => format!("the error {}", quoted(&error.to_string())),
    }
}

/// Judges `first-await-spawn`: `report_while_working(url, work).await`.
pub fn first_await_spawn(answer: impl AsyncFn(&str, Duration) -> Result<usize, Error>) -> Verdict {
    judge(|judge| {
        for case in [
            report_case(120, 50, false),
            // No step in common with the first case's times.
            report_case(43, 97, false),
            report_case(30, 60, true),
        ] {
            judge.case(|judge| {
                let work = case.work;
                let want = run_blocking(&Mode::Simulated, &case.scenario, || {
                    blocking::report_while_working(REPORT, work)
                });
                let got = attempt(&case.when, |mode| {
                    run_async(mode, &case.scenario, || answer(REPORT, work))
                })?;
                check_report(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_report(
    judge: &mut Judge,
    case: &Case,
    got: &Returned<Result<usize, Error>>,
    want: &Returned<Result<usize, Error>>,
) -> Checked {
    let when = &case.when;
    let (run, reference) = (&got.run, &want.run);
    let (want_result, want_at) = want.reference();
    let (result, at) = got.got(when, "your function")?;
    if result != want_result {
        return Err(wrong(
            format!(
                "{when}, your function returned {}; it should return {}.",
                said(result),
                said(want_result)
            ),
            run,
        ));
    }
    if let Some(late) = late_wait(&run.trace, &reference.trace) {
        let mut message = format!("{when}, {}", lowercase_first(&late.sentence(BLOCKING)));
        if late.what.starts_with("the fetch") {
            message.push_str(
                " Calling an `async fn` only makes a future, and a future does nothing until \
                 it is polled: made first and awaited after the work, it starts after the work. \
                 To have it on its way during the work, spawn it as a task (or join it with the \
                 work).",
            );
        } else {
            message.push_str(
                " The work should be done while the report is on its way, not after it has \
                 come: start the fetch, then do the work, then wait for the report.",
            );
        }
        return Err(wrong_beside(message, run, reference, BLOCKING));
    }
    if at != want_at {
        return Err(wrong_beside(
            format!(
                "{when}, your function returned at {}; the blocking program returns at {}, once \
                 both the report and the work are done.",
                ms(*at),
                ms(*want_at)
            ),
            run,
            reference,
            BLOCKING,
        ));
    }
    check_nothing_after(
        when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "Await every task you spawn before you return.",
    )?;
    judge.pass(format!(
        "{when}, your function returns {} at {}: the fetch is on its way from 0 ms, during the \
         work.",
        said(result),
        ms(*at)
    ));
    Ok(())
}

/// The cases of `bug-never-awaited`: the page there, missing, and a disk
/// that cannot write the log.
fn log_cases() -> Vec<(String, Scenario)> {
    let page = |millis| Page::new(REPORT, "all systems go\n", millis);
    let with = |pages, failing: Vec<String>| Scenario {
        pages,
        disk_latency: Duration::from_millis(5),
        failing_writes: failing,
        ..Scenario::default()
    };
    vec![
        (
            "When the page is there (80 ms)".to_owned(),
            with(vec![page(80)], Vec::new()),
        ),
        (
            "When the page is missing".to_owned(),
            // No step in common with the first case's time.
            with(vec![page(31).failing(Fault::Status(404))], Vec::new()),
        ),
        (
            "When the disk cannot write the log".to_owned(),
            with(vec![page(50)], vec![blocking::VISITS.to_owned()]),
        ),
    ]
}

/// Judges `bug-never-awaited`: `fetch_and_log(url).await`.
pub fn bug_never_awaited(answer: impl AsyncFn(&str) -> Result<usize, Error>) -> Verdict {
    judge(|judge| {
        for (when, scenario) in log_cases() {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &scenario, || {
                    blocking::fetch_and_log(REPORT)
                });
                let got = attempt(&when, |mode| run_async(mode, &scenario, || answer(REPORT)))?;
                check_log(judge, &when, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_log(
    judge: &mut Judge,
    when: &str,
    got: &Returned<Result<usize, Error>>,
    want: &Returned<Result<usize, Error>>,
) -> Checked {
    let (run, reference) = (&got.run, &want.run);
    let (want_result, want_at) = want.reference();
    let (result, at) = got.got(when, "your function")?;
    let (files, want_files) = (&run.outcome.files, &reference.outcome.files);
    let log = blocking::VISITS;
    // The log first: a function that reports success without it is the
    // symptom to show.
    if want_files.contains_key(log) && !files.contains_key(log) {
        return Err(wrong(
            format!(
                "{when}, your function returned {} at {}, and {log} was never written: the \
                 visit is not in the log.",
                said(result),
                ms(*at)
            ),
            run,
        ));
    }
    if result != want_result {
        let saved = if want_result.is_err() && result.is_ok() {
            " It reports success although the visit was not logged."
        } else {
            ""
        };
        return Err(wrong(
            format!(
                "{when}, your function returned {}; it should return {}.{saved}",
                said(result),
                said(want_result)
            ),
            run,
        ));
    }
    if files != want_files {
        let names: Vec<&String> = files.keys().collect();
        return Err(wrong(
            format!(
                "{when}, your function left the files {names:?}; it should leave {:?}, with the \
                 line {}.",
                want_files.keys().collect::<Vec<_>>(),
                quoted(&blocking::visit_line(REPORT))
            ),
            run,
        ));
    }
    if at < want_at {
        return Err(wrong_beside(
            format!(
                "{when}, your function returned at {}, before {log} was written (at {}): the \
                 write went on after it returned.",
                ms(*at),
                ms(*want_at)
            ),
            run,
            reference,
            BLOCKING,
        ));
    }
    check_nothing_after(
        when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "",
    )?;
    judge.pass(match result {
        Ok(_) => format!(
            "{when}, your function returns {} at {}, once the visit is in {log}.",
            said(result),
            ms(*at)
        ),
        Err(_) => format!("{when}, your function returns {}.", said(result)),
    });
    Ok(())
}
