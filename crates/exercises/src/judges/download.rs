//! Judges for the `download` chapter: waits one after another, and every
//! error passed on.
//!
//! Each case runs the answer and the blocking program (`crate::blocking`)
//! on the same scenario, then compares, in this order: whether the answer
//! finished at all, the pages it fetched, its result, the files it wrote,
//! when it was over, whether anything went on after that, and how long the
//! run took. One case has a disk that cannot write the poem's file, so an
//! answer that ignores a failed write is seen to.

use super::Style;
use crate::blocking;
use crate::judge::{
    BLOCKING, Checked, Judge, and_list, attempt, check_nothing_after, fetches, judge, ms, quoted,
    wrong, wrong_beside,
};
use crate::registry::Kind;
use crate::verdict::Verdict;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::{Done, EventLoop};
use threeways_model::{ChapterId, Error, Fault, Page, Run, Scenario, file_name_for};
use threeways_world::Mode;

/// The page whose body is the address of the latest poem.
const INDEX: &str = "http://example.com/latest";
/// The latest poem.
const POEM: &str = "http://example.com/poems/the-tyger.txt";
/// Where `bug-never-called` finds the poem when `POEM` fails.
const BACKUP: &str = "http://backup.example.com/tyger.txt";

/// One scenario an answer is tried on.
struct Case {
    /// How a message begins: "When the index page is missing".
    when: &'static str,
    scenario: Scenario,
}

/// The poem of the `download` chapter.
fn the_tyger() -> Vec<u8> {
    Scenario::for_chapter(ChapterId::Download).pages[0]
        .body
        .clone()
}

fn with_pages(pages: Vec<Page>) -> Scenario {
    Scenario {
        pages,
        disk_latency: Duration::from_millis(5),
        ..Scenario::default()
    }
}

/// The same scenario, on a disk that cannot write the file saved from `url`.
fn disk_full_for(scenario: Scenario, url: &str) -> Scenario {
    Scenario {
        failing_writes: vec![file_name_for(url)],
        ..scenario
    }
}

fn missing(url: &str, millis: u64) -> Page {
    Page::new(url, "", millis).failing(Fault::Status(404))
}

/// The cases of `download-callbacks` and `download-async`.
fn latest_cases() -> Vec<Case> {
    let index = Page::new(INDEX, format!("{POEM}\n"), 30);
    let poem = Page::new(POEM, the_tyger(), 120);
    vec![
        Case {
            when: "When both pages are there",
            scenario: with_pages(vec![index.clone(), poem.clone()]),
        },
        Case {
            // Other latencies, with no step in common with the first
            // case's, so that no constant fits both cases: an answer that
            // waits a fixed 5 ms for the write is seen to.
            when: "When the pages and the disk take other times",
            scenario: Scenario {
                disk_latency: Duration::from_millis(13),
                ..with_pages(vec![
                    Page::new(INDEX, format!("{POEM}\n"), 37),
                    Page::new(POEM, the_tyger(), 71),
                ])
            },
        },
        Case {
            when: "When the index page is missing",
            scenario: with_pages(vec![missing(INDEX, 30), poem.clone()]),
        },
        Case {
            when: "When the poem is missing",
            scenario: with_pages(vec![index.clone(), missing(POEM, 40)]),
        },
        Case {
            when: "When the disk cannot write the poem's file",
            scenario: disk_full_for(with_pages(vec![index, poem]), POEM),
        },
    ]
}

/// The cases of `bug-never-called`.
fn backup_cases() -> Vec<Case> {
    let page = Page::new(POEM, the_tyger(), 120);
    let mut copy = b"(the backup's copy)\n".to_vec();
    copy.extend(the_tyger());
    let other_backup = Page::new(BACKUP, copy.clone(), 79);
    let backup = Page::new(BACKUP, copy, 80);
    vec![
        Case {
            when: "When the page is there",
            scenario: with_pages(vec![page.clone(), backup.clone()]),
        },
        Case {
            // Times with no step in common with the first case's.
            when: "When the page is missing and the backup is there",
            scenario: with_pages(vec![missing(POEM, 53), other_backup]),
        },
        Case {
            when: "When the page and its backup are both missing",
            scenario: with_pages(vec![missing(POEM, 50), missing(BACKUP, 60)]),
        },
        Case {
            when: "When the page is there and the disk cannot write it",
            scenario: disk_full_for(with_pages(vec![page, backup]), POEM),
        },
    ]
}

/// What one run of a download gave.
struct Ran {
    /// The result the download ended with, and when; `None` if `done` was
    /// never called.
    ended: Option<(Result<String, Error>, Duration)>,
    run: Run,
}

impl crate::judge::OneRun for Ran {
    fn run(&self) -> &Run {
        &self.run
    }
}

fn run_blocking(
    mode: &Mode,
    scenario: &Scenario,
    program: impl FnOnce() -> Result<String, Error>,
) -> Ran {
    let run = threeways_blocking::run_program(mode, scenario, || program().map(|name| vec![name]));
    let result = run.outcome.result.clone().map(|names| names.concat());
    Ran {
        ended: Some((result, run.trace.total)),
        run,
    }
}

fn run_callbacks(
    mode: &Mode,
    scenario: &Scenario,
    start: impl FnOnce(&mut EventLoop, Box<dyn Done<String>>),
) -> Ran {
    let ended = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&ended);
    let run = threeways_callbacks::run_program(mode, scenario, move |lp, finish| {
        start(
            lp,
            Box::new(move |lp, result| {
                lp.note(format!("done({})", show(&result)));
                *slot.borrow_mut() = Some((result, lp.now()));
                finish(lp, Ok(Vec::new()));
            }),
        );
    });
    let ended = ended.borrow_mut().take();
    Ran { ended, run }
}

fn run_async<F>(mode: &Mode, scenario: &Scenario, start: impl FnOnce() -> F) -> Ran
where
    F: Future<Output = Result<String, Error>>,
{
    let ended = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&ended);
    let run = threeways_async::run_program(mode, scenario, move || async move {
        let result = start().await;
        threeways_async::trace::note(format!("returned {}", show(&result)));
        *slot.borrow_mut() = Some((result, threeways_async::time::now()));
        Ok(Vec::new())
    });
    let ended = ended.borrow_mut().take();
    Ran { ended, run }
}

/// `Ok("x")`, or `Err(<the error's sentence>)`.
fn show(result: &Result<String, Error>) -> String {
    match result {
        Ok(name) => format!("Ok({name:?})"),
        Err(error) => format!("Err({error})"),
    }
}

/// Judges `download-callbacks`: `download_latest(lp, index_url, done)`.
pub fn download_callbacks(answer: impl Fn(&mut EventLoop, &str, Box<dyn Done<String>>)) -> Verdict {
    judge(|judge| {
        for case in latest_cases() {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &case.scenario, || {
                    blocking::download_latest(INDEX)
                });
                let got = attempt(case.when, |mode| {
                    run_callbacks(mode, &case.scenario, |lp, done| answer(lp, INDEX, done))
                })?;
                check_case(judge, Kind::Convert, Style::Callbacks, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Judges `download-async`: `download_latest(index_url).await`.
pub fn download_async(answer: impl AsyncFn(&str) -> Result<String, Error>) -> Verdict {
    judge(|judge| {
        for case in latest_cases() {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &case.scenario, || {
                    blocking::download_latest(INDEX)
                });
                let got = attempt(case.when, |mode| {
                    run_async(mode, &case.scenario, || answer(INDEX))
                })?;
                check_case(judge, Kind::Convert, Style::Async, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Judges `bug-never-called`: `download_or_backup(lp, url, backup, done)`.
pub fn bug_never_called(
    answer: impl Fn(&mut EventLoop, &str, &str, Box<dyn Done<String>>),
) -> Verdict {
    judge(|judge| {
        for case in backup_cases() {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, &case.scenario, || {
                    blocking::download_or_backup(POEM, BACKUP)
                });
                let got = attempt(case.when, |mode| {
                    run_callbacks(mode, &case.scenario, |lp, done| {
                        answer(lp, POEM, BACKUP, done)
                    })
                })?;
                check_case(
                    judge,
                    Kind::FindTheBug,
                    Style::Callbacks,
                    &case,
                    &got,
                    &want,
                )?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// How a message says what the answer handed back, and what it should have.
struct Said {
    got: &'static str,
    should: &'static str,
}

fn said(style: Style) -> Said {
    match style {
        Style::Callbacks => Said {
            got: "`done` got",
            should: "it should get",
        },
        Style::Async => Said {
            got: "your download returned",
            should: "it should return",
        },
    }
}

fn check_case(
    judge: &mut Judge,
    kind: Kind,
    style: Style,
    case: &Case,
    got: &Ran,
    want: &Ran,
) -> Checked {
    let when = case.when;
    let run = &got.run;
    let Some((want_result, want_at)) = &want.ended else {
        unreachable!("the blocking program returns");
    };
    let Some((result, at)) = &got.ended else {
        // A find-the-bug message stops at the symptom; the hint has the fix.
        let fix = match kind {
            Kind::Convert | Kind::Finish | Kind::Predict => {
                " Every path through your continuations must end by calling `done`, errors \
                 included."
            }
            Kind::FindTheBug => "",
        };
        return Err(wrong(
            format!(
                "{when}, `done` was never called: whoever asked for the download waits \
                 forever.{fix}"
            ),
            run,
        ));
    };
    check_fetches(when, run, &want.run)?;
    if result != want_result {
        return Err(wrong(mismatch(when, style, result, want_result), run));
    }
    check_files(when, &case.scenario, run, &want.run)?;
    check_end(when, style, *at, *want_at, run, &want.run)?;
    let over = match style {
        Style::Callbacks => format!("`done` was called at {}", ms(*at)),
        Style::Async => format!("your download returned at {}", ms(*at)),
    };
    check_nothing_after(
        when,
        run,
        *at,
        &over,
        "Whatever the download starts must be over when it is: the caller takes the end as \
         the file saved, or the error final.",
    )?;
    let (total, want_total) = (run.trace.total, want.run.trace.total);
    if total != want_total {
        return Err(wrong(
            format!(
                "{when}, your download took {} of virtual time; the blocking version takes {}: {}.",
                ms(total),
                ms(want_total),
                steps(&want.run)
            ),
            run,
        ));
    }
    judge.pass(match (result, style) {
        (Ok(name), Style::Callbacks) => format!(
            "{when}, `done` gets Ok({}) at {}, once the file is saved, as in the blocking \
             version.",
            quoted(name),
            ms(*at)
        ),
        (Ok(name), Style::Async) => format!(
            "{when}, your download returns Ok({}) after {}, with the file saved, as the \
             blocking version does.",
            quoted(name),
            ms(*at)
        ),
        (Err(error), Style::Callbacks) => format!(
            "{when}, `done` gets the error {} at {}, and no file is written.",
            quoted(&error.to_string()),
            ms(*at)
        ),
        (Err(error), Style::Async) => format!(
            "{when}, your download returns the error {} after {}, and no file is written.",
            quoted(&error.to_string()),
            ms(*at)
        ),
    });
    Ok(())
}

/// Fails unless the answer fetched the pages the blocking program fetches,
/// in its order. The addresses are quoted, so one with a line break at its
/// end (an index's body not trimmed) does not look like the right one.
fn check_fetches(when: &str, run: &Run, want: &Run) -> Checked {
    let urls =
        |run: &Run| -> Vec<String> { fetches(&run.trace).into_iter().map(|f| f.url).collect() };
    let (fetched, to_fetch) = (urls(run), urls(want));
    if fetched == to_fetch {
        return Ok(());
    }
    let shown = |urls: &[String]| -> String {
        let quoted: Vec<String> = urls.iter().map(|url| quoted(url)).collect();
        and_list(&quoted)
    };
    let untrimmed = fetched
        .iter()
        .find(|url| url.trim() != url.as_str() && to_fetch.iter().any(|want| want == url.trim()));
    let why = untrimmed.map_or_else(String::new, |url| {
        format!(
            " The address {} has white space around it, which is not part of an address: \
             trim the index's body.",
            quoted(url)
        )
    });
    Err(wrong(
        format!(
            "{when}, your download fetched {}; it should fetch {}, in that order.{why}",
            shown(&fetched),
            shown(&to_fetch)
        ),
        run,
    ))
}

/// Fails unless the answer was over when the blocking program is: not
/// before its file was written, not later.
fn check_end(
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
    let written = !want.outcome.files.is_empty();
    let message = match style {
        Style::Callbacks if at < want_at && written => format!(
            "{when}, `done` was called at {}, before the file was written (at {}): call \
             `done` from the continuation of `write_file`, once the write is over.",
            ms(at),
            ms(want_at)
        ),
        Style::Async if at < want_at && written => format!(
            "{when}, your download returned at {}, before the file was written (at {}): the \
             write went on after it returned, in a task nobody awaited. Await the write \
             itself before you return.",
            ms(at),
            ms(want_at)
        ),
        Style::Callbacks => format!(
            "{when}, `done` was called at {}; the blocking version is done at {}.",
            ms(at),
            ms(want_at)
        ),
        Style::Async => format!(
            "{when}, your download returned at {}; the blocking version returns at {}.",
            ms(at),
            ms(want_at)
        ),
    };
    Err(wrong_beside(message, run, want, BLOCKING))
}

/// What a wrong result means. Errors and file names are quoted: they come
/// from the server and from the answer.
fn mismatch(
    when: &str,
    style: Style,
    got: &Result<String, Error>,
    want: &Result<String, Error>,
) -> String {
    let Said { got: gave, should } = said(style);
    let error_text = |error: &Error| quoted(&error.to_string());
    match (got, want) {
        (Ok(name), Err(error)) => format!(
            "{when}, {gave} Ok({}), reporting success although nothing was saved; \
             {should} the error {}. Pass every error on, unchanged.",
            quoted(name),
            error_text(error)
        ),
        (Err(error), Ok(name)) => format!(
            "{when}, {gave} the error {}, but every page is there and the disk works: \
             {should} Ok({}).",
            error_text(error),
            quoted(name)
        ),
        (Ok(name), Ok(want_name)) => format!(
            "{when}, {gave} Ok({}); {should} Ok({}): the file is named after the address of \
             the page it saves, with `file_name_for`.",
            quoted(name),
            quoted(want_name)
        ),
        (Err(error), Err(want_error)) => format!(
            "{when}, {gave} the error {}; {should} the error {}, passed on unchanged.",
            error_text(error),
            error_text(want_error)
        ),
    }
}

fn check_files(when: &str, scenario: &Scenario, got: &Run, want: &Run) -> Checked {
    let (files, want_files) = (&got.outcome.files, &want.outcome.files);
    if files == want_files {
        return Ok(());
    }
    let names: Vec<String> = files.keys().map(|name| quoted(name)).collect();
    let want_names: Vec<String> = want_files.keys().map(|name| quoted(name)).collect();
    let message = if names != want_names {
        match (names.is_empty(), want_names.is_empty()) {
            (true, false) => format!(
                "{when}, your download wrote no file; it should save {}.",
                and_list(&want_names)
            ),
            (false, true) => format!(
                "{when}, your download wrote {}; it should write no file, since the download \
                 fails.",
                and_list(&names)
            ),
            _ => format!(
                "{when}, your download wrote {}; it should write {}.",
                and_list(&names),
                and_list(&want_names)
            ),
        }
    } else {
        let (name, want_body) = want_files
            .iter()
            .find(|(name, body)| files.get(*name) != Some(body))
            .expect("the files differ in a body");
        let source = scenario
            .pages
            .iter()
            .find(|page| page.body == *want_body)
            .map_or_else(|| "the page".to_owned(), |page| page.url.clone());
        format!(
            "{when}, the file {} holds {} bytes, but it should hold the {} bytes of {source}.",
            quoted(name),
            files[name].len(),
            want_body.len()
        )
    };
    Err(wrong(message, got))
}

/// The waits of the blocking run: `fetch … (30 ms), then write … (5 ms)`.
fn steps(run: &Run) -> String {
    let waits: Vec<String> = (run.trace.spans())
        .map(|span| format!("{} ({})", span.label, ms(span.took())))
        .collect();
    format!("{}, one after another", waits.join(", then "))
}
