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
use crate::judge::{
    BLOCKING, Checked, Fetch, Judge, and_list, attempt, check_nothing_after, count, fetches, judge,
    ms, quoted, wrong, wrong_beside,
};
use crate::registry::Kind;
use crate::verdict::Verdict;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_model::{Fault, Page, Run, Scenario, page_name};
use threeways_world::Mode;

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

/// Other pages, with other latencies and another count, so that no
/// constant fits both lists: a board ready after a fixed 200 ms, or after
/// five pages, is ready at the wrong time here, or never; one ready after
/// 173 ms is missing `sports` above. The latencies have no step in common
/// with the first list's (all multiples of 10 ms), so an answer that looks
/// every 10 ms is seen to be late.
const OTHER_PAGES: [(&str, u64); 4] = [
    ("science", 97),
    ("arts", 173),
    ("health", 31),
    ("books", 113),
];

/// A list that names a page twice: a board has a line for each.
const TWICE: [(&str, u64); 3] = [("news", 120), ("weather", 40), ("news", 120)];

struct Case {
    when: &'static str,
    scenario: Scenario,
}

fn page(topic: &str, millis: u64) -> Page {
    let body = format!("today's {topic}\n").repeat(millis as usize / 20);
    let page = Page::new(format!("http://example.com/{topic}"), body, millis);
    if topic == MISSING {
        page.failing(Fault::Status(404))
    } else {
        page
    }
}

/// The pages `http://example.com/<topic>`, each taking its latency to
/// come, `markets` answering 404: the lists of the judges that fetch many
/// pages (here, `failures`, `porting`).
pub(crate) fn with_pages(pages: &[(&str, u64)]) -> Scenario {
    Scenario {
        pages: pages
            .iter()
            .map(|(topic, millis)| page(topic, *millis))
            .collect(),
        ..Scenario::default()
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            when: "With five pages, one of them missing",
            scenario: with_pages(&PAGES),
        },
        Case {
            when: "With four other pages, at other speeds",
            scenario: with_pages(&OTHER_PAGES),
        },
        Case {
            when: "With a list that names the same page twice",
            scenario: with_pages(&TWICE),
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

impl crate::judge::OneRun for Board {
    fn run(&self) -> &Run {
        &self.run
    }
}

fn run_blocking(mode: &Mode, scenario: &Scenario) -> Board {
    let urls = scenario.urls();
    let run = threeways_blocking::run_program(mode, scenario, || Ok(blocking::status_board(&urls)));
    let lines = run.outcome.result.clone().unwrap_or_default();
    Board {
        lines: Some((lines, run.trace.total)),
        run,
    }
}

fn run_callbacks(
    mode: &Mode,
    scenario: &Scenario,
    answer: &impl Fn(&mut EventLoop, Vec<String>, OnBoard),
) -> Board {
    let board = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&board);
    let urls = scenario.urls();
    let run = threeways_callbacks::run_program(mode, scenario, move |lp, finish| {
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

fn run_async(
    mode: &Mode,
    scenario: &Scenario,
    answer: &impl AsyncFn(&[String]) -> Vec<String>,
) -> Board {
    let board = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&board);
    let urls = scenario.urls();
    let run = threeways_async::run_program(mode, scenario, move || async move {
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
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &case.scenario);
                let got = attempt(case.when, |mode| {
                    run_callbacks(mode, &case.scenario, &answer)
                })?;
                check_board(judge, Kind::Convert, Style::Callbacks, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Judges `fan-out-async`: `status_board(&urls).await`.
pub fn fan_out_async(answer: impl AsyncFn(&[String]) -> Vec<String>) -> Verdict {
    judge_async(Kind::Convert, answer)
}

/// Judges `bug-sequential-awaits`: the same board as `fan-out-async`, from
/// code that looks concurrent.
pub fn bug_sequential_awaits(answer: impl AsyncFn(&[String]) -> Vec<String>) -> Verdict {
    judge_async(Kind::FindTheBug, answer)
}

fn judge_async(kind: Kind, answer: impl AsyncFn(&[String]) -> Vec<String>) -> Verdict {
    judge(|judge| {
        for case in cases() {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &case.scenario);
                let got = attempt(case.when, |mode| run_async(mode, &case.scenario, &answer))?;
                check_board(judge, kind, Style::Async, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_board(
    judge: &mut Judge,
    kind: Kind,
    style: Style,
    case: &Case,
    got: &Board,
    want: &Board,
) -> Checked {
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
        return Err(wrong(
            board_mismatch(when, lines, want_lines, *at, run),
            run,
        ));
    }
    check_fetched(when, run, &case.scenario)?;
    check_overlap(when, kind, style, run, &want.run)?;
    check_ready(when, style, *at, *want_at, run, &want.run)?;
    let over = match style {
        Style::Callbacks => format!("`done` was called at {}", ms(*at)),
        Style::Async => format!("your board was returned at {}", ms(*at)),
    };
    check_nothing_after(
        when,
        run,
        *at,
        &over,
        "Whatever the board starts must be over when the board is: await every task you \
         spawn, or do without tasks (`join_all`).",
    )?;
    judge.pass(if want_lines.is_empty() {
        format!("{when}, the board is empty, at once.")
    } else {
        let failures = if want_lines.iter().any(|line| line.contains("error:")) {
            ", failures included"
        } else {
            ""
        };
        format!(
            "{when}, the board lists every page in the order asked for{failures}, and it is \
             ready at {}, when the slowest page comes back: the fetches overlap, as the \
             threads of the blocking version do.",
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

/// What is wrong with a board that differs from the blocking one: first
/// how many lines it has, then which, then in what order.
fn board_mismatch(
    when: &str,
    lines: &[String],
    want: &[String],
    at: Duration,
    run: &Run,
) -> String {
    if lines.len() != want.len() {
        return line_count_mismatch(when, lines, want, at, run);
    }
    let mut sorted = lines.to_vec();
    let mut want_sorted = want.to_vec();
    sorted.sort();
    want_sorted.sort();
    if sorted == want_sorted {
        let order = topics(lines);
        let arrived: Vec<String> = arrival_order(run);
        let seen = if arrived == topic_list(lines) {
            format!("in the order they came back ({order})")
        } else if topic_list(lines).is_sorted() {
            format!("in alphabetical order ({order})")
        } else {
            format!("in this order: {order}")
        };
        return format!(
            "{when}, your board lists the pages {seen}; list them in the order asked for \
             ({}): remember each page's place in the list, and fill it in when the page comes \
             back.",
            topics(want)
        );
    }
    let i = lines
        .iter()
        .zip(want)
        .position(|(line, want)| line != want)
        .expect("the boards differ");
    format!(
        "{when}, line {} of your board says {}; it should say {}: `describe_page(url, body)` \
         writes a page's line.",
        i + 1,
        quoted(&lines[i]),
        quoted(&want[i])
    )
}

fn topic_list(lines: &[String]) -> Vec<String> {
    lines.iter().map(|line| topic(line).to_owned()).collect()
}

/// The pages of `run`, in the order their fetches ended.
fn arrival_order(run: &Run) -> Vec<String> {
    let mut fetched = fetches(&run.trace);
    fetched.sort_by_key(|fetch| fetch.end); // stable: ties in the order begun
    fetched
        .iter()
        .map(|fetch| page_name(&fetch.url).to_owned())
        .collect()
}

/// A board with too few or too many lines: the count first, then which.
fn line_count_mismatch(
    when: &str,
    lines: &[String],
    want: &[String],
    at: Duration,
    run: &Run,
) -> String {
    let mut message = format!(
        "{when}, your board has {}; it should have {}, one for each address in the list ({}).",
        count(lines.len(), "line", "lines"),
        want.len(),
        topics(want)
    );
    let mut left: Vec<&String> = want.iter().collect();
    let mut extra: Vec<&String> = Vec::new();
    for line in lines {
        match left.iter().position(|want| *want == line) {
            Some(i) => {
                left.remove(i);
            }
            None => extra.push(line),
        }
    }
    if extra.is_empty() && !left.is_empty() {
        let missing: Vec<String> = left.iter().map(|line| (*line).clone()).collect();
        let (lines_for, verb) = if missing.len() == 1 {
            ("line", "is")
        } else {
            ("lines", "are")
        };
        message.push_str(&format!(
            " The {lines_for} for {} {verb} missing",
            topics(&missing)
        ));
        let twice = missing
            .iter()
            .map(|line| topic(line))
            .find(|name| lines.iter().any(|line| topic(line) == *name));
        // A page that came back only when the board was already handed over.
        let too_late = fetches(&run.trace)
            .into_iter()
            .filter(|fetch| fetch.end >= at)
            .find(|fetch| {
                missing
                    .iter()
                    .any(|line| topic(line) == page_name(&fetch.url))
            });
        let failed = missing.iter().find(|line| line.contains("error:"));
        if let Some(name) = twice {
            message.push_str(&format!(
                ": {name} is in the list twice, and your board has one line for it. A page's \
                 place is its position in the list, not its address"
            ));
        } else if let Some(failed) = failed {
            message.push_str(&format!(
                ". List every page, failures included: a page that fails gets a line such as {}",
                quoted(failed)
            ));
        } else if let Some(fetch) = too_late {
            message.push_str(&format!(
                ": the board was ready at {}, and {} came back at {}, too late for it. The \
                 board is ready when every page is in, however long that takes",
                ms(at),
                page_name(&fetch.url),
                ms(fetch.end)
            ));
        }
        message.push('.');
    } else if let [one] = lines {
        message.push_str(&format!(" Its one line is {}.", quoted(one)));
    } else if !extra.is_empty() {
        let shown: Vec<String> = extra.iter().map(|line| quoted(line)).collect();
        message.push_str(&format!(" It also has {}.", and_list(&shown)));
    }
    message
}

/// Fails unless the answer fetched every address in the list, and none more
/// often than it is listed: a board of the right lines from twice the work
/// is not right. (An address listed twice may be fetched once.)
fn check_fetched(when: &str, run: &Run, scenario: &Scenario) -> Checked {
    let listed = scenario.urls();
    let fetched: Vec<String> = fetches(&run.trace).into_iter().map(|f| f.url).collect();
    let times = |urls: &[String], url: &String| urls.iter().filter(|u| *u == url).count();
    let all_fetched = listed.iter().all(|url| fetched.contains(url));
    let none_too_often = fetched
        .iter()
        .all(|url| times(&fetched, url) <= times(&listed, url));
    if all_fetched && none_too_often {
        return Ok(());
    }
    let names = |urls: &[String]| -> String {
        let mut names: Vec<&str> = urls.iter().map(|url| page_name(url)).collect();
        names.sort_unstable();
        and_list(&names)
    };
    Err(wrong(
        format!(
            "{when}, your board fetched {}; it should fetch each page in the list once: {}.",
            names(&fetched),
            names(&listed)
        ),
        run,
    ))
}

/// Fails if a fetch began after another had come back: the pages took
/// turns, where they should all wait at once.
fn check_overlap(when: &str, kind: Kind, style: Style, run: &Run, want: &Run) -> Checked {
    let (total, want_total) = (run.trace.total, want.trace.total);
    let fetched = fetches(&run.trace);
    let late: Vec<&Fetch> = fetched
        .iter()
        .filter(|fetch| fetch.start > Duration::ZERO)
        .collect();
    let Some(first_late) = late.first() else {
        return Ok(());
    };
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
    let after = fetched
        .iter()
        .find(|fetch| fetch.end == first_late.start)
        .map(|fetch| format!(", when {} had come back", page_name(&fetch.url)))
        .unwrap_or_default();
    let how = if late.len() + 1 == fetched.len() {
        "the pages were fetched one after another"
    } else {
        "some fetches waited for others"
    };
    if message.is_empty() {
        message = format!("{when}, the ");
    } else {
        message.push_str("The ");
    }
    message.push_str(&format!(
        "fetch of {} began at {}{after}: {how}.",
        page_name(&first_late.url),
        ms(first_late.start)
    ));
    // A find-the-bug message stops at the symptom; the hint has the fix.
    let fix = match (kind, style) {
        (Kind::FindTheBug, _) => "",
        (Kind::Convert | Kind::Finish | Kind::Predict, Style::Async) => {
            " A future does nothing until it is polled: making all the futures first does not \
             start them, and awaiting them one by one runs them one by one, as does awaiting \
             each spawned task before spawning the next. Start them all, then wait for all: \
             `join_all`, or spawn every task before awaiting any."
        }
        (Kind::Convert | Kind::Finish | Kind::Predict, Style::Callbacks) => {
            " Start every fetch before any has come back; each continuation only fills in its \
             page's line, and the last one calls `done`."
        }
    };
    message.push_str(fix);
    Err(wrong_beside(message, run, want, BLOCKING))
}

/// Fails unless the board was ready when its last page came back: not
/// later, after a fixed wait, and not earlier, before every page was in.
fn check_ready(
    when: &str,
    style: Style,
    at: Duration,
    want_at: Duration,
    run: &Run,
    want: &Run,
) -> Checked {
    if at == want_at {
        return Ok(());
    }
    let came_back_then = fetches(&run.trace).iter().any(|fetch| fetch.end == at);
    let message = match style {
        Style::Callbacks if !came_back_then && !want_at.is_zero() => format!(
            "{when}, `done` was called at {}, when no page came back; the last page came back \
             at {}. Call `done` from the continuation of the last page to come back: a timer \
             cannot know when that is.",
            ms(at),
            ms(want_at)
        ),
        Style::Callbacks => format!(
            "{when}, `done` was called at {}; it should be called when the last page comes \
             back, at {}.",
            ms(at),
            ms(want_at)
        ),
        Style::Async if at > want_at => format!(
            "{when}, your board was returned at {}, {} after the last page came back (at {}): \
             it waited for something other than the fetches. Wait for the fetches themselves \
             (`join_all`, or each spawned task), not for a fixed time.",
            ms(at),
            ms(at - want_at),
            ms(want_at)
        ),
        Style::Async => format!(
            "{when}, your board was returned at {}; it should be returned when the last page \
             comes back, at {}.",
            ms(at),
            ms(want_at)
        ),
    };
    Err(wrong_beside(message, run, want, BLOCKING))
}
