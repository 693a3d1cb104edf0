//! Judge for the `cpu-bound` chapter: a task that blocks the thread starves
//! the others.
//!
//! The program spawns the answer's heartbeat as a task, then fetches a page
//! that the server sends in 250 ms. The blocking program does the same with
//! a thread for the heartbeat: the page comes at 250 ms and the beats every
//! 100 ms. An answer that blocks the thread gets its beats on time, but the
//! page late, and the message says for how long the heartbeat held the
//! thread. The time the answer holds the thread is counted whether or not
//! the page is late: a heartbeat that blocks in small pieces, with an
//! `.await` between them, lets the page through on time and still holds
//! the thread. A second case, with another count, period and page, leaves
//! no constant that fits both.

use crate::blocking;
use crate::judge::{
    BLOCKING, Checked, Judge, and_list, attempt, check_nothing_after, count, cpu_held, judge, ms,
    notes_on, wrong_beside_in, wrong_in,
};
use crate::thread::name_sleeps;
use crate::verdict::Verdict;
use std::time::Duration;
use threeways_model::{Page, Run, Scenario, Trace};
use threeways_world::Mode;
use tracing::{Instrument, info_span};

/// The page the program fetches while the heartbeat beats.
const REPORT: &str = "http://example.com/report";
/// The lane of the heartbeat thread or task in the trace.
const LANE: &str = "heartbeat";

/// One run of the program: how many beats, how far apart, and how long the
/// page takes.
struct Case {
    beats: u32,
    every: Duration,
    page: Duration,
}

impl Case {
    /// How a message begins: "With 5 beats of 100 ms and a page of 250 ms".
    fn when(&self) -> String {
        format!(
            "With {} beats, one every {}, and a page that takes {}",
            self.beats,
            ms(self.every),
            ms(self.page)
        )
    }

    fn scenario(&self) -> Scenario {
        Scenario {
            pages: vec![Page::new(
                REPORT,
                "all systems go",
                self.page.as_millis() as u64,
            )],
            ..Scenario::default()
        }
    }
}

const CASES: [Case; 2] = [
    Case {
        beats: 5,
        every: Duration::from_millis(100),
        page: Duration::from_millis(250),
    },
    // Times with no step in common with the first case's.
    Case {
        beats: 3,
        every: Duration::from_millis(73),
        page: Duration::from_millis(181),
    },
];

/// What a run gave: when the page came back, and the whole run.
struct Ran {
    page_at: Duration,
    run: Run,
}

impl crate::judge::OneRun for Ran {
    fn run(&self) -> &Run {
        &self.run
    }
}

fn run_blocking(mode: &Mode, case: &Case) -> Ran {
    let mut page_at = Duration::ZERO;
    let (beats, every) = (case.beats, case.every);
    let run = threeways_blocking::run_program(mode, &case.scenario(), || {
        let beating = threeways_blocking::prelude::thread::Builder::new()
            .name(LANE.to_owned())
            .spawn(move || blocking::heartbeat(beats, every))
            .expect("the system starts a thread");
        let page = threeways_blocking::io::fetch(REPORT);
        page_at = threeways_blocking::cpu::now();
        beating.join().expect("the heartbeat does not panic");
        page.map(|_| Vec::new())
    });
    Ran { page_at, run }
}

fn run_async<F>(mode: &Mode, case: &Case, answer: &impl Fn(u32, Duration) -> F) -> Ran
where
    F: Future<Output = ()> + Send + 'static,
{
    let page_at = std::rc::Rc::new(std::cell::Cell::new(Duration::ZERO));
    let slot = std::rc::Rc::clone(&page_at);
    let run = threeways_async::run_program(mode, &case.scenario(), || async move {
        let beating = threeways_async::task::spawn(
            answer(case.beats, case.every).instrument(info_span!(LANE)),
        );
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
        for case in &CASES {
            judge.case(|judge| {
                let want = run_blocking(&Mode::Simulated, case);
                let got = attempt(&case.when(), |mode| run_async(mode, case, &answer))?;
                check_case(judge, case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_case(judge: &mut Judge, case: &Case, got: &Ran, want: &Ran) -> Checked {
    let when = case.when();
    let run = Run {
        trace: name_sleeps(got.run.trace.clone()),
        outcome: got.run.outcome.clone(),
    };
    let trace = &run.trace;
    let reference = &want.run.trace;
    check_thread_held(&when, got, want, trace)?;
    if got.page_at != want.page_at {
        return Err(wrong_beside_in(
            format!(
                "{when}, the page came back at {}; it should come back at {}, while the \
                 heartbeat goes on.",
                ms(got.page_at),
                ms(want.page_at)
            ),
            trace,
            reference,
            BLOCKING,
        ));
    }
    let (beats, want_beats) = (notes_on(trace, LANE), notes_on(reference, LANE));
    check_beats(&when, case, (&beats, trace), (&want_beats, reference))?;
    let end = beats.last().copied().unwrap_or_default().max(got.page_at);
    check_nothing_after(
        &when,
        &run,
        end,
        &format!("the heartbeat was over at {}", ms(end)),
        "",
    )?;
    let (total, want_total) = (trace.total, reference.total);
    if total != want_total {
        return Err(wrong_beside_in(
            format!(
                "{when}, the program ran until {}; with the heartbeat on time it ends at {}.",
                ms(total),
                ms(want_total)
            ),
            trace,
            reference,
            BLOCKING,
        ));
    }
    judge.pass(format!(
        "{when}, the page comes back at {} while the heartbeat beats at {}: the task waits \
         without holding the thread, and the other task runs meanwhile.",
        ms(got.page_at),
        beat_times(&beats)
    ));
    Ok(())
}

fn beat_times(beats: &[Duration]) -> String {
    let times: Vec<String> = beats.iter().map(|at| ms(*at)).collect();
    and_list(&times)
}

/// Fails if the answer held the thread at all: computed, or blocked with
/// `thread::sleep`. Its symptom is a late page; held in pieces short enough
/// to let the page through, it is the same mistake, and said so. As this is
/// a find-the-bug exercise, the message stops at the symptom: the hint has
/// the fix.
fn check_thread_held(when: &str, got: &Ran, want: &Ran, trace: &Trace) -> Checked {
    let (pieces, held) = cpu_held(trace);
    if held.is_zero() {
        return Ok(());
    }
    let how = if pieces == 1 {
        "at once".to_owned()
    } else if held.as_nanos() % pieces as u128 == 0 {
        format!(
            "in {} of {}",
            count(pieces, "piece", "pieces"),
            ms(held / pieces as u32)
        )
    } else {
        format!("in {}", count(pieces, "piece", "pieces"))
    };
    if got.page_at > want.page_at {
        let message = format!(
            "{when}, the page came back at {}, though the server sends it in {}: the heartbeat \
             task held the thread for {} in all, {how}, with `thread::sleep`, and no other task \
             could run meanwhile, not even to take the page.",
            ms(got.page_at),
            ms(want.page_at),
            ms(held)
        );
        return Err(wrong_beside_in(message, trace, &want.run.trace, BLOCKING));
    }
    let message = {
        format!(
            "{when}, the heartbeat task held the thread for {} in all, {how}, with \
             `thread::sleep`, and gave it back only between pieces. The page came back on time \
             only because it was due between two pieces: while a piece runs, no other task runs. \
             A heartbeat that waits need not hold the thread at all.",
            ms(held)
        )
    };
    Err(wrong_in(message, trace))
}

fn check_beats(
    when: &str,
    case: &Case,
    (beats, trace): (&[Duration], &Trace),
    (want, reference): (&[Duration], &Trace),
) -> Checked {
    if beats.len() != want.len() {
        return Err(wrong_in(
            format!(
                "{when}, your heartbeat beat {} times; it should beat {} times. Keep its \
                 `note!`: the checker counts the notes the heartbeat task writes.",
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
            "{when}, every heartbeat came at 0 ms: nothing waited between beats. A future does \
             nothing until it is awaited: did you forget `.await` after `sleep(every)`? {}",
            crate::thread::REAL_SLEEP
        )
    } else {
        format!(
            "{when}, the heartbeats came at {}; they should come at {}, one every `every` ({} \
             here).",
            beat_times(beats),
            beat_times(want),
            ms(case.every)
        )
    };
    Err(wrong_beside_in(message, trace, reference, BLOCKING))
}
