//! One run, in a child process of its own: set up, start the meter, wait,
//! and report one [`Row`].
//!
//! The child is the same binary, started by the parent as `threeways
//! bench-one --kind K --style S --n N [--url U]`. Being alone in its
//! process, the run's peak memory is its own.

use crate::job::{Job, Kind};
use crate::meter::Meter;
use crate::record::{Outcome, Row};
use crate::{downloads, timers};

/// Runs `job` in this process and returns its row. Never panics on a
/// failure: a run that could not be done is a row that says why.
pub fn run_child(job: &Job) -> Row {
    let mut meter = Meter::default();
    let waited = match (job.kind, &job.url) {
        (Kind::Timers, _) => timers::run(job.runner, job.n, &mut meter),
        (Kind::Downloads, Some(url)) => downloads::run(job.runner, job.n, url, &mut meter),
        (Kind::Downloads, None) => Err("a downloads run needs --url".to_owned()),
    };
    let measured = waited.and_then(|waited| Ok((meter.finish(waited.started)?, waited)));
    match measured {
        Ok((measurement, waited)) => Row::new(job, waited.outcome(), Some(measurement)),
        Err(reason) => Row::new(job, Outcome::Failed { reason }, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::{Runner, Style};

    #[test]
    fn a_small_timer_run_is_measured() {
        let job = Job {
            kind: Kind::Timers,
            runner: Runner::Style(Style::Callbacks),
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
            runner: Runner::Style(Style::Async),
            n: 10,
            url: None,
        };
        let row = run_child(&job);
        assert!(matches!(row.outcome, Outcome::Failed { .. }), "{row:?}");
        assert_eq!(row.measurement, None);
    }
}
