//! Runs a chapter on a fresh event loop, in the simulated or the real world:
//! a program of callbacks ([`run`]), or a future on our executor
//! ([`run_future`]).

use crate::EventLoop;
use crate::executor::{self, Polls, block_on};
use std::cell::RefCell;
use std::rc::Rc;
use threeways_model::lanes::Lanes;
use threeways_model::{Clock, Error, Run, Scenario};
use threeways_sim::hang::{self, NO_CALLBACK_LEFT, NO_TASK_CAN_WAKE};
use threeways_sim::{RUN_ON, STOPPED_LANE, stopped_note};
use threeways_world::Mode;

/// What a program ends with: its values, or the error that stopped it.
type ProgramResult = Result<Vec<String>, Error>;

/// The continuation a chapter's program calls with its values, ending it.
pub(crate) type Finish = Box<dyn crate::Done<Vec<String>>>;

/// Starts `main` on a new loop, runs the loop until it has nothing left to
/// do, and returns the trace and outcome. If `main` never calls its `Finish`
/// continuation, the outcome says so.
pub(crate) fn run(
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce(&mut EventLoop, Finish),
) -> Run {
    let (net, disk) = mode.net_and_disk(scenario);
    let mut lp = match EventLoop::new(net, disk.clone(), mode.recorder()) {
        Ok(lp) => lp,
        Err(error) => panic!("could not create the event loop's poll: {error}"),
    };
    // Where `finish` leaves the program's result for us to read afterwards.
    let slot: Rc<RefCell<Option<ProgramResult>>> = Rc::default();
    let result_slot = Rc::clone(&slot);
    // A program whose timers re-arm themselves would run for ever: the
    // simulated world stops it `RUN_ON` after its end (or its start, if it
    // never ends), so that what it left behind shows, and says so.
    let simulated = lp.is_simulated();
    if simulated {
        lp.set_limit(RUN_ON);
    }
    // The run's own `tracing` subscriber names each chain after its span.
    tracing::dispatcher::with_default(&Lanes::dispatch(), || {
        main(
            &mut lp,
            Box::new(move |lp, result| {
                *result_slot.borrow_mut() = Some(result);
                if simulated {
                    let until = lp.now() + RUN_ON;
                    lp.set_limit(until);
                }
            }),
        );
        lp.run();
    });
    let finished = slot.borrow().is_some();
    if !finished && lp.timers_set() == 0 {
        // Nothing is left that could call `finish`: the program hung.
        let _waiting = lp
            .recorder()
            .unseen_wait(&"main".into(), "`done`, its last continuation");
        hang::report(lp.recorder(), lp.now(), NO_CALLBACK_LEFT);
        *slot.borrow_mut() = Some(Err(Error::Hung));
    } else if simulated && lp.timers_set() > 0 {
        let after_end = finished;
        lp.jump_to_limit();
        let what = match lp.timers_set() {
            1 => "1 timer set".to_owned(),
            n => format!("{n} timers set"),
        };
        let note = stopped_note(after_end, &what);
        lp.recorder().note(lp.now(), &STOPPED_LANE.into(), note);
    }
    let clock = if lp.is_simulated() {
        Clock::Virtual
    } else {
        Clock::Wall
    };
    let trace = lp.recorder().finish(lp.now(), clock, lp.thread_count());
    let result = slot
        .borrow_mut()
        .take()
        .unwrap_or(Err(Error::NeverFinished));
    Run {
        trace,
        outcome: disk.outcome(result),
    }
}

/// Runs `main` as the main future of our executor (`executor.rs`) on a
/// new loop, with the tasks it leaves behind, and returns the trace and
/// outcome. With `polls` shown, the trace has every poll and wake.
pub(crate) fn run_future(
    scenario: &Scenario,
    mode: &Mode,
    polls: Polls,
    main: impl Future<Output = ProgramResult>,
) -> Run {
    let (net, disk) = mode.net_and_disk(scenario);
    let mut lp = match EventLoop::new(net, disk.clone(), mode.recorder()) {
        Ok(lp) => lp,
        Err(error) => panic!("could not create the event loop's poll: {error}"),
    };
    let entered = executor::enter(&lp, polls);
    // Pinned here, not in `block_on`, so that it is still alive (and what
    // it waits on still known) when a hang is reported.
    let mut main = std::pin::pin!(main);
    let result = block_on(&mut lp, main.as_mut());
    if result.is_none() {
        // Nothing is left that could wake `main`: the program hung.
        hang::report(lp.recorder(), lp.now(), NO_TASK_CAN_WAKE);
    } else {
        executor::run_on(&mut lp, &entered);
    }
    let clock = if lp.is_simulated() {
        Clock::Virtual
    } else {
        Clock::Wall
    };
    let trace = lp.recorder().finish(lp.now(), clock, lp.thread_count());
    Run {
        trace,
        outcome: disk.outcome(result.unwrap_or(Err(Error::Hung))),
    }
}

/// Runs `main` on a new simulated loop with our executor set up but
/// polling nothing (for `Sleep` and `from_callback`, which need it), then
/// the loop until nothing is left to do, for at most `RUN_ON`: for an
/// executor of someone else's, such as an exercise's.
pub(crate) fn run_loop(mode: &Mode, scenario: &Scenario, main: impl FnOnce(&mut EventLoop)) -> Run {
    let (net, disk) = mode.net_and_disk(scenario);
    let mut lp = match EventLoop::new(net, disk.clone(), mode.recorder()) {
        Ok(lp) => lp,
        Err(error) => panic!("could not create the event loop's poll: {error}"),
    };
    let _entered = executor::enter(&lp, Polls::Hidden);
    lp.set_limit(RUN_ON);
    tracing::dispatcher::with_default(&Lanes::dispatch(), || {
        main(&mut lp);
        lp.run();
    });
    let trace = lp
        .recorder()
        .finish(lp.now(), Clock::Virtual, lp.thread_count());
    Run {
        trace,
        outcome: disk.outcome(Ok(Vec::new())),
    }
}

#[cfg(test)]
mod tests {
    //! CPU time and the clock: a wait that starts after CPU work starts
    //! when the work ends, not when it began.

    use crate::cpu::compute;
    use crate::time::sleep;
    use std::time::Duration;
    use threeways_model::{CpuJob, Scenario};
    use threeways_world::Mode;

    #[test]
    fn a_sleep_after_cpu_work_wakes_at_the_sum_of_the_two() {
        let job = CpuJob {
            from: 0,
            to: 0,
            cost: Duration::from_millis(50),
        };
        let run = super::run(&Scenario::default(), &Mode::Simulated, move |lp, finish| {
            compute(lp, &job);
            sleep(lp, Duration::from_millis(50), move |lp| {
                let now = format!("{} ms", lp.now().as_millis());
                finish(lp, Ok(vec![now]));
            });
        });
        assert_eq!(run.outcome.result, Ok(vec!["100 ms".to_owned()]));
        let sleep_span = (run.trace.spans())
            .find(|span| span.label == "sleep 50 ms")
            .map(|span| (span.start.as_millis(), span.end.as_millis()));
        assert_eq!(sleep_span, Some((50, 100)));
    }

    /// A timer that re-arms itself for ever.
    fn tick_for_ever(lp: &mut crate::EventLoop) {
        sleep(lp, Duration::from_millis(1000), tick_for_ever);
    }

    #[test]
    fn work_left_behind_runs_on_after_the_end_and_shows() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, |lp, finish| {
            sleep(lp, Duration::from_millis(30), |lp| {
                lp.note("left behind".into())
            });
            finish(lp, Ok(vec![]));
        });
        assert_eq!(
            run.trace.render_text(),
            " 0 ms  main  [wait 30 ms] sleep 30 ms\n30 ms  main  left behind\n\
             total: 30 ms (virtual), 1 thread\n"
        );
    }

    #[test]
    fn a_timer_that_re_arms_itself_for_ever_is_stopped_and_said() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, |lp, finish| {
            finish(lp, Ok(vec![]));
            sleep(lp, Duration::from_millis(300), tick_for_ever);
        });
        let last = run
            .trace
            .events
            .last()
            .expect("a note")
            .describe(run.trace.clock);
        assert_eq!(
            last,
            "stopped: still going 10000 ms after the program ended (1 timer set)"
        );
        assert_eq!(run.trace.total, threeways_sim::RUN_ON);
        let never_ends = super::run(&Scenario::default(), &Mode::Simulated, |lp, _| {
            tick_for_ever(lp);
        });
        assert_eq!(
            never_ends.outcome.result,
            Err(threeways_model::Error::NeverFinished)
        );
        assert_eq!(never_ends.trace.total, threeways_sim::RUN_ON);
    }

    /// A program whose last continuation nothing is left to call: the
    /// loop runs out of callbacks, and the run ends there with a report.
    #[test]
    fn a_continuation_never_called_ends_the_run_with_a_report() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, |lp, finish| {
            sleep(lp, Duration::from_millis(30), move |lp| {
                crate::note!(lp, "forgot to call finish");
                drop(finish);
            });
        });
        assert_eq!(run.outcome.result, Err(threeways_model::Error::Hung));
        assert_eq!(
            run.trace.render_text(),
            " 0 ms  main   [wait 30 ms] sleep 30 ms\n\
             30 ms  main   forgot to call finish\n\
             30 ms  world  hung: the loop has nothing left to run, and `done` was not called\n\
             30 ms  world  hung: main waits: `done`, its last continuation\n\
             total: 30 ms (virtual), 1 thread\n"
        );
    }

    /// Two jobs on the worker: the one submitted first, and done first,
    /// is due later. Each continuation runs at its job's virtual time, in
    /// that order, not in the order the worker finished them.
    #[test]
    fn a_job_reports_at_its_virtual_time_not_when_the_worker_is_done() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, |lp, finish| {
            let order = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let (first, second) = (std::rc::Rc::clone(&order), order);
            lp.run_on_worker(
                Duration::from_millis(30),
                || "slow",
                move |lp, said| {
                    first.borrow_mut().push(format!("{said} at {:?}", lp.now()));
                },
            );
            lp.run_on_worker(
                Duration::from_millis(10),
                || "quick",
                move |lp, said| {
                    second
                        .borrow_mut()
                        .push(format!("{said} at {:?}", lp.now()));
                    let second = std::rc::Rc::clone(&second);
                    lp.set_timer(Duration::from_millis(50), move |lp| {
                        finish(lp, Ok(second.take()));
                    });
                },
            );
        });
        assert_eq!(
            run.outcome.result,
            Ok(vec!["quick at 10ms".to_owned(), "slow at 30ms".to_owned()])
        );
        assert_eq!(run.trace.threads, 2, "the loop's thread and the worker");
    }

    #[test]
    fn a_job_that_panics_panics_the_loop_where_its_output_is_taken() {
        let caught = std::panic::catch_unwind(|| {
            super::run(&Scenario::default(), &Mode::Simulated, |lp, _| {
                let job = || -> u8 { panic!("the job failed") };
                lp.run_on_worker(Duration::ZERO, job, |_, _| {});
            })
        });
        assert!(caught.is_err());
    }

    // ANCHOR: a_test
    #[test]
    fn a_cancelled_timer_never_runs() {
        let run = super::run(&Scenario::default(), &Mode::Simulated, |lp, finish| {
            let doomed = lp.set_timer(Duration::from_millis(10), |lp| {
                crate::note!(lp, "the cancelled timer ran");
            });
            lp.cancel_timer(doomed);
            lp.set_timer(Duration::from_millis(20), |lp| finish(lp, Ok(vec![])));
        });
        assert!(!run.render_text().contains("cancelled timer ran"));
        assert_eq!(run.trace.total, Duration::from_millis(20));
    }
    // ANCHOR_END: a_test
}
