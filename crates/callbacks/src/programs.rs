//! The callback programs as the CLI, the tests and the book run them: each
//! chapter's lessons (`chapters/<id>.rs`) started on its scenario's inputs
//! on a fresh loop. Plumbing, kept out of the lesson files.

use crate::chapters::{
    comprehensions, cpu_bound, download, failures, fan_out, first_await, sharing, ticker,
    under_the_hood,
};
use crate::executor::Polls;
use crate::world::{self, Finish};
use crate::{Done, EventLoop};
use threeways_model::{
    ChapterId, FEED, Program, Run, SITE_START, Scenario, unknown_program, value_or_error,
};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the callback style) on
/// `scenario`, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let url = || scenario.pages[0].url.clone();
    match program.chapter {
        ChapterId::Download => {
            let url = url();
            world::run(scenario, mode, move |lp, finish| {
                download::download(lp, &url, move |lp, result| {
                    finish(lp, result.map(|name| vec![name]));
                });
            })
        }
        ChapterId::FirstAwait => {
            let url = url();
            world::run(scenario, mode, move |lp, finish| {
                first_await::begin(lp, &url, move |lp, report| {
                    finish(lp, report.map(|len| vec![len.to_string()]));
                });
            })
        }
        ChapterId::FanOut => {
            let (urls, k) = (scenario.urls(), scenario.limit);
            world::run(scenario, mode, move |lp, finish| match program.variant {
                Some("sequential") => fan_out::sequential(lp, urls, finish),
                Some("counter") => fan_out::counter(lp, urls, finish),
                Some("limited") => fan_out::limited(lp, urls, k, finish),
                _ => unknown_program(program),
            })
        }
        ChapterId::Ticker => {
            let (count, delay, take) = (scenario.ticks, scenario.tick, scenario.take);
            world::run(scenario, mode, move |lp, finish| {
                ticker::first_values(lp, count, delay, take, move |lp, taken| {
                    finish(lp, Ok(taken.iter().map(u32::to_string).collect()));
                });
            })
        }
        ChapterId::Comprehensions => comprehensions(scenario, mode),
        ChapterId::Failures => failures(program, scenario, mode),
        ChapterId::CpuBound => {
            let (job, ticks, period) = (scenario.job.clone(), scenario.ticks, scenario.tick);
            world::run(scenario, mode, move |lp, finish| {
                let done = move |lp: &mut EventLoop, primes| {
                    let said = vec![format!("{primes} primes"), format!("{ticks} ticks")];
                    finish(lp, Ok(said));
                };
                match program.variant {
                    Some("inline") => cpu_bound::work_and_tick(lp, job, ticks, period, done),
                    Some("worker") => cpu_bound::work_on_worker(lp, job, ticks, period, done),
                    _ => unknown_program(program),
                }
            })
        }
        // With every poll shown: showing them is what it is for.
        ChapterId::UnderTheHood => {
            let main = under_the_hood::download_as_a_future(url());
            world::run_future(scenario, mode, Polls::Shown, main)
        }
        ChapterId::Sharing => {
            let (k, capacity) = (scenario.limit, scenario.capacity);
            let feed = scenario.urls_under(FEED);
            world::run(scenario, mode, move |lp, finish| match program.variant {
                Some("crawl") => sharing::crawl(lp, SITE_START, k, finish),
                Some("unbounded") => sharing::unbounded(lp, feed, finish),
                Some("bounded") => sharing::bounded(lp, feed, capacity, finish),
                Some("hang") => sharing::crawl_that_never_ends(lp, SITE_START, k, finish),
                _ => unknown_program(program),
            })
        }
    }
}

/// `comprehensions`: the odd ticks, then the free names.
fn comprehensions(scenario: &Scenario, mode: &Mode) -> Run {
    let (count, delay) = (scenario.ticks, scenario.tick);
    let names = scenario.names.clone();
    world::run(scenario, mode, move |lp, finish| {
        comprehensions::odd_ticks(lp, count, delay, move |lp, odd| {
            comprehensions::free_names(lp, names, move |lp, free| {
                let free = free.map(|free| {
                    vec![
                        format!("odd ticks: {odd:?}"),
                        format!("free names: {free:?}"),
                    ]
                });
                finish(lp, free);
            });
        });
    })
}

/// `failures`: an error, a timeout, a cancel.
fn failures(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let page = |name| scenario.url_of(name);
    let (report, missing, slow) = (page("report"), page("missing"), page("slow"));
    let in_turn = vec![page("report"), page("forecast"), page("weekly")];
    let deadline = scenario.deadline;
    world::run(scenario, mode, move |lp, finish| {
        /// The program's one value: a size, or the error.
        fn reported(finish: Finish) -> impl Done<usize> {
            move |lp: &mut EventLoop, result| finish(lp, Ok(vec![value_or_error(result)]))
        }
        match program.variant {
            Some("error") => failures::both(lp, &report, missing, reported(finish)),
            Some("timeout") => failures::with_timeout(lp, &slow, deadline, reported(finish)),
            Some("cancel") => failures::cancel(lp, in_turn, deadline, move |lp, fetched| {
                finish(lp, Ok(fetched));
            }),
            _ => unknown_program(program),
        }
    })
}
