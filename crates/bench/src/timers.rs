//! N timers of [`WAIT`] at once, in each style: the cheapest wait there is,
//! so what it costs is the cost of the waiting machinery itself.

use crate::bare::BareLoop;
use crate::downloads::real_loop;
use crate::job::{Runner, Style, WAIT};
use crate::meter::{Meter, Waited};
use crate::threads::ThreadStarter;
use std::cell::Cell;
use std::rc::Rc;
use threeways_event_loop::executor::{self, block_on};
use threeways_event_loop::time::Sleep;

/// Runs `n` timers at once by `runner`, and waits for all of them.
pub fn run(runner: Runner, n: u64, meter: &mut Meter) -> Result<Waited, String> {
    match runner {
        Runner::Style(Style::Blocking) => threads(n, meter),
        Runner::Style(Style::Callbacks) => callbacks(n, meter),
        Runner::Style(Style::Async) => tasks(n, meter),
        Runner::OurExecutor => our_tasks(n, meter),
        Runner::Bare => bare(n, meter),
    }
}

/// A thread per timer, each blocked in `sleep`.
fn threads(n: u64, meter: &mut Meter) -> Result<Waited, String> {
    let starter = ThreadStarter::new()?;
    meter.start();
    let spawned = starter.spawn_each(n, || {
        || {
            std::thread::sleep(WAIT);
            true
        }
    });
    Ok(spawned.join())
}

/// One event loop with a callback per timer.
fn callbacks(n: u64, meter: &mut Meter) -> Result<Waited, String> {
    let mut lp = real_loop()?;
    let ended = Rc::new(Cell::new(0));
    meter.start();
    for _ in 0..n {
        let ended = Rc::clone(&ended);
        lp.set_timer(WAIT, move |_| ended.set(ended.get() + 1));
    }
    lp.run();
    Ok(Waited::all(n, n - ended.get()))
}

/// The same callbacks on a bare `BinaryHeap` loop (`bare.rs`), to compare
/// with [`callbacks`].
fn bare(n: u64, meter: &mut Meter) -> Result<Waited, String> {
    let mut lp = BareLoop::default();
    let ended = Rc::new(Cell::new(0));
    meter.start();
    for _ in 0..n {
        let ended = Rc::clone(&ended);
        lp.set_timer(WAIT, move |_| ended.set(ended.get() + 1));
    }
    lp.run();
    Ok(Waited::all(n, n - ended.get()))
}

/// One tokio thread with a task per timer.
fn tasks(n: u64, meter: &mut Meter) -> Result<Waited, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|error| format!("cannot start a tokio runtime: {error}"))?;
    meter.start();
    let errors = runtime.block_on(async {
        let handles: Vec<_> = (0..n)
            .map(|_| tokio::spawn(tokio::time::sleep(WAIT)))
            .collect();
        let mut errors = 0;
        for handle in handles {
            // A task that panicked; a sleep does not, but it is counted.
            if handle.await.is_err() {
                errors += 1;
            }
        }
        errors
    });
    Ok(Waited::all(n, errors))
}

/// Our executor on one event loop, with a task per timer: each a `Sleep`,
/// whose loop timer holds the task's waker.
fn our_tasks(n: u64, meter: &mut Meter) -> Result<Waited, String> {
    let mut lp = real_loop()?;
    let _executor = executor::enter(&lp, executor::Polls::Hidden);
    meter.start();
    let errors = block_on(&mut lp, async {
        let handles: Vec<_> = (0..n)
            .map(|_| executor::spawn("timer", Sleep::new(WAIT)))
            .collect();
        let mut errors = 0;
        for handle in handles {
            if handle.await.is_err() {
                errors += 1;
            }
        }
        errors
    });
    // `None`: the loop ran out of things to do with timers still waiting.
    Ok(Waited::all(n, errors.unwrap_or(n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{RUNNERS, Runner};

    #[test]
    fn every_runner_waits_for_all_its_timers() {
        for runner in RUNNERS.into_iter().chain([Runner::Bare]) {
            let mut meter = Meter::default();
            let started = std::time::Instant::now();
            let waited = run(runner, 50, &mut meter).unwrap();
            assert_eq!(waited, Waited::all(50, 0), "{runner}");
            assert!(started.elapsed() >= WAIT, "{runner}");
        }
    }
}
