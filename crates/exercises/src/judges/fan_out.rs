//! Judges for the `fan-out` chapter: the status board, every page fetched
//! at once.
//!
//! The scenario is the chapter's five pages, with `markets` answering 404.
//! The blocking board, a thread per page, is ready when the slowest page
//! is; an answer that fetches the pages one after another gets the same
//! board, in the time of all the pages together, and fails on that time,
//! naming the first fetch that waited for another.

use super::Style;
use crate::blocking;
use crate::judge::{Checked, Fetch, Judge, and_list, attempt, fetches, judge, ms, wrong};
use crate::verdict::Verdict;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_core::{Fault, Page, Run, Scenario, page_name};

/// The continuation of the callback status board (`fan-out-callbacks`):
/// it gets the board's lines.
pub type OnBoard = Box<dyn FnOnce(&mut EventLoop, Vec<String>)>;

/// The chapter's pages, and how long each takes.
const PAGES: [(&str, u64); 5] = [
    ("news", 120),
    ("weather", 40),
    ("sports", 200),
    ("markets", 80),
    ("travel", 60),
];

/// The page that answers 404.
const MISSING: &str = "markets";

struct Case {
    when: &'static str,
    scenario: Scenario,
}

fn cases() -> Vec<Case> {
    let pages = PAGES
        .iter()
        .map(|(topic, millis)| {
            let body = format!("today's {topic}\n").repeat(*millis as usize / 20);
            let page = Page::new(format!("http://example.com/{topic}"), body, *millis);
            if *topic == MISSING {
                page.failing(Fault::Status(404))
            } else {
                page
            }
        })
        .collect();
    vec![
        Case {
            when: "With five pages, one of them missing",
            scenario: Scenario {
                pages,
                ..Scenario::default()
            },
        },
        Case {
            when: "With no pages",
            scenario: Scenario::default(),
        },
    ]
}

/// What one run of a board gave.
struct Board {
    /// The lines, and when they were handed back; `None` if `done` was
    /// never called.
    lines: Option<(Vec<String>, Duration)>,
    run: Run,
}

fn run_blocking(scenario: &Scenario) -> Board {
    let urls = scenario.urls();
    let run = threeways_blocking::run_program(scenario, || Ok(blocking::status_board(&urls)));
    let lines = run.outcome.result.clone().unwrap_or_default();
    Board {
        lines: Some((lines, run.trace.total)),
        run,
    }
}

fn run_callbacks(
    scenario: &Scenario,
    answer: &impl Fn(&mut EventLoop, Vec<String>, OnBoard),
) -> Board {
    let board = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&board);
    let urls = scenario.urls();
    let run = threeways_callbacks::run_program(scenario, move |lp, finish| {
        answer(
            lp,
            urls,
            Box::new(move |lp, lines| {
                lp.note(format!("done with {} lines", lines.len()));
                *slot.borrow_mut() = Some((lines.clone(), lp.now()));
                finish(lp, Ok(lines));
            }),
        );
    });
    let lines = board.borrow_mut().take();
    Board { lines, run }
}

fn run_async(scenario: &Scenario, answer: &impl AsyncFn(&[String]) -> Vec<String>) -> Board {
    let board = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&board);
    let urls = scenario.urls();
    let run = threeways_async::run_program(scenario, move || async move {
        let lines = answer(&urls).await;
        threeways_async::trace::note(format!("returned {} lines", lines.len()));
        *slot.borrow_mut() = Some((lines.clone(), threeways_async::time::now()));
        Ok(lines)
    });
    let lines = board.borrow_mut().take();
    Board { lines, run }
}

/// Judges `fan-out-callbacks`: `status_board(lp, urls, done)`.
pub fn fan_out_callbacks(answer: impl Fn(&mut EventLoop, Vec<String>, OnBoard)) -> Verdict {
    judge(|judge| {
        for case in cases() {
            let want = run_blocking(&case.scenario);
            let got = attempt(case.when, || run_callbacks(&case.scenario, &answer))?;
            check_board(judge, Style::Callbacks, &case, &got, &want)?;
        }
        Ok(())
    })
}

/// Judges `fan-out-async`: `status_board(&urls).await`.
pub fn fan_out_async(answer: impl AsyncFn(&[String]) -> Vec<String>) -> Verdict {
    judge(|judge| {
        for case in cases() {
            let want = run_blocking(&case.scenario);
            let got = attempt(case.when, || run_async(&case.scenario, &answer))?;
            check_board(judge, Style::Async, &case, &got, &want)?;
        }
        Ok(())
    })
}

/// Judges `bug-sequential-awaits`: the same board as `fan-out-async`, from
/// code that looks concurrent.
pub fn bug_sequential_awaits(answer: impl AsyncFn(&[String]) -> Vec<String>) -> Verdict {
    fan_out_async(answer)
}

fn check_board(judge: &mut Judge, style: Style, case: &Case, got: &Board, want: &Board) -> Checked {
    let when = case.when;
    let run = &got.run;
    let Some((want_lines, want_at)) = &want.lines else {
        unreachable!("the blocking board always returns");
    };
    let Some((lines, at)) = &got.lines else {
        let message = if want_lines.is_empty() {
            format!(
                "{when}, `done` was never called: no fetch will ever come back to call it. When \
                 there is nothing to fetch, call `done` at once, with an empty board."
            )
        } else {
            format!(
                "{when}, `done` was never called: the board never finished. Count every page \
                 that comes back, the missing one too, and call `done` when the last one is in."
            )
        };
        return Err(wrong(message, run));
    };
    if lines != want_lines {
        return Err(wrong(board_mismatch(when, lines, want_lines), run));
    }
    check_each_page_fetched_once(when, run, &want.run)?;
    check_overlap(when, style, run, &want.run)?;
    if style == Style::Callbacks && at != want_at {
        return Err(wrong(
            format!(
                "{when}, `done` was called at {}; it should be called when the last page comes \
                 back, at {}.",
                ms(*at),
                ms(*want_at)
            ),
            run,
        ));
    }
    judge.pass(if want_lines.is_empty() {
        format!("{when}, the board is empty, at once.")
    } else {
        format!(
            "{when}, the board lists every page in the order asked for, failures included, \
             and it is ready at {}: the fetches overlap, as the threads of the blocking \
             version do.",
            ms(*at)
        )
    });
    Ok(())
}

/// The page a board line is about: `news` for `news: 36 bytes`.
fn topic(line: &str) -> &str {
    line.split(':').next().unwrap_or(line)
}

fn topics(lines: &[String]) -> String {
    let names: Vec<&str> = lines.iter().map(|line| topic(line)).collect();
    and_list(&names)
}

/// What is wrong with a board that differs from the blocking one.
fn board_mismatch(when: &str, lines: &[String], want: &[String]) -> String {
    let mut sorted = lines.to_vec();
    let mut want_sorted = want.to_vec();
    sorted.sort();
    want_sorted.sort();
    if sorted == want_sorted {
        return format!(
            "{when}, your board lists the pages in the order they came back ({}); list them in \
             the order asked for ({}): remember each page's place, and fill it in when the page \
             comes back.",
            topics(lines),
            topics(want)
        );
    }
    if lines.len() < want.len() && lines.iter().all(|line| want.contains(line)) {
        let missing: Vec<String> = want
            .iter()
            .filter(|line| !lines.contains(line))
            .cloned()
            .collect();
        let example = want
            .iter()
            .find(|line| line.contains("error:"))
            .map(|line| format!(": a page that fails gets a line such as “{line}”"))
            .unwrap_or_default();
        let verb = if missing.len() == 1 { "is" } else { "are" };
        return format!(
            "{when}, your board has {} of the {} lines: {} {verb} missing. List every page, \
             failures included{example}.",
            lines.len(),
            want.len(),
            topics(&missing)
        );
    }
    match lines.iter().zip(want).position(|(line, want)| line != want) {
        Some(i) => format!(
            "{when}, line {} of your board says “{}”; it should say “{}”: \
             `describe_page(url, body)` writes a page's line.",
            i + 1,
            lines[i],
            want[i]
        ),
        None => format!(
            "{when}, your board has {} lines; it should have {}, one per page.",
            lines.len(),
            want.len()
        ),
    }
}

/// Fails unless the answer fetched the pages the blocking board fetches,
/// each once: a board of the right lines from twice the work is not right.
fn check_each_page_fetched_once(when: &str, run: &Run, want: &Run) -> Checked {
    let pages = |run: &Run| {
        let mut names: Vec<String> = fetches(&run.trace)
            .iter()
            .map(|fetch| page_name(&fetch.url).to_owned())
            .collect();
        names.sort();
        names
    };
    let (fetched, to_fetch) = (pages(run), pages(want));
    if fetched == to_fetch {
        return Ok(());
    }
    Err(wrong(
        format!(
            "{when}, your board fetched {}; it should fetch each page once: {}.",
            and_list(&fetched),
            and_list(&to_fetch)
        ),
        run,
    ))
}

/// Fails unless every fetch began at once and the board was ready when the
/// slowest page was.
fn check_overlap(when: &str, style: Style, run: &Run, want: &Run) -> Checked {
    let (total, want_total) = (run.trace.total, want.trace.total);
    let fetched = fetches(&run.trace);
    let late: Vec<&Fetch> = fetched
        .iter()
        .filter(|fetch| fetch.start > Duration::ZERO)
        .collect();
    if total <= want_total && late.is_empty() {
        return Ok(());
    }
    let mut message = String::new();
    if total > want_total {
        let slowest = fetches(&want.trace)
            .into_iter()
            .max_by_key(|fetch| fetch.end)
            .map(|fetch| format!(", the time of the slowest page ({})", page_name(&fetch.url)))
            .unwrap_or_default();
        message = format!(
            "{when}, your board took {} of virtual time; a concurrent version takes {}{slowest}. ",
            ms(total),
            ms(want_total)
        );
    }
    if let Some(first_late) = late.first() {
        let after = fetched
            .iter()
            .find(|fetch| fetch.end == first_late.start)
            .map(|fetch| format!(", when {} had come back", page_name(&fetch.url)))
            .unwrap_or_default();
        let how = if late.len() + 1 == fetched.len() {
            "the pages were fetched one after another"
        } else {
            "start every fetch at once, before any has come back"
        };
        if message.is_empty() {
            message = format!("{when}, the ");
        } else {
            message.push_str("The ");
        }
        message.push_str(&format!(
            "fetch of {} began at {}{after}: {how}. ",
            page_name(&first_late.url),
            ms(first_late.start)
        ));
        message.push_str(match style {
            Style::Async => {
                "A future does nothing until it is polled: making all the futures first does \
                 not start them, and awaiting them one by one runs them one by one, as does \
                 awaiting each spawned task before spawning the next. Start them all, then wait \
                 for all: `join_all`, or spawn every task before awaiting any."
            }
            Style::Callbacks => {
                "Start every fetch before any has come back; each continuation only fills in its \
                 page's line, and the last one calls `done`."
            }
        });
    }
    Err(wrong(message.trim_end().to_owned(), run))
}
