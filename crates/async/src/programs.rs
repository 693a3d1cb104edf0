//! The async programs as the CLI, the tests and the book run them: each
//! chapter's lessons (`chapters/<id>.rs`) called on its scenario's inputs,
//! in a fresh world, on the executor asked for. Plumbing, kept out of the
//! lesson files so that a lesson file is only what a learner lifts.

use crate::chapters::{
    comprehensions, cpu_bound, download, failures, fan_out, first_await, sharing, ticker,
    under_the_hood,
};
use crate::world::{self, Executor, Flavour};
use threeways_event_loop::executor::Polls;
use threeways_model::{
    ChapterId, FEED, Program, Run, SITE_START, Scenario, unknown_program, value_or_error,
};
use threeways_world::Mode;

/// Runs `program` (a chapter and variant of the async style) on
/// `scenario`, in the world `mode` says, on executor `on`, and returns its
/// trace and outcome.
pub(crate) fn run(on: Executor, program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    match program.chapter {
        ChapterId::Download => {
            let url = scenario.pages[0].url.clone();
            world::run(on, scenario, mode, || async move {
                download::download(&url).await.map(|name| vec![name])
            })
        }
        ChapterId::FirstAwait => {
            let url = scenario.pages[0].url.clone();
            world::run(on, scenario, mode, || async move {
                let report = match program.variant {
                    Some("await") => first_await::await_it(&url).await,
                    Some("spawn") => first_await::spawn_it(&url).await,
                    _ => unknown_program(program),
                };
                report.map(|len| vec![len.to_string()])
            })
        }
        ChapterId::FanOut => {
            let (urls, k) = (scenario.urls(), scenario.limit);
            world::run(on, scenario, mode, || async move {
                match program.variant {
                    Some("sequential") => fan_out::sequential(&urls).await,
                    Some("join-all") => fan_out::join_all_pages(&urls).await,
                    Some("join-set") => fan_out::join_set(&urls).await,
                    Some("buffer-unordered") => fan_out::buffer_unordered(&urls, k).await,
                    _ => unknown_program(program),
                }
            })
        }
        ChapterId::Ticker => {
            let (count, delay, take) = (scenario.ticks, scenario.tick, scenario.take);
            world::run(on, scenario, mode, || async move {
                let taken = match program.variant {
                    Some("unfold") => {
                        ticker::first_values(ticker::ticker(count, delay), take).await
                    }
                    Some("poll-next") => {
                        ticker::first_values(ticker::Ticker::new(count, delay), take).await
                    }
                    _ => unknown_program(program),
                };
                Ok(taken.iter().map(u32::to_string).collect())
            })
        }
        ChapterId::Comprehensions => {
            let (count, delay, k) = (scenario.ticks, scenario.tick, scenario.limit);
            let names = scenario.names.clone();
            world::run(on, scenario, mode, || async move {
                let odd = comprehensions::odd_ticks(count, delay).await;
                let free = match program.variant {
                    Some("for-loop") => comprehensions::free_names(&names).await?,
                    Some("then") => comprehensions::free_names_then(&names).await?,
                    Some("buffered") => comprehensions::free_names_buffered(&names, k).await?,
                    Some("join-all") => comprehensions::free_names_join_all(&names).await?,
                    _ => unknown_program(program),
                };
                Ok(vec![
                    format!("odd ticks: {odd:?}"),
                    format!("free names: {free:?}"),
                ])
            })
        }
        ChapterId::Failures => {
            let page = |name| scenario.url_of(name);
            let (report, missing, slow) = (page("report"), page("missing"), page("slow"));
            let in_turn = [page("report"), page("forecast"), page("weekly")];
            let deadline = scenario.deadline;
            world::run(on, scenario, mode, || async move {
                Ok(match program.variant {
                    Some("error") => vec![value_or_error(failures::both(&report, &missing).await)],
                    Some("timeout") => {
                        vec![value_or_error(
                            failures::with_timeout(&slow, deadline).await,
                        )]
                    }
                    Some("cancel") => failures::cancel(&in_turn, deadline).await,
                    _ => unknown_program(program),
                })
            })
        }
        ChapterId::CpuBound => {
            let (job, ticks, period) = (scenario.job.clone(), scenario.ticks, scenario.tick);
            let pieces = scenario.chunks;
            world::run(on, scenario, mode, || async move {
                let primes = match program.variant {
                    Some("inline") => cpu_bound::work_and_tick(job, ticks, period).await,
                    Some("spawn-blocking") => {
                        cpu_bound::work_on_blocking_pool(job, ticks, period).await
                    }
                    Some("chunked") => cpu_bound::work_in_pieces(job, pieces, ticks, period).await,
                    _ => unknown_program(program),
                };
                Ok(vec![format!("{primes} primes"), format!("{ticks} ticks")])
            })
        }
        ChapterId::UnderTheHood => under_the_hood(on, program, scenario, mode),
        ChapterId::Sharing => {
            let (k, capacity) = (scenario.limit, scenario.capacity);
            let feed = scenario.urls_under(FEED);
            let readers: Vec<String> = (scenario.names.iter())
                .map(|name| scenario.url_of(name))
                .collect();
            // Only `crawl-send` may run on a multi-thread runtime: its tasks
            // are `Send`. (The simulated world is one thread whatever is
            // asked for.)
            let flavour = match program.variant {
                Some("crawl-send") => Flavour::MultiThread,
                _ => Flavour::CurrentThread,
            };
            world::run_on_runtime(on, flavour, scenario, mode, || async move {
                match program.variant {
                    Some("crawl-local") => Ok(sharing::crawl_local(SITE_START, k).await),
                    Some("crawl-send") => Ok(sharing::crawl_send(SITE_START, k).await),
                    Some("std-mutex") => sharing::readers_std_mutex(readers).await,
                    Some("tokio-mutex") => sharing::readers_tokio_mutex(readers).await,
                    Some("unbounded") => sharing::unbounded(feed).await,
                    Some("bounded") => sharing::bounded(feed, capacity).await,
                    Some("hang") => Ok(sharing::crawl_that_never_ends(SITE_START, k).await),
                    _ => unknown_program(program),
                }
            })
        }
    }
}

/// The programs of `under-the-hood`. Those that show their polls run on
/// our executor, whatever `on` says: showing them is what they are for.
fn under_the_hood(on: Executor, program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    let shown = Executor::Ours(Polls::Shown);
    match program.variant {
        Some("state-machine") => {
            let url = scenario.pages[0].url.clone();
            world::run(on, scenario, mode, || async move {
                under_the_hood::download(&url).await.map(|name| vec![name])
            })
        }
        Some("download-polls") => {
            let download = Program {
                chapter: ChapterId::Download,
                variant: None,
                ..program
            };
            run(shown, download, scenario, mode)
        }
        Some("join-all-polls") => {
            let urls = scenario.urls();
            world::run(shown, scenario, mode, || async move {
                fan_out::join_all_pages(&urls).await
            })
        }
        _ => unknown_program(program),
    }
}
