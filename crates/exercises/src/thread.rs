//! `thread::sleep` for the async exercises: `std::thread::sleep` as the
//! simulated world feels it.
//!
//! The real `std::thread::sleep` blocks the OS thread, and in a task it
//! blocks every other task on that thread too. But the simulated world's
//! clock only moves while tasks wait, so there the real one would take real
//! time and no virtual time, and the damage would not show. This one charges
//! the time as CPU work is charged (`threeways_async::cpu::compute`): the
//! task keeps the thread for `duration`, no other task runs meanwhile, and
//! the clock and the trace show it.
//!
//! It exists to show what blocking in a task does. A task that must wait
//! awaits: `threeways_async::time::sleep(duration).await`.

use std::time::Duration;
use threeways_model::trace::Event;
use threeways_model::{CpuJob, Trace};

/// What a message adds where nothing seemed to wait: the real
/// `std::thread::sleep` waits in real time, which the simulated clock does
/// not see.
pub(crate) const REAL_SLEEP: &str = "(A `std::thread::sleep` looks the same here: it blocks the \
    thread in real time, which the simulated clock does not see.)";

/// Blocks the thread for `duration`, as `std::thread::sleep` does, with
/// the time charged on the simulated clock. For async exercises only: it
/// needs the async world.
pub fn sleep(duration: Duration) {
    threeways_async::cpu::compute(&blocked_for(duration));
}

/// The CPU job that stands for a blocked thread: no work, only time.
fn blocked_for(duration: Duration) -> CpuJob {
    CpuJob {
        from: 0,
        to: 0,
        cost: duration,
    }
}

/// `trace`, with the spans of [`sleep`] called `thread::sleep` rather than
/// by the name of the CPU job they are made of.
pub(crate) fn name_sleeps(mut trace: Trace) -> Trace {
    let job_label = blocked_for(Duration::ZERO).label();
    for event in &mut trace.events {
        if let Event::Span { label, .. } = event
            && *label == job_label
        {
            "thread::sleep".clone_into(label);
        }
    }
    trace
}

#[cfg(test)]
mod tests {
    use std::time::Duration;
    use threeways_model::{Page, Scenario};
    use threeways_world::Mode;

    /// A fetch that starts after a blocking sleep starts when the sleep
    /// ends: it comes back at the sum of the two.
    #[test]
    fn a_fetch_after_a_blocking_sleep_ends_at_the_sum_of_the_two() {
        let scenario = Scenario {
            pages: vec![Page::new("http://example.com/x", "x", 50)],
            ..Scenario::default()
        };
        let run = threeways_async::run_program(&Mode::Simulated, &scenario, || async {
            super::sleep(Duration::from_millis(50));
            let body = threeways_async::io::fetch("http://example.com/x").await?;
            let at = threeways_async::time::now().as_millis();
            Ok(vec![format!("{} byte at {at} ms", body.len())])
        });
        assert_eq!(run.outcome.result, Ok(vec!["1 byte at 100 ms".to_owned()]));
        assert_eq!(run.trace.total, Duration::from_millis(100));
    }
}
