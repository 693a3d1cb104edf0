//! The record of a benchmark: one row per run, and the machine it ran on.
//!
//! A child prints its [`Row`] as one JSON line; the parent gathers the rows
//! into a [`Record`] and writes it to `book/src/bench/scale.json`, from
//! which the chart and the book's table are drawn.

use crate::job::{DOWNLOAD_TIMEOUT, Job, Kind, PAGE_BYTES, Runner, THREAD_STACK, WAIT};
use crate::limits::SystemLimits;
use crate::procfs;
use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};

/// Everything one `bench scale` found, and what it ran on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The command that makes this record (and the chart and table) again.
    pub command: String,
    /// The day it ran, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The machine it ran on.
    pub machine: Machine,
    /// The settings every run shared.
    pub setup: Setup,
    /// The system's limits on threads and open files when it ran.
    pub limits: SystemLimits,
    /// One row per (kind, N, runner), in the order they ran.
    pub rows: Vec<Row>,
}

impl Record {
    /// The record as the file holds it: pretty JSON and a final newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self)
            .expect("a record holds only strings, numbers and lists");
        json.push('\n');
        json
    }

    /// A record from the text of a file written by [`Record::to_json`].
    pub fn from_json(text: &str) -> Result<Record, String> {
        serde_json::from_str(text).map_err(|error| format!("not a benchmark record: {error}"))
    }
}

/// The machine, as `/proc` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    /// The CPU's model name.
    pub cpu: String,
    /// Logical CPUs.
    pub cores: usize,
    /// Memory, in MiB.
    pub memory_mib: u64,
    /// The kernel's release, such as `6.8.0-45-generic`.
    pub kernel: String,
}

impl Machine {
    /// Reads the machine's description from `/proc`.
    pub fn read() -> Result<Machine, String> {
        let cpuinfo = procfs::cpuinfo()?;
        let memory_kib = procfs::kib_field(&procfs::meminfo()?, "MemTotal")
            .ok_or("the kernel's meminfo has no MemTotal line")?;
        Ok(Machine {
            cpu: procfs::cpu_model(&cpuinfo).unwrap_or_else(|| "unknown CPU".to_owned()),
            cores: procfs::cpu_count(&cpuinfo),
            memory_mib: memory_kib / 1024,
            kernel: procfs::kernel_release()?,
        })
    }
}

/// The settings every run shares (see [`crate::job`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// How long a timer waits, and the server before it answers, in ms.
    pub wait_ms: u64,
    /// The size of the downloaded page.
    pub page_bytes: usize,
    /// The stack a thread asks for, in KiB.
    pub thread_stack_kib: usize,
    /// How long a download may take before it counts as failed, in s.
    pub download_timeout_s: u64,
}

impl Setup {
    /// The settings this build of the benchmark uses.
    pub fn current() -> Setup {
        Setup {
            wait_ms: WAIT.as_millis() as u64,
            page_bytes: PAGE_BYTES,
            thread_stack_kib: THREAD_STACK / 1024,
            download_timeout_s: DOWNLOAD_TIMEOUT.as_secs(),
        }
    }
}

/// One run: N waits of one kind in one style, what came of them, and what
/// they cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What was waited for.
    pub kind: Kind,
    /// Who waited, by name (`threads` for the blocking style, `ours` for
    /// our executor); `style` in the file, as it is on the page.
    #[serde(rename = "style", with = "crate::job::runner_by_name")]
    pub runner: Runner,
    /// How many waits were asked for.
    pub n: u64,
    /// Whether all of them ran, and if not, why.
    pub outcome: Outcome,
    /// What the run cost; `None` when it did not run.
    pub measurement: Option<Measurement>,
}

impl Row {
    /// The row of `job`.
    pub fn new(job: &Job, outcome: Outcome, measurement: Option<Measurement>) -> Row {
        Row {
            kind: job.kind,
            runner: job.runner,
            n: job.n,
            outcome,
            measurement,
        }
    }

    /// The row as the one line a child prints.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a row holds only strings and numbers")
    }

    /// A row from the line a child printed.
    pub fn from_json_line(line: &str) -> Result<Row, String> {
        serde_json::from_str(line).map_err(|error| format!("not a result line ({error})"))
    }

    /// Whether all N waits were started and measured: the rows a chart can
    /// draw.
    pub fn finished(&self) -> Option<&Measurement> {
        match self.outcome {
            Outcome::Finished { .. } => self.measurement.as_ref(),
            _ => None,
        }
    }
}

/// What came of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Every wait was started and has ended; `errors` of them failed.
    Finished {
        /// Waits that failed (a download that got no page, a thread that
        /// panicked).
        errors: u64,
    },
    /// Only `started` waits could be started; `reason` names the limit.
    Stopped {
        /// Waits that were started, and then ended.
        started: u64,
        /// Of those, how many failed.
        errors: u64,
        /// Which limit stopped the rest.
        reason: String,
    },
    /// Not tried: a limit known beforehand rules it out.
    NotRun {
        /// Which limit.
        reason: String,
    },
    /// The child process failed, or could not measure itself.
    Failed {
        /// What went wrong.
        reason: String,
    },
}

/// What a run cost, from the moment its waits began (after the set-up of
/// its runtime or loop) to the moment the last one ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Wall-clock time, in ms, to a tenth.
    pub wall_ms: f64,
    /// CPU time of all the process's threads, in ms; the kernel counts it
    /// in ticks of 10 ms.
    pub cpu_ms: u64,
    /// The process's peak memory in use (`VmHWM`), in KiB.
    pub peak_rss_kib: u64,
    /// Its memory in use just before the waits began (`VmRSS`), in KiB.
    pub baseline_rss_kib: u64,
    /// (peak - baseline) / waits started, in bytes: what holding one more
    /// wait costs.
    pub bytes_per_wait: u64,
}

/// Today's date, `YYYY-MM-DD`, in UTC.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    utc_date(seconds)
}

/// The UTC date of a Unix time, `YYYY-MM-DD`.
fn utc_date(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date `days` after 1970-01-01: Howard Hinnant's
/// `civil_from_days`, which counts in 400-year eras of 146,097 days whose
/// years start in March, so that the leap day comes last.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_709_251_199), "2024-02-29");
        assert_eq!(utc_date(1_709_251_200), "2024-03-01");
        assert_eq!(utc_date(1_798_761_599), "2026-12-31");
    }

    #[test]
    fn a_row_survives_its_json_line() {
        let job = Job {
            kind: Kind::Timers,
            runner: Runner::Style(crate::job::Style::Blocking),
            n: 100_000,
            url: None,
        };
        let row = Row::new(
            &job,
            Outcome::Stopped {
                started: 16_300,
                errors: 0,
                reason: "thread 16,301 was not started".to_owned(),
            },
            Some(Measurement {
                wall_ms: 1234.5,
                cpu_ms: 900,
                peak_rss_kib: 200_000,
                baseline_rss_kib: 2_000,
                bytes_per_wait: 12_440,
            }),
        );
        let line = row.to_json_line();
        assert!(!line.contains('\n'));
        assert!(line.contains(r#""status":"stopped""#), "{line}");
        assert_eq!(Row::from_json_line(&line), Ok(row));
    }
}
