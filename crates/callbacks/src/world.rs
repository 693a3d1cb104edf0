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
