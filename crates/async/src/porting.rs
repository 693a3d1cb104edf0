//! The `porting` page: the blocking fan-out with a thread per request
//! (`crates/blocking/src/chapters/fan_out.rs`, `thread_per_request`),
//! ported to async one small step at a time. Every step compiles, and the
//! tests below run each one and check that it returns what the original
//! returns, in the time the page says.

use crate::io::fetch;
use crate::task::spawn;
use futures::future::join_all;
use futures::stream::{self, StreamExt, TryStreamExt};
use std::num::NonZeroUsize;
use threeways_core::{Error, page_name};

// ANCHOR: step_1
/// Step 1: the helper becomes an `async fn`. The body is the same; each
/// call that waits gets an `.await`.
async fn fetch_summary(url: &str) -> Result<String, Error> {
    let body = fetch(url).await?;
    Ok(format!("{}: {} bytes", page_name(url), body.len()))
}
// ANCHOR_END: step_1

// ANCHOR: step_2
/// Step 2: threads become tasks, one for one. `spawn` takes a future
/// instead of a closure, and joining becomes `.await`.
pub async fn task_per_request(urls: &[String]) -> Result<Vec<String>, Error> {
    let tasks: Vec<_> = urls
        .iter()
        .map(|url| {
            let owned = url.clone(); // a task, like a thread, owns its data
            spawn(page_name(url), async move { fetch_summary(&owned).await })
        })
        .collect();
    let mut summaries = Vec::new();
    for task in tasks {
        summaries.push(task.await.expect("a fetch task does not panic")?);
    }
    Ok(summaries)
}
// ANCHOR_END: step_2

// ANCHOR: step_3
/// Step 3: no tasks at all. The futures wait together inside this one, so
/// nothing needs to own its URL, and the code is back to the shape of the
/// sequential loop.
pub async fn all_at_once(urls: &[String]) -> Result<Vec<String>, Error> {
    join_all(urls.iter().map(|url| fetch_summary(url)))
        .await
        .into_iter()
        .collect()
}
// ANCHOR_END: step_3

// ANCHOR: step_4
/// Step 4: at most `k` at a time, which the thread version needed a pool,
/// a queue and a lock for. `buffered` keeps the results in order.
pub async fn at_most(urls: &[String], k: NonZeroUsize) -> Result<Vec<String>, Error> {
    stream::iter(urls)
        .map(|url| fetch_summary(url))
        .buffered(k.get())
        .try_collect()
        .await
}
// ANCHOR_END: step_4

#[cfg(test)]
mod tests {
    //! Each step returns what the blocking original returns, on the
    //! fan-out chapter's scenario, and takes the time the page says.

    use super::*;
    use threeways_core::world::Mode;
    use threeways_core::{ChapterId, Outcome, Run, Scenario};

    fn scenario() -> Scenario {
        Scenario::for_chapter(ChapterId::FanOut)
    }

    /// What the blocking `thread_per_request` returns: the original.
    fn original() -> Outcome {
        let program = ChapterId::FanOut
            .program(threeways_core::Style::Blocking, Some("thread-per-request"))
            .expect("the original exists");
        threeways_blocking::run(program, &scenario(), &Mode::Simulated).outcome
    }

    fn step<F, Fut>(program: F) -> Run
    where
        F: FnOnce(Vec<String>) -> Fut,
        Fut: Future<Output = Result<Vec<String>, Error>>,
    {
        let urls = scenario().urls();
        crate::world::run(&scenario(), &Mode::Simulated, move || program(urls))
    }

    #[test]
    fn every_step_returns_what_the_original_returns() {
        let original = original();
        let longest = scenario().pages.iter().map(|p| p.latency).max().unwrap();
        let step_2 = step(|urls| async move { task_per_request(&urls).await });
        let step_3 = step(|urls| async move { all_at_once(&urls).await });
        let step_4 = step(|urls| async move {
            let all = NonZeroUsize::new(urls.len()).expect("the scenario has pages");
            at_most(&urls, all).await
        });
        for (name, run) in [("step 2", step_2), ("step 3", step_3), ("step 4", step_4)] {
            assert_eq!(run.outcome, original, "{name}");
            assert_eq!(
                run.trace.total, longest,
                "{name}: all at once takes the longest wait"
            );
        }
    }

    #[test]
    fn a_limit_of_one_is_the_sequential_program() {
        let run = step(|urls| async move { at_most(&urls, NonZeroUsize::MIN).await });
        let sum: std::time::Duration = scenario().pages.iter().map(|p| p.latency).sum();
        assert_eq!(run.trace.total, sum);
        assert_eq!(run.outcome, original());
    }
}
