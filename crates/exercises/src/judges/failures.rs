//! Judges for the `failures` chapter: what a cancelled future leaves
//! behind, and what it loses.
//!
//! - `bug-timeout-leaves-file`: a book saved chapter by chapter, under a
//!   time limit. A timeout drops the future at its `.await`; what was done
//!   before stays done, so a book saved as it arrives leaves half a book
//!   behind. The expected outcome is computed from the scenario: a blocking
//!   program cannot be cancelled in the middle of a wait, so it cannot be
//!   the reference here.
//! - `bug-select-loses-data`: pages fetched in turn while a heartbeat
//!   ticks, in `select!`. A branch that loses is dropped where it waits; if
//!   it had already taken a page off the queue, that page is lost. The
//!   board must equal the blocking one, each page fetched once, and no
//!   stretch of `every` may pass without a heartbeat or a page.

use super::fan_out::with_pages;
use crate::blocking;
use crate::judge::{
    BLOCKING, Checked, Judge, Returned, and_list, attempt, check_nothing_after, count, fetches,
    judge, ms, quoted, run_async, run_blocking, wrong, wrong_beside,
};
use crate::verdict::Verdict;
use std::collections::BTreeMap;
use std::time::Duration;
use threeways_model::trace::Event;
use threeways_model::{Error, Fault, Page, Run, Scenario, file_name_for, page_name};
use threeways_world::Mode;

/// The book's index: its body lists the chapters' addresses.
const BOOK: &str = "http://example.com/book.txt";

/// One run of `save_book`: the index's latency, each chapter's, and the
/// limit.
struct Book {
    when: &'static str,
    index: u64,
    chapters: Vec<(u64, bool)>,
    limit: u64,
}

impl Book {
    fn chapter_url(i: usize) -> String {
        format!("http://example.com/book/chapter-{}.txt", i + 1)
    }

    fn body(i: usize) -> String {
        format!("Chapter {}. It was a dark and stormy night.\n", i + 1)
    }

    fn scenario(&self) -> Scenario {
        let index: String = (0..self.chapters.len())
            .map(|i| Book::chapter_url(i) + "\n")
            .collect();
        let mut pages = vec![Page::new(BOOK, index, self.index)];
        for (i, (millis, missing)) in self.chapters.iter().enumerate() {
            let page = Page::new(Book::chapter_url(i), Book::body(i), *millis);
            pages.push(if *missing {
                page.failing(Fault::Status(404))
            } else {
                page
            });
        }
        Scenario {
            pages,
            disk_latency: Duration::from_millis(5),
            ..Scenario::default()
        }
    }

    /// What `save_book` should give: the book, if every chapter is in
    /// within the limit however they are fetched (one after another or at
    /// once: the cases leave no room between the two); else the timeout;
    /// or the first missing chapter's error.
    fn expected(&self) -> (Result<String, Error>, BTreeMap<String, Vec<u8>>) {
        let limit = Duration::from_millis(self.limit);
        let all_in_turn: u64 = self.index + self.chapters.iter().map(|(m, _)| m).sum::<u64>();
        let slowest = self.index + self.chapters.iter().map(|(m, _)| *m).max().unwrap_or(0);
        assert!(
            self.limit >= all_in_turn || self.limit < slowest,
            "{}: a limit between {slowest} and {all_in_turn} ms depends on the answer",
            self.when
        );
        if let Some(i) = self.chapters.iter().position(|(_, missing)| *missing) {
            let error = Error::Status {
                url: Book::chapter_url(i),
                code: 404,
            };
            return (Err(error), BTreeMap::new());
        }
        if self.limit < slowest {
            let error = Error::TimedOut {
                url: BOOK.to_owned(),
                after: limit,
            };
            return (Err(error), BTreeMap::new());
        }
        let book: String = (0..self.chapters.len()).map(Book::body).collect();
        let name = file_name_for(BOOK);
        (
            Ok(name.clone()),
            BTreeMap::from([(name, book.into_bytes())]),
        )
    }
}

fn book_cases() -> Vec<Book> {
    vec![
        Book {
            when: "When the book comes well within the limit",
            index: 20,
            chapters: vec![(60, false), (80, false), (70, false)],
            limit: 400,
        },
        // Times with no step in common with the first case's.
        Book {
            when: "When the book cannot come within 97 ms",
            index: 23,
            chapters: vec![(61, false), (83, false), (71, false)],
            limit: 97,
        },
        Book {
            when: "When four short chapters cannot come within 55 ms",
            index: 10,
            chapters: vec![(30, false), (40, false), (20, false), (50, false)],
            limit: 55,
        },
        Book {
            when: "When the second chapter is missing",
            index: 20,
            chapters: vec![(60, false), (30, true), (70, false)],
            limit: 400,
        },
    ]
}

/// `Ok("book.txt")`, or the error.
fn said(result: &Result<String, Error>) -> String {
    match result {
        Ok(name) => format!("Ok({})", quoted(name)),
        Err(error) => format!("the error {}", quoted(&error.to_string())),
    }
}

/// Judges `bug-timeout-leaves-file`: `save_book(url, limit).await`.
pub fn bug_timeout_leaves_file(
    answer: impl AsyncFn(&str, Duration) -> Result<String, Error>,
) -> Verdict {
    judge(|judge| {
        for book in book_cases() {
            judge.case(|judge| {
                let limit = Duration::from_millis(book.limit);
                let got = attempt(book.when, |mode| {
                    run_async(mode, &book.scenario(), || answer(BOOK, limit))
                })?;
                check_book(judge, &book, &got)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_book(judge: &mut Judge, book: &Book, got: &Returned<Result<String, Error>>) -> Checked {
    let when = book.when;
    let run = &got.run;
    let (want_result, want_files) = book.expected();
    let (result, at) = got.got(when, "your function")?;
    let files = &run.outcome.files;
    let name = file_name_for(BOOK);
    if want_result.is_err()
        && result.is_err()
        && let Some(left) = files.get(&name)
    {
        let chapters = (0..book.chapters.len())
            .filter(|i| String::from_utf8_lossy(left).contains(Book::body(*i).trim_end()))
            .count();
        return Err(wrong(
            format!(
                "{when}, your function returned {} at {}, but left {name} behind, with {} of its \
                 {} chapters ({}): half a book that looks like a whole one. When the book \
                 cannot be saved whole, no file should be left.",
                said(result),
                ms(*at),
                chapters,
                book.chapters.len(),
                count(left.len(), "byte", "bytes")
            ),
            run,
        ));
    }
    if *result != want_result {
        let timed_out = matches!(want_result, Err(Error::TimedOut { .. }));
        let should = if timed_out {
            format!(
                "with a limit of {}, it should return the timeout error at {}",
                ms(Duration::from_millis(book.limit)),
                ms(Duration::from_millis(book.limit))
            )
        } else {
            format!("it should return {}", said(&want_result))
        };
        return Err(wrong(
            format!(
                "{when}, your function returned {} at {}; {should}.",
                said(result),
                ms(*at)
            ),
            run,
        ));
    }
    if matches!(want_result, Err(Error::TimedOut { .. }))
        && *at != Duration::from_millis(book.limit)
    {
        return Err(wrong(
            format!(
                "{when}, your function returned the timeout error at {}; the limit is {}, for \
                 the whole book.",
                ms(*at),
                ms(Duration::from_millis(book.limit))
            ),
            run,
        ));
    }
    if *files != want_files {
        let names: Vec<&String> = files.keys().collect();
        return Err(wrong(
            format!(
                "{when}, your function left {}; it should leave {}.",
                if names.is_empty() {
                    "no file".to_owned()
                } else {
                    format!("{names:?}")
                },
                if want_files.is_empty() {
                    "no file".to_owned()
                } else {
                    format!("{name}, with the {} chapters in order", book.chapters.len())
                }
            ),
            run,
        ));
    }
    check_nothing_after(
        when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "",
    )?;
    judge.pass(match &want_result {
        Ok(_) => format!(
            "{when}, your function saves {name}, whole, and returns {}.",
            said(result)
        ),
        Err(_) => format!(
            "{when}, your function returns {} at {}, and leaves no file.",
            said(result),
            ms(*at)
        ),
    });
    Ok(())
}

/// One run of the board with a heartbeat.
struct Beat {
    when: String,
    pages: Vec<(&'static str, u64)>,
    every: Duration,
}

impl Beat {
    fn scenario(&self) -> Scenario {
        with_pages(&self.pages)
    }
}

fn beat_cases() -> Vec<Beat> {
    vec![
        Beat {
            when: "With the fan-out chapter's five pages and a heartbeat every 70 ms".to_owned(),
            pages: vec![
                ("news", 120),
                ("weather", 40),
                ("sports", 200),
                ("markets", 80),
                ("travel", 60),
            ],
            every: Duration::from_millis(70),
        },
        // Times with no step in common with the first case's.
        Beat {
            when: "With three other pages and a heartbeat every 47 ms".to_owned(),
            pages: vec![("science", 89), ("arts", 131), ("health", 23)],
            every: Duration::from_millis(47),
        },
    ]
}

/// The note a heartbeat writes.
const STILL_WORKING: &str = "still working";

/// Judges `bug-select-loses-data`: `fetch_with_heartbeat(&urls, every).await`.
pub fn bug_select_loses_data(answer: impl AsyncFn(&[String], Duration) -> Vec<String>) -> Verdict {
    judge(|judge| {
        for case in beat_cases() {
            judge.case(|judge| {
                let scenario = case.scenario();
                let urls = scenario.urls();
                let want = run_blocking(&Mode::Simulated, &scenario, || {
                    blocking::board_in_turn(&urls)
                });
                let got = attempt(&case.when, |mode| {
                    run_async(mode, &scenario, || answer(&urls, case.every))
                })?;
                check_heartbeat_board(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_heartbeat_board(
    judge: &mut Judge,
    case: &Beat,
    got: &Returned<Vec<String>>,
    want: &Returned<Vec<String>>,
) -> Checked {
    let when = &case.when;
    let (run, reference) = (&got.run, &want.run);
    let (want_lines, want_at) = want.reference();
    let fetched = fetches(&run.trace);
    let Some((lines, at)) = &got.value else {
        let restarted = fetched
            .iter()
            .map(|fetch| page_name(&fetch.url))
            .find(|name| {
                fetched
                    .iter()
                    .filter(|f| page_name(&f.url) == *name)
                    .count()
                    > 1
            });
        let why = match restarted {
            Some(name) => {
                let times = fetched.iter().filter(|f| page_name(&f.url) == name).count();
                format!(
                    " The fetch of {name} began {times} times and never came back: each time, it \
                     was dropped before its end and started again."
                )
            }
            None => String::new(),
        };
        return Err(wrong(
            format!("{when}, your function never returned.{why}"),
            run,
        ));
    };
    if lines != want_lines {
        return Err(wrong(
            board_mismatch(when, lines, want_lines, &fetched),
            run,
        ));
    }
    for fetch in &fetched {
        let times = fetched.iter().filter(|f| f.url == fetch.url).count();
        if times > 1 {
            return Err(wrong(
                format!(
                    "{when}, the fetch of {} began {times} times; each page should be fetched \
                     once. A fetch dropped before its end and started again waits its whole time \
                     again.",
                    page_name(&fetch.url)
                ),
                run,
            ));
        }
    }
    if at != want_at {
        return Err(wrong_beside(
            format!(
                "{when}, your function returned at {}; fetched one after another, the pages are \
                 in at {}, heartbeat or not.",
                ms(*at),
                ms(*want_at)
            ),
            run,
            reference,
            BLOCKING,
        ));
    }
    check_alive(when, case.every, run, *at)?;
    check_nothing_after(
        when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "",
    )?;
    judge.pass(format!(
        "{when}, your board has every page, in order, at {}, each fetched once, and a heartbeat \
         whenever {} pass without a page.",
        ms(*at),
        ms(case.every)
    ));
    Ok(())
}

/// A board with a line missing, or other lines: which, and what became of
/// its fetch.
fn board_mismatch(
    when: &str,
    lines: &[String],
    want: &[String],
    fetched: &[crate::judge::Fetch],
) -> String {
    let topic = |line: &str| line.split(':').next().unwrap_or(line).to_owned();
    let missing: Vec<String> = want
        .iter()
        .filter(|line| !lines.contains(line))
        .map(|line| topic(line))
        .collect();
    let mut message = format!(
        "{when}, your board has {}; it should have {}, one per page ({}).",
        count(lines.len(), "line", "lines"),
        want.len(),
        and_list(&want.iter().map(|line| topic(line)).collect::<Vec<_>>())
    );
    if !missing.is_empty() {
        message.push_str(&match missing.as_slice() {
            [name] => format!(" The line for {name} is missing."),
            names => format!(" The lines for {} are missing.", and_list(names)),
        });
        let dropped = fetched
            .iter()
            .find(|fetch| page_name(&fetch.url) == missing[0] && fetch.cancelled);
        if let Some(fetch) = dropped {
            message.push_str(&format!(
                " The fetch of {} began at {} and was cancelled at {}, when the heartbeat's \
                 `sleep` won the `select!`: the page had been taken off the queue, and the \
                 future that held it was dropped.",
                missing[0],
                ms(fetch.start),
                ms(fetch.end)
            ));
        }
    } else if lines.len() == want.len() {
        message.push_str(&format!(
            " It lists {}, in that order.",
            and_list(&lines.iter().map(|line| topic(line)).collect::<Vec<_>>())
        ));
    }
    message
}

/// Fails if `every` passed, before the answer returned at `end`, with
/// neither a heartbeat note nor a page coming back.
fn check_alive(when: &str, every: Duration, run: &Run, end: Duration) -> Checked {
    let mut signs: Vec<Duration> = vec![Duration::ZERO, end];
    for event in &run.trace.events {
        match event {
            Event::Note { at, text, .. } if text == STILL_WORKING => signs.push(*at),
            _ => {}
        }
    }
    signs.extend(
        fetches(&run.trace)
            .iter()
            .filter(|fetch| !fetch.cancelled)
            .map(|fetch| fetch.end),
    );
    signs.sort();
    let gap = signs
        .windows(2)
        .map(|pair| (pair[0], pair[1]))
        .find(|(from, to)| *to - *from > every);
    let Some((from, to)) = gap else {
        return Ok(());
    };
    let waiting = fetches(&run.trace)
        .into_iter()
        .find(|fetch| fetch.start <= from && fetch.end >= to)
        .map(|fetch| format!(", while {} was on its way", page_name(&fetch.url)))
        .unwrap_or_default();
    Err(wrong(
        format!(
            "{when}, from {} to {}{waiting}, nothing showed the program was alive: note \
             {} at least every {} while you wait.",
            ms(from),
            ms(to),
            quoted(STILL_WORKING),
            ms(every)
        ),
        run,
    ))
}
