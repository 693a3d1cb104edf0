//! N timers of [`WAIT`] at once, in each style: the cheapest wait there is,
//! so what it costs is the cost of the waiting machinery itself.

use crate::downloads::real_loop;
use crate::job::{Style, WAIT};
use crate::meter::{Meter, Waited};
use crate::threads::ThreadStarter;
use std::cell::Cell;
use std::rc::Rc;

/// Runs `n` timers at once in `style`, and waits for all of them.
pub fn run(style: Style, n: u64, meter: &mut Meter) -> Result<Waited, String> {
    match style {
        Style::Blocking => threads(n, meter),
        Style::Callbacks => callbacks(n, meter),
        Style::Async => tasks(n, meter),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::STYLES;

    #[test]
    fn every_style_waits_for_all_its_timers() {
        for style in STYLES {
            let mut meter = Meter::default();
            let started = std::time::Instant::now();
            let waited = run(style, 50, &mut meter).unwrap();
            assert_eq!(waited, Waited::all(50, 0), "{style}");
            assert!(started.elapsed() >= WAIT, "{style}");
        }
    }
}
