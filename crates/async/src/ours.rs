//! Runs a program on our own executor instead of tokio: the callback
//! style's event loop, turned into an executor in
//! `threeways_callbacks::executor`, in the simulated world.
//!
//! Nothing in the chapters changes: their waits go through `clock.rs`,
//! whose timers are then the loop's, and their tasks through `task.rs`,
//! whose `spawn` is then ours. The world runs on after `main` returns until
//! no task is left, for at most `RUN_ON`, as on tokio (`run_on.rs`), and
//! the tests hold the two executors to byte-identical traces.
//!
//! What does not run here: programs that name tokio's own timers
//! (`timeout`) or task set (`JoinSet`), which need tokio's timer wheel and
//! task list (`crate::runs_on_ours` lists them), and the real world, whose
//! client is tokio's `TcpStream`.

use crate::clock::RunClock;
use crate::cpu_time::CpuTime;
use crate::world::{LANE, World, enter};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use threeways_callbacks::EventLoop;
use threeways_callbacks::executor::{self, Polls, block_on};
use threeways_core::world::Mode;
use threeways_core::{Clock, Error, Lane, Recorder, Run, Scenario};

/// Runs the future `main` makes on our executor, showing its `polls` or
/// not, and returns the trace and outcome.
pub(crate) fn run<F>(
    scenario: &Scenario,
    mode: &Mode,
    polls: Polls,
    main: impl FnOnce() -> F,
) -> Run
where
    F: Future<Output = Result<Vec<String>, Error>>,
{
    assert!(
        mode.is_simulated(),
        "our executor runs the async programs in the simulated world only"
    );
    let (net, disk) = mode.net_and_disk(scenario);
    let recorder = Recorder::new();
    let mut lp = EventLoop::new(net.clone(), disk.clone(), recorder.clone())
        .unwrap_or_else(|error| panic!("could not create the event loop's poll: {error}"));
    let world = Arc::new(World {
        recorder,
        net,
        disk: disk.clone(),
        clock: RunClock::Loop(lp.handle()),
        cpu: CpuTime::default(),
        used_blocking_pool: AtomicBool::new(false),
    });
    let _leave = enter(&world);
    let entered = executor::enter(&lp, polls);
    let result = block_on(&mut lp, async {
        let result = LANE.scope(Lane::from("main"), main()).await;
        world.settle().await;
        result
    });
    executor::run_on(&mut lp, &entered);
    let threads = 1 + usize::from(world.used_blocking_pool.load(Ordering::Relaxed));
    let trace = world.recorder.finish(world.now(), Clock::Virtual, threads);
    Run {
        trace,
        outcome: disk.outcome(result.unwrap_or(Err(Error::NeverFinished))),
    }
}
