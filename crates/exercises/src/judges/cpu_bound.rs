//! Judge for the `cpu-bound` chapter: a task that blocks the thread starves
//! the others.
//!
//! The program spawns the answer's heartbeat as a task, then fetches a page
//! that the server sends in 250 ms. The blocking program does the same with
//! a thread for the heartbeat: the page comes at 250 ms and the beats every
//! 100 ms. An answer that blocks the thread gets its beats on time, but the
//! page late, and the message says for how long the heartbeat held the
//! thread.

use crate::blocking;
use crate::judge::{Checked, attempt, cpu_on, judge, ms, notes_on, wrong_in};
use crate::thread::name_sleeps;
use crate::verdict::Verdict;
use std::time::Duration;
use threeways_core::{Page, Run, Scenario, Trace};

/// The page the program fetches while the heartbeat beats.
const REPORT: &str = "http://example.com/report";
/// How many beats, and how far apart.
const BEATS: u32 = 5;
const EVERY: Duration = Duration::from_millis(100);
/// The lane of the heartbeat thread or task in the trace.
const LANE: &str = "heartbeat";

fn scenario() -> Scenario {
    Scenario {
        pages: vec![Page::new(REPORT, "all systems go", 250)],
        ..Scenario::default()
    }
}

/// What a run gave: when the page came back, and the whole run.
struct Ran {
    page_at: Duration,
    run: Run,
}

fn run_blocking() -> Ran {
    let mut page_at = Duration::ZERO;
    let run = threeways_blocking::run_program(&scenario(), || {
        let beating = threeways_blocking::thread::spawn(LANE, || {
            blocking::heartbeat(BEATS, EVERY);
        });
        let page = threeways_blocking::io::fetch(REPORT);
        page_at = threeways_blocking::cpu::now();
        beating.join();
        page.map(|_| Vec::new())
    });
    Ran { page_at, run }
}

fn run_async<F>(answer: &impl Fn(u32, Duration) -> F) -> Ran
where
    F: Future<Output = ()> + Send + 'static,
{
    let page_at = std::rc::Rc::new(std::cell::Cell::new(Duration::ZERO));
    let slot = std::rc::Rc::clone(&page_at);
    let run = threeways_async::run_program(&scenario(), || async move {
        let beating = threeways_async::task::spawn(LANE, answer(BEATS, EVERY));
        let page = threeways_async::io::fetch(REPORT).await;
        slot.set(threeways_async::time::now());
        threeways_async::trace::note("the page came back".to_owned());
        if let Err(error) = beating.await
            && error.is_panic()
        {
            std::panic::resume_unwind(error.into_panic());
        }
        page.map(|_| Vec::new())
    });
    Ran {
        page_at: page_at.get(),
        run,
    }
}

/// Judges `bug-thread-sleep`: `heartbeat(count, every)`, spawned as a task.
pub fn bug_thread_sleep<F>(answer: impl Fn(u32, Duration) -> F) -> Verdict
where
    F: Future<Output = ()> + Send + 'static,
{
    judge(|judge| {
        let want = run_blocking();
        let got = attempt("While the heartbeat task runs", || run_async(&answer))?;
        let trace = name_sleeps(got.run.trace.clone());
        check_page(&got, &want, &trace)?;
        let (beats, want_beats) = (notes_on(&trace, LANE), notes_on(&want.run.trace, LANE));
        check_beats(&beats, &want_beats, &trace)?;
        let (total, want_total) = (trace.total, want.run.trace.total);
        if total != want_total {
            return Err(wrong_in(
                format!(
                    "The program ran until {}; with the heartbeat on time it ends at {}.",
                    ms(total),
                    ms(want_total)
                ),
                &trace,
            ));
        }
        judge.pass(format!(
            "The page comes back at {} while the heartbeat beats at {}: the task waits without \
             holding the thread, and the other task runs meanwhile.",
            ms(got.page_at),
            beat_times(&beats)
        ));
        Ok(())
    })
}

fn beat_times(beats: &[Duration]) -> String {
    let times: Vec<String> = beats.iter().map(|at| ms(*at)).collect();
    crate::judge::and_list(&times)
}

fn check_page(got: &Ran, want: &Ran, trace: &Trace) -> Checked {
    if got.page_at == want.page_at {
        return Ok(());
    }
    let held: Duration = cpu_on(trace, LANE)
        .iter()
        .map(|(start, end)| *end - *start)
        .sum();
    let message = if held.is_zero() {
        format!(
            "The page came back at {}; it should come back at {}, while the heartbeat goes on.",
            ms(got.page_at),
            ms(want.page_at)
        )
    } else {
        format!(
            "The page came back at {}, though the server sends it in {}: the heartbeat task \
             held the thread for {} in all with `thread::sleep`, and no other task could run \
             meanwhile, not even to take the page. `thread::sleep` blocks the whole thread; a \
             task waits with `sleep(every).await`, which lets the others run.",
            ms(got.page_at),
            ms(want.page_at),
            ms(held)
        )
    };
    Err(wrong_in(message, trace))
}

fn check_beats(beats: &[Duration], want: &[Duration], trace: &Trace) -> Checked {
    if beats.len() != want.len() {
        return Err(wrong_in(
            format!(
                "Your heartbeat beat {} times; it should beat {} times. Keep its `note!`: the \
                 checker counts the notes the heartbeat task writes.",
                beats.len(),
                want.len()
            ),
            trace,
        ));
    }
    if beats == want {
        return Ok(());
    }
    let message = if beats.iter().all(|at| at.is_zero()) {
        format!(
            "Every heartbeat came at 0 ms: nothing waited between beats. A future does \
             nothing until it is awaited: did you forget `.await` after `sleep(every)`? {}",
            crate::thread::REAL_SLEEP
        )
    } else {
        format!(
            "The heartbeats came at {}; they should come at {}, one every {}.",
            beat_times(beats),
            beat_times(want),
            ms(EVERY)
        )
    };
    Err(wrong_in(message, trace))
}
