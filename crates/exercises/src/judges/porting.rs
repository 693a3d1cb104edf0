//! Judge for the `porting` page: the fan-out chapter's blocking program
//! with a pool of threads, ported to async in three steps, each judged
//! against the blocking function it ports.
//!
//! 1. `fetch_summary`, the leaf, against the blocking one (as `sequential`
//!    of one page gives it);
//! 2. `all_at_once`, against `thread_per_request`: the same summaries, all
//!    fetches begun at once, ready when the slowest page is;
//! 3. `at_most(urls, k)`, against `pool`: the same summaries, never more
//!    than `k` fetches under way, and no slower than the pool, whose free
//!    worker takes the next page at once. A port that waits for the first
//!    page in line before it starts another (`buffered`) is slower when an
//!    early page is slow, and the message shows where, beside the pool.
//!
//! A step still `todo!()` after the ones before it pass is said so, with
//! those steps passed: the exercise is done one step at a time.

use super::fan_out::with_pages;
use crate::judge::{
    Checked, Judge, Returned, attempt, check_nothing_after, judge, late_wait, lowercase_first,
    most_at_once, ms, quoted, run_async, run_blocking, wrong, wrong_beside,
};
use crate::verdict::{Failure, Verdict};
use std::num::NonZeroUsize;
use threeways_blocking::chapters::fan_out;
use threeways_model::{Error, Scenario};
use threeways_world::Mode;

/// A list of pages, and how many at a time.
struct Case {
    when: &'static str,
    pages: Vec<(&'static str, u64)>,
    k: usize,
}

impl Case {
    fn scenario(&self) -> Scenario {
        with_pages(&self.pages)
    }

    fn has_failure(&self) -> bool {
        self.pages.iter().any(|(topic, _)| *topic == "markets")
    }

    fn k(&self) -> NonZeroUsize {
        NonZeroUsize::new(self.k).expect("a case takes at least one page at a time")
    }
}

/// The fan-out chapter's pages, with news slow enough to hold up a
/// `buffered` port; others, with an error; and the edges.
fn cases() -> Vec<Case> {
    let chapter = vec![
        ("news", 120),
        ("weather", 40),
        ("sports", 200),
        ("travel", 60),
        ("science", 90),
    ];
    vec![
        Case {
            when: "With the fan-out chapter's pages, two at a time",
            pages: chapter.clone(),
            k: 2,
        },
        // Times with no step in common with the first case's.
        Case {
            when: "With other pages, three at a time",
            pages: vec![
                ("science", 97),
                ("arts", 53),
                ("health", 131),
                ("books", 29),
                ("travel", 71),
            ],
            k: 3,
        },
        Case {
            when: "With one page that fails, two at a time",
            pages: vec![("arts", 50), ("markets", 30), ("health", 90), ("books", 20)],
            k: 2,
        },
        Case {
            when: "With the same pages, one at a time",
            pages: chapter,
            k: 1,
        },
        Case {
            when: "With no pages",
            pages: vec![],
            k: 2,
        },
    ]
}

/// `Ok(news: 78 bytes, weather: 32 bytes)`, or the error.
fn said(result: &Result<Vec<String>, Error>) -> String {
    match result {
        Ok(lines) if lines.is_empty() => "an empty list".to_owned(),
        Ok(lines) => {
            let quoted: Vec<String> = lines.iter().map(|line| quoted(line)).collect();
            quoted.join(", ")
        }
        Err(error) => format!("the error {}", quoted(&error.to_string())),
    }
}

/// What a step's `todo!()` becomes once the steps before it pass: a
/// failure that says which step is next.
fn next_step(failure: Failure, step: &str) -> Failure {
    match failure {
        Failure::NotStarted => Failure::wrong(
            format!("{step} is still `todo!()`: it is the next one to write."),
            None,
        ),
        other => other,
    }
}

/// Judges `port-pool`: step 1 `fetch_summary(url)`, step 2
/// `all_at_once(&urls)`, step 3 `at_most(&urls, k)`.
pub fn port_pool(
    step_1: impl AsyncFn(&str) -> Result<String, Error>,
    step_2: impl AsyncFn(&[String]) -> Result<Vec<String>, Error>,
    step_3: impl AsyncFn(&[String], NonZeroUsize) -> Result<Vec<String>, Error>,
) -> Verdict {
    judge(|judge| {
        // Step 1: a `todo!()` here is the exercise not started.
        let first = &cases()[0];
        let scenario = first.scenario();
        // Each later step may build on it: a step 1 that fails stops here.
        for url in scenario.urls().iter().take(2) {
            let one = std::slice::from_ref(url);
            let want = run_blocking(&Mode::Simulated, &scenario, || fan_out::sequential(one));
            let got = attempt("In step 1", |mode| {
                run_async(mode, &scenario, || step_1(url))
            })?;
            check_summary(url, &got, &want)?;
        }
        judge.pass(
            "Step 1: `fetch_summary` gives the blocking summary, in the page's time.".to_owned(),
        );
        // Step 2: every page at once, as a thread per request does. (Not
        // with a page that fails: the threads' join returns its error
        // before the slower pages are in, which `join_all` does not.)
        let all = cases();
        for case in all.iter().filter(|case| case.k == 2 && !case.has_failure()) {
            judge.case(|judge| {
                let (scenario, urls) = (case.scenario(), case.scenario().urls());
                let want = run_blocking(&Mode::Simulated, &scenario, || {
                    fan_out::thread_per_request(&urls)
                });
                let got = attempt(case.when, |mode| {
                    run_async(mode, &scenario, || step_2(&urls))
                })
                .map_err(|failure| next_step(failure, "Step 2, `all_at_once`,"))?;
                check_all_at_once(judge, case, &got, &want)
            })?;
        }
        // Step 3: at most `k` at a time, as the pool does, and no slower.
        for case in cases() {
            judge.case(|judge| {
                let (scenario, urls, k) = (case.scenario(), case.scenario().urls(), case.k());
                let want = run_blocking(&Mode::Simulated, &scenario, || fan_out::pool(&urls, k));
                let got = attempt(case.when, |mode| {
                    run_async(mode, &scenario, || step_3(&urls, k))
                })
                .map_err(|failure| next_step(failure, "Step 3, `at_most`,"))?;
                check_at_most(judge, &case, &got, &want)
            })?;
        }
        Ok(())
    })
}

fn check_summary(
    url: &str,
    got: &Returned<Result<String, Error>>,
    want: &Returned<Result<Vec<String>, Error>>,
) -> Checked {
    let run = &got.run;
    let (want_result, want_at) = want.reference();
    let want_result = want_result.clone().map(|mut lines| lines.remove(0));
    let when = format!("In step 1, with {url}");
    let (result, at) = got.got(&when, "`fetch_summary`")?;
    if *result != want_result {
        let show = |result: &Result<String, Error>| match result {
            Ok(line) => quoted(line),
            Err(error) => format!("the error {}", quoted(&error.to_string())),
        };
        return Err(wrong(
            format!(
                "{when}, `fetch_summary` returned {}; the blocking one returns {}. The body \
                 is the blocking one's, with `.await` after the fetch.",
                show(result),
                show(&want_result)
            ),
            run,
        ));
    }
    if at != want_at {
        return Err(wrong(
            format!(
                "{when}, `fetch_summary` returned at {}; it should at {}, when the page is in.",
                ms(*at),
                ms(*want_at)
            ),
            run,
        ));
    }
    Ok(())
}

/// The name of the reference in messages and in the side-by-side view.
const THREADS: &str = "the thread-per-request program";
const POOL: &str = "the pool";

fn check_all_at_once(
    judge: &mut Judge,
    case: &Case,
    got: &Returned<Result<Vec<String>, Error>>,
    want: &Returned<Result<Vec<String>, Error>>,
) -> Checked {
    let when = format!("In step 2, {}", lowercase_first(case.when));
    let (run, reference) = (&got.run, &want.run);
    let (want_result, want_at) = want.reference();
    let (result, at) = got.got(&when, "`all_at_once`")?;
    if result != want_result {
        return Err(wrong(
            format!(
                "{when}, `all_at_once` returned {}; the blocking version returns {}.",
                said(result),
                said(want_result)
            ),
            run,
        ));
    }
    if let Some(late) = late_wait(&run.trace, &reference.trace) {
        let (at_once, _) = most_at_once(&run.trace);
        let how = if at_once == 1 {
            " The pages were fetched one after another: each `.await` in the loop waits for its \
             page before the next fetch is even made."
        } else {
            ""
        };
        return Err(wrong_beside(
            format!(
                "{when}, `all_at_once` returned at {}; {THREADS} is done at {}. {}{how} Start \
                 every fetch before waiting for any: `join_all`, or a task each.",
                ms(*at),
                ms(*want_at),
                late.sentence(THREADS)
            ),
            run,
            reference,
            THREADS,
        ));
    }
    if at != want_at {
        return Err(wrong_beside(
            format!(
                "{when}, `all_at_once` returned at {}; {THREADS} is done at {}, when the slowest \
                 page is in.",
                ms(*at),
                ms(*want_at)
            ),
            run,
            reference,
            THREADS,
        ));
    }
    check_nothing_after(
        &when,
        run,
        *at,
        &format!("`all_at_once` returned at {}", ms(*at)),
        "Await every task you spawn.",
    )?;
    judge.pass(if case.pages.is_empty() {
        format!("{when}, `all_at_once` returns an empty list, at once.")
    } else {
        format!(
            "{when}, `all_at_once` returns what the threads return, at {}: every fetch at once.",
            ms(*at)
        )
    });
    Ok(())
}

fn check_at_most(
    judge: &mut Judge,
    case: &Case,
    got: &Returned<Result<Vec<String>, Error>>,
    want: &Returned<Result<Vec<String>, Error>>,
) -> Checked {
    let when = format!("In step 3, {}", lowercase_first(case.when));
    let (run, reference) = (&got.run, &want.run);
    let (want_result, want_at) = want.reference();
    let (result, at) = got.got(&when, "`at_most`")?;
    if result != want_result {
        let mut message = format!(
            "{when}, `at_most` returned {}; the pool returns {}.",
            said(result),
            said(want_result)
        );
        if let (Ok(lines), Ok(want_lines)) = (result, want_result) {
            let (mut sorted, mut want_sorted) = (lines.clone(), want_lines.clone());
            sorted.sort();
            want_sorted.sort();
            if sorted == want_sorted {
                message.push_str(
                    " The same summaries, in the order they came back: put them back in the \
                     order of `urls`, as the pool does by each page's index.",
                );
            }
        }
        return Err(wrong(message, run));
    }
    let (at_once, since) = most_at_once(&run.trace);
    if at_once > case.k {
        return Err(wrong(
            format!(
                "{when}, `at_most` had {at_once} fetches under way at once (from {}); no more \
                 than {} may be.",
                ms(since),
                case.k
            ),
            run,
        ));
    }
    if at > want_at {
        let mut message = format!(
            "{when}, `at_most` returned at {}; the pool is done at {}.",
            ms(*at),
            ms(*want_at)
        );
        if let Some(late) = late_wait(&run.trace, &reference.trace) {
            message.push(' ');
            message.push_str(&late.sentence(POOL));
        }
        message.push_str(
            " A free worker of the pool takes the next page as soon as it is done with one. \
             `buffered(k)` does not: it hands results over in order, and a result waiting for \
             its turn still holds one of the `k` places. Take the next page as soon as any \
             fetch is done (`buffer_unordered(k)`), and put the results back in order after.",
        );
        return Err(wrong_beside(message, run, reference, POOL));
    }
    check_nothing_after(
        &when,
        run,
        *at,
        &format!("`at_most` returned at {}", ms(*at)),
        "",
    )?;
    judge.pass(format!(
        "{when}, `at_most` returns what the pool returns, at {}, with at most {} fetches under \
         way.",
        ms(*at),
        case.k
    ));
    Ok(())
}
