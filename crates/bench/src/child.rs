//! One run, in a child process of its own: set up, start the meter, wait,
//! and report one [`Row`].
//!
//! The child is the same binary, started by the parent as `threeways
//! bench-one --kind K --style S --n N [--url U]`. Being alone in its
//! process, the run's peak memory is its own.

use crate::job::{Job, Kind};
use crate::procfs;
use crate::record::{Measurement, Outcome, Row};
use crate::{downloads, timers};
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

    fn outcome(self) -> Outcome {
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

/// Runs `job` in this process and returns its row. Never panics on a
/// failure: a run that could not be done is a row that says why.
pub fn run_child(job: &Job) -> Row {
    let mut meter = Meter::default();
    let waited = match (job.kind, &job.url) {
        (Kind::Timers, _) => timers::run(job.style, job.n, &mut meter),
        (Kind::Downloads, Some(url)) => downloads::run(job.style, job.n, url, &mut meter),
        (Kind::Downloads, None) => Err("a downloads run needs --url".to_owned()),
    };
    let measured = waited.and_then(|waited| Ok((meter.finish(waited.started)?, waited)));
    match measured {
        Ok((measurement, waited)) => Row::new(job, waited.outcome(), Some(measurement)),
        Err(reason) => Row::new(job, Outcome::Failed { reason }, None),
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
    fn finish(self, started: u64) -> Result<Measurement, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Style;

    #[test]
    fn a_small_timer_run_is_measured() {
        let job = Job {
            kind: Kind::Timers,
            style: Style::Callbacks,
            n: 10,
            url: None,
        };
        let row = run_child(&job);
        assert_eq!(row.outcome, Outcome::Finished { errors: 0 });
        let measurement = row.measurement.unwrap();
        assert!(measurement.wall_ms >= 100.0, "{measurement:?}");
    }

    #[test]
    fn a_download_run_without_a_url_is_a_failed_row() {
        let job = Job {
            kind: Kind::Downloads,
            style: Style::Async,
            n: 10,
            url: None,
        };
        let row = run_child(&job);
        assert!(matches!(row.outcome, Outcome::Failed { .. }), "{row:?}");
        assert_eq!(row.measurement, None);
    }
}
