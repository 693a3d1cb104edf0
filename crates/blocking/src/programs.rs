//! The blocking programs as the CLI, the tests and the book run them: each
//! chapter's lessons (`chapters/<id>.rs`) called on its scenario's inputs,
//! in a fresh world. Plumbing, kept out of the lesson files so that a
//! lesson file is only what a learner lifts.

use crate::chapters::{
    comprehensions, cpu_bound, download, failures, fan_out, first_await, sharing, ticker,
};
use crate::world;
use threeways_model::{
    ChapterId, FEED, Program, Run, SITE_START, Scenario, unknown_program, value_or_error,
};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the blocking style) on
/// `scenario`, in the world `mode` says, and returns its trace and outcome.
pub fn run(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    match program.chapter {
        ChapterId::Download => {
            let url = scenario.pages[0].url.clone();
            world::run(scenario, mode, move || {
                download::download(&url).map(|name| vec![name])
            })
        }
        ChapterId::FirstAwait => {
            let url = scenario.pages[0].url.clone();
            let main = match program.variant {
                Some("call") => first_await::call,
                Some("thread") => first_await::thread,
                _ => unknown_program(program),
            };
            world::run(scenario, mode, move || {
                main(&url).map(|len| vec![len.to_string()])
            })
        }
        ChapterId::FanOut => {
            let (urls, k) = (scenario.urls(), scenario.limit);
            world::run(scenario, mode, move || match program.variant {
                Some("sequential") => fan_out::sequential(&urls),
                Some("thread-per-request") => fan_out::thread_per_request(&urls),
                Some("pool") => fan_out::pool(&urls, k),
                _ => unknown_program(program),
            })
        }
        ChapterId::Ticker => {
            let (count, delay, take) = (scenario.ticks, scenario.tick, scenario.take);
            world::run(scenario, mode, move || {
                let taken = ticker::first_values(count, delay, take);
                Ok(taken.iter().map(u32::to_string).collect())
            })
        }
        ChapterId::Comprehensions => {
            let (count, delay) = (scenario.ticks, scenario.tick);
            let names = scenario.names.clone();
            world::run(scenario, mode, move || {
                let odd = comprehensions::odd_ticks(count, delay);
                let free = comprehensions::free_names(&names)?;
                Ok(vec![
                    format!("odd ticks: {odd:?}"),
                    format!("free names: {free:?}"),
                ])
            })
        }
        ChapterId::Failures => {
            let page = |name| scenario.url_of(name);
            let (report, missing, slow) = (page("report"), page("missing"), page("slow"));
            let in_turn = vec![page("report"), page("forecast"), page("weekly")];
            let deadline = scenario.deadline;
            world::run(scenario, mode, move || {
                Ok(match program.variant {
                    Some("error") => vec![value_or_error(failures::both(&report, &missing))],
                    Some("timeout") => {
                        vec![value_or_error(failures::with_timeout(&slow, deadline))]
                    }
                    Some("cancel") => failures::cancel(in_turn, deadline),
                    _ => unknown_program(program),
                })
            })
        }
        ChapterId::CpuBound => {
            let (job, ticks, period) = (scenario.job.clone(), scenario.ticks, scenario.tick);
            world::run(scenario, mode, move || {
                let primes = cpu_bound::work_and_tick(job, ticks, period);
                Ok(vec![format!("{primes} primes"), format!("{ticks} ticks")])
            })
        }
        ChapterId::Sharing => {
            let (k, capacity) = (scenario.limit, scenario.capacity);
            let feed = scenario.urls_under(FEED);
            world::run(scenario, mode, move || match program.variant {
                Some("crawl") => Ok(sharing::crawl(SITE_START, k)),
                Some("scoped") => Ok(sharing::crawl_scoped(SITE_START, k)),
                Some("unbounded") => sharing::unbounded(feed),
                Some("bounded") => sharing::bounded(feed, capacity),
                Some("hang") => Ok(sharing::crawl_that_never_ends(SITE_START, k)),
                _ => unknown_program(program),
            })
        }
        // A blocking call has no future to look inside: no program here.
        ChapterId::UnderTheHood => unknown_program(program),
    }
}
