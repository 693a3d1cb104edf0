//! Judges for the `sharing` chapter: shared state on the multi-thread
//! runtime (`shared-state-send`), backpressure (`backpressure`), and a
//! program that never ends (`bug-hang`).
//!
//! Each answer is run in the simulated world next to a reference written
//! here, on the same scenarios, and compared on results, files and virtual
//! time, and on what the chapter is about: whether the tasks overlapped or
//! took turns at a lock, how far the fetcher ran ahead of the writer, and,
//! for a program that hangs, who waited on what (the simulated world ends
//! such a run and says so in the trace, `threeways_sim::hang`).

use crate::judge::{
    BLOCKING, Checked, Judge, and_list, attempt, check_nothing_after, count, fetches, judge, ms,
    wrong, wrong_beside, wrong_in,
};
use crate::verdict::Verdict;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;
use threeways_model::trace::Event;
use threeways_model::{
    Error, Fault, Page, Run, Scenario, Trace, file_name_for, links_in, page_name, value_or_error,
};
use threeways_sim::STOPPED_LANE;
use threeways_sim::hang::HUNG;
use threeways_world::Mode;
use tracing::{Instrument, info_span};

/// A page of a site whose pages link to `links` others.
fn linking_page(name: &str, millis: u64, links: usize) -> Page {
    let mut body = format!("<h1>{name}</h1>\n");
    for n in 0..links {
        body.push_str(&format!(
            "<a href=\"http://example.com/{name}/{n}\">{n}</a>\n"
        ));
    }
    Page::new(format!("http://example.com/{name}"), body, millis)
}

/// One case of `shared-state-send`: pages, and how many tasks.
struct TallyCase {
    when: &'static str,
    scenario: Scenario,
    tasks: usize,
}

fn tally_cases() -> Vec<TallyCase> {
    let pages = |list: &[(&str, u64, usize)]| Scenario {
        pages: list
            .iter()
            .map(|(name, millis, links)| linking_page(name, *millis, *links))
            .collect(),
        ..Scenario::default()
    };
    let mut missing = pages(&[("index", 40, 3), ("about", 30, 1), ("news", 60, 2)]);
    missing
        .pages
        .push(Page::new("http://example.com/old", "", 10).failing(Fault::Status(404)));
    vec![
        TallyCase {
            when: "With five pages and two tasks",
            scenario: pages(&[
                ("index", 40, 3),
                ("about", 30, 1),
                ("news", 60, 2),
                ("blog", 80, 4),
                ("team", 80, 0),
            ]),
            tasks: 2,
        },
        TallyCase {
            // Times with no step in common with the first case's.
            when: "With four other pages and three tasks",
            scenario: pages(&[
                ("shop", 97, 2),
                ("help", 23, 5),
                ("jobs", 53, 1),
                ("press", 71, 3),
            ]),
            tasks: 3,
        },
        TallyCase {
            when: "With a page that answers 404",
            scenario: missing,
            tasks: 2,
        },
    ]
}

/// The tally as the reference has it: `k` threads take pages from one
/// list, and record into one map.
fn tally_blocking(urls: Vec<String>, k: usize) -> Vec<String> {
    use threeways_blocking::prelude::sync::{Arc, Mutex};
    use threeways_blocking::prelude::thread;
    let left = Arc::new(Mutex::new(std::collections::VecDeque::from(urls)));
    let links = Arc::new(Mutex::new(BTreeMap::new()));
    let workers: Vec<_> = (1..=k)
        .map(|n| {
            let (left, links) = (Arc::clone(&left), Arc::clone(&links));
            let worker = thread::Builder::new().name(format!("worker-{n}"));
            let started = worker.spawn(move || {
                loop {
                    let Some(url) = left.lock().expect("no panic").pop_front() else {
                        break;
                    };
                    let body = threeways_blocking::prelude::fetch(&url);
                    let line =
                        value_or_error(body.map(|body| format!("{} links", links_in(&body).len())));
                    links
                        .lock()
                        .expect("no panic")
                        .insert(page_name(&url).to_owned(), line);
                }
            });
            started.expect("the system starts a thread")
        })
        .collect();
    for worker in workers {
        worker.join().expect("no worker panics");
    }
    let links = links.lock().expect("no panic");
    links
        .iter()
        .map(|(name, what)| format!("{name}: {what}"))
        .collect()
}

/// What a run of a program gave: its lines or error, when it returned
/// them, and the run.
struct Ran {
    result: Result<Vec<String>, Error>,
    returned: Duration,
    run: Run,
}

impl crate::judge::OneRun for Ran {
    fn run(&self) -> &Run {
        &self.run
    }
}

/// Judges `shared-state-send`: `tally(urls, k)`, spawned as a task, so its
/// future must be `Send` and `'static`.
pub fn shared_state_send<F>(answer: impl Fn(Vec<String>, usize) -> F) -> Verdict
where
    F: Future<Output = Vec<String>> + Send + 'static,
{
    judge(|judge| {
        for case in tally_cases() {
            judge.case(|judge| {
                let urls = case.scenario.urls();
                let (want_urls, k) = (urls.clone(), case.tasks);
                let want =
                    threeways_blocking::run_program(&Mode::Simulated, &case.scenario, move || {
                        Ok(tally_blocking(want_urls, k))
                    });
                let got = attempt(case.when, |mode| {
                    let returned = Rc::new(Cell::new(Duration::ZERO));
                    let slot = Rc::clone(&returned);
                    let future = answer(urls.clone(), case.tasks);
                    let run = threeways_async::run_program(mode, &case.scenario, || async move {
                        // Spawned, as on a multi-thread runtime: `Send`, `'static`.
                        let tally = future.instrument(info_span!("tally"));
                        let tally = threeways_async::prelude::spawn(tally).await;
                        slot.set(threeways_async::time::now());
                        match tally {
                            Ok(lines) => Ok(lines),
                            Err(error) => std::panic::resume_unwind(error.into_panic()),
                        }
                    });
                    Ran {
                        result: run.outcome.result.clone(),
                        returned: returned.get(),
                        run,
                    }
                })?;
                check_tally(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_tally(judge: &mut Judge, case: &TallyCase, got: &Ran, want: &Run) -> Checked {
    let when = case.when;
    let run = &got.run;
    let want_lines = want.outcome.result.clone().unwrap_or_default();
    let last_fetch = fetches(&run.trace)
        .iter()
        .map(|fetch| fetch.end)
        .max()
        .unwrap_or_default();
    if last_fetch > got.returned {
        return Err(wrong(
            format!(
                "{when}, `tally` returned at {}, before the tasks were done: the last fetch ended \
                 at {}. Await every task you spawn before you read the tally.",
                ms(got.returned),
                ms(last_fetch)
            ),
            run,
        ));
    }
    let mut fetched: BTreeMap<String, usize> = BTreeMap::new();
    for fetch in fetches(&run.trace) {
        *fetched.entry(fetch.url).or_default() += 1;
    }
    if let Some((url, times)) = fetched.iter().find(|(_, times)| **times > 1) {
        return Err(wrong(
            format!(
                "{when}, {} was fetched {times} times: each task had a list of its own. The \
                 tasks must share one list (and one map), behind an `Arc`, so that each page is \
                 taken once.",
                page_name(url)
            ),
            run,
        ));
    }
    if got.result.as_ref() != Ok(&want_lines) {
        let lines = match &got.result {
            Ok(lines) => format!("{lines:?}"),
            Err(error) => format!("the error {error}"),
        };
        return Err(wrong(
            format!("{when}, `tally` returned {lines}; it should return {want_lines:?}."),
            run,
        ));
    }
    let (total, want_total) = (got.returned, want.trace.total);
    if total > want_total {
        return Err(wrong_beside(
            took_turns(when, case.tasks, total, want_total, &run.trace),
            run,
            want,
            BLOCKING,
        ));
    }
    judge.pass(format!(
        "{when}, the tally is right, each page fetched once, {} at a time: done at {}, as with \
         {} threads.",
        case.tasks,
        ms(total),
        case.tasks
    ));
    Ok(())
}

/// Why a tally took longer than `k` at a time: the tasks waited for a lock
/// held across a fetch, or there was only one.
fn took_turns(when: &str, k: usize, total: Duration, want: Duration, trace: &Trace) -> String {
    let lock_waits: Vec<(String, Duration)> = (trace.waits("lock"))
        .map(|span| (span.lane.to_string(), span.took()))
        .collect();
    if let Some((lane, longest)) = lock_waits.iter().max_by_key(|(_, took)| *took) {
        return format!(
            "{when}, the tally took {}; with {k} tasks at once it takes {}. The tasks took turns: \
             `{lane}` waited {} for the lock, because a task held the lock across its fetch. \
             Hold it only to take a page and to record one, never across an `.await`.",
            ms(total),
            ms(want),
            ms(*longest)
        );
    }
    let lanes: std::collections::BTreeSet<String> = (trace.spans())
        .filter(|span| span.label.starts_with("fetch "))
        .map(|span| span.lane.to_string())
        .collect();
    format!(
        "{when}, the tally took {}, the pages fetched one after another on {}; with {k} tasks \
         at once it takes {}. Spawn {k} tasks that share the list.",
        ms(total),
        count(lanes.len(), "lane", "lanes"),
        ms(want)
    )
}

/// One case of `backpressure`: the feed, the disk, and the room between.
struct PipeCase {
    when: &'static str,
    scenario: Scenario,
    capacity: usize,
}

fn pipe_cases() -> Vec<PipeCase> {
    let feed = |pages: u64, millis: u64, disk: u64| Scenario {
        pages: (1..=pages)
            .map(|n| {
                let body = format!("item {n}\n").repeat(n as usize);
                Page::new(format!("http://example.com/feed/{n}.txt"), body, millis)
            })
            .collect(),
        disk_latency: Duration::from_millis(disk),
        ..Scenario::default()
    };
    let mut missing = feed(5, 10, 30);
    missing.pages[3] = missing.pages[3].clone().failing(Fault::Status(404));
    vec![
        PipeCase {
            when: "With eight pages of 10 ms, a disk of 30 ms and room for two",
            scenario: feed(8, 10, 30),
            capacity: 2,
        },
        // No step in common with the first case's times: a fetcher slowed
        // down by a delay tuned to one disk runs ahead on another.
        PipeCase {
            when: "With six pages of 13 ms, a disk of 71 ms and room for one",
            scenario: feed(6, 13, 71),
            capacity: 1,
        },
        PipeCase {
            when: "With a fourth page that answers 404",
            scenario: missing,
            capacity: 2,
        },
    ]
}

/// Runs `save` (an answer or the reference) on `case`.
fn run_pipeline<F>(mode: &Mode, case: &PipeCase, save: impl FnOnce(Vec<String>, usize) -> F) -> Ran
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    let returned = Rc::new(Cell::new(Duration::ZERO));
    let slot = Rc::clone(&returned);
    let (urls, capacity) = (case.scenario.urls(), case.capacity);
    let run = threeways_async::run_program(mode, &case.scenario, || async move {
        let result = save(urls, capacity).await;
        slot.set(threeways_async::time::now());
        result
    });
    Ran {
        result: run.outcome.result.clone(),
        returned: returned.get(),
        run,
    }
}

/// Judges `backpressure`: `save_all(urls, capacity)`.
pub fn backpressure<F>(answer: impl Fn(Vec<String>, usize) -> F) -> Verdict
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    judge(|judge| {
        for case in pipe_cases() {
            judge.case(|judge| {
                let want = run_pipeline(&Mode::Simulated, &case, |urls, capacity| {
                    threeways_async::chapters::sharing::bounded(
                        urls,
                        std::num::NonZeroUsize::new(capacity).expect("room for one or more"),
                    )
                });
                let got = attempt(case.when, |mode| run_pipeline(mode, &case, &answer))?;
                check_pipeline(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// The most pages the fetcher had fetched and the writer not yet taken, at
/// any moment: how far ahead it ran.
fn most_ahead(trace: &Trace) -> usize {
    let mut moments: Vec<(Duration, i32)> = Vec::new();
    for span in trace.spans() {
        if span.label.starts_with("fetch ") {
            moments.push((span.end, 1)); // fetched
        } else if span.label.starts_with("write ") {
            moments.push((span.start, -1)); // taken by the writer
        }
    }
    // At one moment, the writer takes before the fetcher adds.
    moments.sort();
    let (mut ahead, mut most) = (0, 0);
    for (_, change) in moments {
        ahead += change;
        most = most.max(ahead);
    }
    usize::try_from(most).unwrap_or_default()
}

fn check_pipeline(judge: &mut Judge, case: &PipeCase, got: &Ran, want: &Ran) -> Checked {
    let when = case.when;
    let run = &got.run;
    let fetched = fetches(&run.trace).len();
    let written = run.outcome.files.len();
    if written < want.run.outcome.files.len() && fetched == fetches(&want.run.trace).len() {
        return Err(wrong(
            format!(
                "{when}, every page was fetched, but only {} written: pages sent on the channel \
                 never reached the writer. The bounded channel's `send` is `async`: did you \
                 forget `.await`?",
                count(written, "was", "were")
            ),
            run,
        ));
    }
    if got.result != want.result || run.outcome.files != want.run.outcome.files {
        let said = |result: &Result<Vec<String>, Error>| match result {
            Ok(names) => format!("the files {}", and_list(names)),
            Err(error) => format!("the error {error}"),
        };
        return Err(wrong(
            format!(
                "{when}, `save_all` returned {} and wrote {}; it should return {} and write \
                 {}.",
                said(&got.result),
                count(written, "file", "files"),
                said(&want.result),
                count(want.run.outcome.files.len(), "file", "files")
            ),
            run,
        ));
    }
    check_nothing_after(
        when,
        run,
        got.returned,
        &format!("`save_all` returned at {}", ms(got.returned)),
        "Await the writer before you return, even when the fetcher failed: until it \
         is done, files are still being written.",
    )?;
    let (ahead, most) = (most_ahead(&run.trace), case.capacity + 1);
    if ahead > most {
        return Err(wrong(
            format!(
                "{when}, the fetcher ran {ahead} pages ahead of the writer: they waited in \
                 memory. With room for {} in the channel, it should be at most {most} ahead \
                 ({} in the channel, one in its hands), and wait while the channel is full.",
                case.capacity, case.capacity
            ),
            run,
        ));
    }
    if got.returned > want.returned {
        return Err(wrong_beside(
            format!(
                "{when}, the pages were saved by {}; with the fetcher and the writer at work at \
                 the same time, by {}. Fetching and writing one after another leaves the writer \
                 idle during every fetch: keep them in tasks of their own, with the channel \
                 between them.",
                ms(got.returned),
                ms(want.returned)
            ),
            run,
            &want.run,
            "the chapter's bounded pipeline",
        ));
    }
    judge.pass(format!(
        "{when}, the pages are saved by {}, and the fetcher is never more than {most} pages \
         ahead of the writer.",
        ms(got.returned)
    ));
    Ok(())
}

/// The cases of `bug-hang`.
fn hang_cases() -> Vec<PipeCase> {
    let feed = |pages: &[(&str, u64)]| Scenario {
        pages: pages
            .iter()
            .map(|(name, millis)| {
                Page::new(format!("http://example.com/{name}.txt"), *name, *millis)
            })
            .collect(),
        disk_latency: Duration::from_millis(20),
        ..Scenario::default()
    };
    // Times with no step in common with the first case's.
    let mut missing = feed(&[("monday", 31), ("tuesday", 43), ("wednesday", 23)]);
    missing.pages[1] = missing.pages[1].clone().failing(Fault::Status(404));
    vec![
        PipeCase {
            when: "With four pages",
            scenario: feed(&[
                ("spring", 30),
                ("summer", 50),
                ("autumn", 20),
                ("winter", 40),
            ]),
            capacity: 0,
        },
        PipeCase {
            when: "When a page is missing",
            scenario: missing,
            capacity: 0,
        },
    ]
}

/// `bug-hang` as it should be: the program's own sender dropped before it
/// waits for the writer.
fn save_all_blocking(urls: Vec<String>) -> Result<Vec<String>, Error> {
    use threeways_blocking::prelude::sync::mpsc;
    use threeways_blocking::prelude::{fetch, thread, write_file};
    /// `job` on a thread called `name`.
    fn start<T: Send + 'static>(
        name: &str,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> thread::JoinHandle<T> {
        let thread = thread::Builder::new().name(name.to_owned());
        thread.spawn(job).expect("the system starts a thread")
    }
    let (pages, to_write) = mpsc::channel();
    let fetcher = start("fetcher", move || -> Result<(), Error> {
        for url in urls {
            let body = fetch(&url)?;
            pages
                .send((file_name_for(&url), body))
                .expect("the writer is listening");
        }
        Ok(())
    });
    let writer = start("writer", move || -> Result<Vec<String>, Error> {
        let mut written = Vec::new();
        for (name, body) in &to_write {
            write_file(&name, &body)?;
            written.push(name);
        }
        Ok(written)
    });
    let fetched = fetcher.join().expect("the fetcher does not panic");
    let written = writer.join().expect("the writer does not panic")?;
    fetched?;
    Ok(written)
}

/// Runs a blocking `save_all` on `case`.
fn run_blocking_save(
    mode: &Mode,
    case: &PipeCase,
    save: impl FnOnce(Vec<String>) -> Result<Vec<String>, Error>,
) -> Ran {
    let returned = Rc::new(Cell::new(Duration::ZERO));
    let slot = Rc::clone(&returned);
    let urls = case.scenario.urls();
    let run = threeways_blocking::run_program(mode, &case.scenario, move || {
        let result = save(urls);
        slot.set(threeways_blocking::cpu::now());
        result
    });
    Ran {
        result: run.outcome.result.clone(),
        returned: returned.get(),
        run,
    }
}

/// Judges `bug-hang`: `save_all(urls)`, blocking.
pub fn bug_hang(answer: impl Fn(Vec<String>) -> Result<Vec<String>, Error>) -> Verdict {
    judge(|judge| {
        for case in hang_cases() {
            judge.case(|judge| {
                let want = run_blocking_save(&Mode::Simulated, &case, save_all_blocking);
                let got = attempt(case.when, |mode| run_blocking_save(mode, &case, &answer))?;
                check_saved(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// The hang report of `trace`, as a list: `` `main` waits on `join writer` ``.
fn waits(trace: &Trace) -> Vec<String> {
    trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Note { lane, text, .. } if **lane == *STOPPED_LANE => text
                .strip_prefix(HUNG)
                .and_then(|rest| rest.trim().split_once(" waits: "))
                .map(|(lane, what)| format!("`{lane}` waits on `{what}`")),
            _ => None,
        })
        .collect()
}

fn check_saved(judge: &mut Judge, case: &PipeCase, got: &Ran, want: &Ran) -> Checked {
    let when = case.when;
    let run = &got.run;
    if got.result == Err(Error::Hung) {
        let written = run.outcome.files.len();
        return Err(wrong_in(
            format!(
                "{when}, the program hung at {}, with {} saved: {}. Nothing could ever happen \
                 again, and in the real world it would wait for ever.",
                ms(run.trace.total),
                count(written, "page", "pages"),
                and_list(&waits(&run.trace))
            ),
            &run.trace,
        ));
    }
    if got.result != want.result || run.outcome.files != want.run.outcome.files {
        return Err(wrong(
            format!(
                "{when}, `save_all` returned {:?} and saved {}; it should return {:?} and save \
                 {}.",
                got.result,
                count(run.outcome.files.len(), "file", "files"),
                want.result,
                count(want.run.outcome.files.len(), "file", "files")
            ),
            run,
        ));
    }
    let last_write = (run.trace.spans())
        .filter(|span| span.label.starts_with("write "))
        .map(|span| span.end)
        .max()
        .unwrap_or_default();
    if got.returned < last_write {
        return Err(wrong(
            format!(
                "{when}, `save_all` returned at {}, before the writer was done: the last file \
                 was written at {}. Whoever calls it may read a file that is not there yet; \
                 wait for the writer.",
                ms(got.returned),
                ms(last_write)
            ),
            run,
        ));
    }
    judge.pass(format!(
        "{when}, `save_all` returns at {}, once the writer has saved {}: nothing waits for \
         ever.",
        ms(got.returned),
        count(run.outcome.files.len(), "page", "pages")
    ));
    Ok(())
}
