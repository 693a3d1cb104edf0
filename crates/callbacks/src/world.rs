//! Runs a chapter on a fresh event loop, in the simulated or the real world.

use crate::EventLoop;
use std::cell::RefCell;
use std::rc::Rc;
use threeways_core::sim::RUN_ON;
use threeways_core::world::Mode;
use threeways_core::{Clock, Error, Run, Scenario};

/// What a program ends with: its values, or the error that stopped it.
type ProgramResult = Result<Vec<String>, Error>;

/// The continuation a chapter's program calls with its values, ending it.
pub(crate) type Finish = crate::Done<Vec<String>>;

/// Starts `main` on a new loop, runs the loop until it has nothing left to
/// do, and returns the trace and outcome. If `main` never calls its `Finish`
/// continuation, the outcome says so.
pub(crate) fn run(
    scenario: &Scenario,
    mode: &Mode,
    main: impl FnOnce(&mut EventLoop, Finish),
) -> Run {
    let (net, disk) = mode.net_and_disk(scenario);
    let mut lp = match EventLoop::new(net, disk.clone()) {
        Ok(lp) => lp,
        Err(error) => panic!("could not create the event loop's poll: {error}"),
    };
    // Where `finish` leaves the program's result for us to read afterwards.
    let slot: Rc<RefCell<Option<ProgramResult>>> = Rc::default();
    let result_slot = Rc::clone(&slot);
    lp.run_on_until(RUN_ON, false);
    main(
        &mut lp,
        Box::new(move |lp, result| {
            *result_slot.borrow_mut() = Some(result);
            // The program is over; what it left behind may run on a while.
            let end = lp.now();
            lp.run_on_until(end + RUN_ON, true);
        }),
    );
    lp.run();
    let clock = if lp.is_simulated() {
        Clock::Virtual
    } else {
        Clock::Wall
    };
    let trace = lp.recorder.finish(lp.now(), clock, lp.thread_count());
    let result = slot
        .borrow_mut()
        .take()
        .unwrap_or(Err(Error::NeverFinished));
    Run {
        trace,
        outcome: disk.outcome(result),
    }
}

#[cfg(test)]
mod tests {
    //! CPU time and the clock: a wait that starts after CPU work starts
    //! when the work ends, not when it began.

    use crate::cpu::compute;
    use crate::time::sleep;
    use std::time::Duration;
    use threeways_core::trace::Event;
    use threeways_core::world::Mode;
    use threeways_core::{CpuJob, Scenario};

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
        let sleep_span = run.trace.events.iter().find_map(|event| match event {
            Event::Span {
                start, end, label, ..
            } if label == "sleep 50 ms" => Some((start.as_millis(), end.as_millis())),
            _ => None,
        });
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
        assert_eq!(run.trace.total, threeways_core::sim::RUN_ON);
        let never_ends = super::run(&Scenario::default(), &Mode::Simulated, |lp, _| {
            tick_for_ever(lp);
        });
        assert_eq!(
            never_ends.outcome.result,
            Err(threeways_core::Error::NeverFinished)
        );
        assert_eq!(never_ends.trace.total, threeways_core::sim::RUN_ON);
    }
}
