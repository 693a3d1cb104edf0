//! The `porting` page's steps (`crates/async/src/porting.rs`): each
//! returns what the blocking original returns, on the fan-out chapter's
//! scenario, and takes the time the page says. The original is the
//! blocking style's, so the comparison lives here, beside the other
//! comparisons across styles.

use std::num::NonZeroUsize;
use threeways_async::porting::{all_at_once, at_most, task_per_request};
use threeways_model::{ChapterId, Error, Outcome, Run, Scenario, Style};
use threeways_world::Mode;

fn scenario() -> Scenario {
    Scenario::for_chapter(ChapterId::FanOut)
}

/// What the blocking `thread_per_request` returns: the original.
fn original() -> Outcome {
    let program = ChapterId::FanOut
        .program(Style::Blocking, Some("thread-per-request"))
        .expect("the original exists");
    threeways_blocking::run(program, &scenario(), &Mode::Simulated).outcome
}

fn step<F, Fut>(program: F) -> Run
where
    F: FnOnce(Vec<String>) -> Fut,
    Fut: Future<Output = Result<Vec<String>, Error>>,
{
    let urls = scenario().urls();
    threeways_async::run_program(&threeways_world::Mode::Simulated, &scenario(), move || {
        program(urls)
    })
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
