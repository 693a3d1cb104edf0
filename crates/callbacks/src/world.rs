//! Runs a chapter on a fresh event loop, in the simulated or the real world.

use crate::EventLoop;
use std::cell::RefCell;
use std::rc::Rc;
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
    main(
        &mut lp,
        Box::new(move |_, result| *result_slot.borrow_mut() = Some(result)),
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
}
