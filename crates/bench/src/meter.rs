//! Measuring a run: what its waits cost from the moment they began, and
//! what came of them.

use crate::procfs;
use crate::record::{Measurement, Outcome};
use std::time::Instant;

/// What came of a run's waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waited {
    /// How many waits were started.
    pub started: u64,
    /// How many of them failed.
    pub errors: u64,
    /// Why fewer waits were started than asked for, if so.
    pub stopped: Option<String>,
}

impl Waited {
    /// All `n` waits were started; `errors` of them failed.
    pub fn all(n: u64, errors: u64) -> Waited {
        Waited {
            started: n,
            errors,
            stopped: None,
        }
    }

    /// The row's outcome.
    pub(crate) fn outcome(self) -> Outcome {
        match self.stopped {
            None => Outcome::Finished {
                errors: self.errors,
            },
            Some(reason) => Outcome::Stopped {
                started: self.started,
                errors: self.errors,
                reason,
            },
        }
    }
}

/// Measures a run from the moment its waits begin. Each style sets up what
/// it needs first (a runtime, a loop, an address) and then calls
/// [`Meter::start`], so that the memory per wait is what one more wait
/// costs, not the set-up shared out over the waits.
#[derive(Debug, Default)]
pub struct Meter {
    start: Option<Result<Start, String>>,
}

/// What the meter read as the waits began.
#[derive(Debug)]
struct Start {
    at: Instant,
    cpu_ticks: u64,
    baseline_kib: u64,
}

impl Start {
    fn now() -> Result<Start, String> {
        Ok(Start {
            baseline_kib: procfs::rss_kib()?,
            cpu_ticks: procfs::cpu_ticks_used()?,
            // Last, so that reading /proc is not part of the wall time.
            at: Instant::now(),
        })
    }
}

impl Meter {
    /// Marks the moment the waits begin.
    pub fn start(&mut self) {
        // Without the reset, the peak would include whatever the set-up
        // briefly used; a kernel without it just measures a little high.
        procfs::reset_peak_rss();
        self.start = Some(Start::now());
    }

    /// What the run has cost since [`Meter::start`], `started` waits in all.
    pub(crate) fn finish(self, started: u64) -> Result<Measurement, String> {
        let wall = Instant::now();
        let start = self
            .start
            .ok_or("the run ended before it started its waits")??;
        let wall = wall.duration_since(start.at);
        let cpu_ticks = procfs::cpu_ticks_used()?.saturating_sub(start.cpu_ticks);
        let peak_kib = procfs::peak_rss_kib()?;
        let grown_bytes = peak_kib.saturating_sub(start.baseline_kib) * 1024;
        Ok(Measurement {
            wall_ms: (wall.as_secs_f64() * 10_000.0).round() / 10.0,
            cpu_ms: cpu_ticks * 1000 / procfs::TICKS_PER_SECOND,
            peak_rss_kib: peak_kib,
            baseline_rss_kib: start.baseline_kib,
            bytes_per_wait: grown_bytes.checked_div(started).unwrap_or(0),
        })
    }
}
