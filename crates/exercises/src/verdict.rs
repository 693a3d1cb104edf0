//! What a judge says about an answer, and the lines a check binary prints to
//! say it to `exercise check`.
//!
//! A check binary runs the student's code, which may print too, so every
//! line of the verdict begins with [`PREFIX`]; the other lines are what the
//! answer printed, and `exercise check` shows them as such.

/// What the judge of an exercise found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// The checks that passed, in the order they ran, one sentence each.
    pub passed: Vec<String>,
    /// The first check that failed; `None` if every check passed. Within
    /// one case (one scenario) a judge stops at the first failure: the
    /// checks after it would run on code already known to be wrong.
    pub failed: Option<Failure>,
    /// The failures of the other cases that failed, after the first, each
    /// in its own words: an answer late in one case may leave a file
    /// behind in another.
    pub more: Vec<String>,
    /// What could not be checked here, and why: said, never failed.
    pub unchecked: Vec<String>,
}

/// Why an answer does not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The answer reached a `todo!()`: there is nothing to judge yet.
    NotStarted,
    /// A check failed.
    Wrong {
        /// What happened and what should have, in a sentence or two a
        /// student can act on.
        message: String,
        /// The trace of the run that failed, as `cargo run -- run` prints
        /// traces: what the program did, when.
        trace: Option<String>,
        /// For a failure on order or time: that run beside the
        /// reference's, aligned on time, as `run --columns` prints them,
        /// so that the student sees which wait started late.
        beside: Option<String>,
    },
}

impl Failure {
    /// What a failed check says; `None` for an answer not started.
    pub fn message(&self) -> Option<&str> {
        match self {
            Failure::Wrong { message, .. } => Some(message),
            Failure::NotStarted => None,
        }
    }

    /// A failed check, with the trace of the run it looked at, if any.
    pub fn wrong(message: String, trace: Option<String>) -> Failure {
        Failure::Wrong {
            message,
            trace,
            beside: None,
        }
    }
}

/// The start of every line of a verdict that a check binary prints.
pub const PREFIX: &str = "@threeways-verdict ";

impl Verdict {
    /// Whether every check passed.
    pub fn passes(&self) -> bool {
        self.failed.is_none()
    }

    /// Whether the answer has not been started: it reached a `todo!()`.
    pub fn not_started(&self) -> bool {
        self.failed == Some(Failure::NotStarted)
    }

    /// The sentence saying what failed, if an answer was wrong.
    pub fn message(&self) -> Option<&str> {
        self.failed.as_ref().and_then(Failure::message)
    }

    /// The verdict as the lines a check binary prints, the last one `end`.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        let mut line = |kind: &str, text: &str| {
            out.push_str(PREFIX);
            out.push_str(kind);
            if !text.is_empty() {
                out.push(' ');
                out.push_str(&escape(text));
            }
            out.push('\n');
        };
        for passed in &self.passed {
            line("pass", passed);
        }
        for unchecked in &self.unchecked {
            line("unchecked", unchecked);
        }
        match &self.failed {
            None => {}
            Some(Failure::NotStarted) => line("not-started", ""),
            Some(Failure::Wrong {
                message,
                trace,
                beside,
            }) => {
                line("fail", message);
                if let Some(trace) = trace {
                    line("trace", trace);
                }
                if let Some(beside) = beside {
                    line("beside", beside);
                }
            }
        }
        for more in &self.more {
            line("more", more);
        }
        line("end", "");
        out
    }
}

/// What a check binary printed: the verdict, if it printed all of one, and
/// the other lines, which the answer itself printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// The verdict; `None` if the binary stopped before its `end` line.
    pub verdict: Option<Verdict>,
    /// Lines that are not part of the verdict.
    pub other: Vec<String>,
}

/// Reads what a check binary printed on stdout.
pub fn parse(stdout: &str) -> Printed {
    let mut verdict = Verdict::default();
    let mut printed = Printed::default();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix(PREFIX) else {
            printed.other.push(line.to_owned());
            continue;
        };
        let (kind, text) = rest.split_once(' ').unwrap_or((rest, ""));
        let text = unescape(text);
        match kind {
            "pass" => verdict.passed.push(text),
            "unchecked" => verdict.unchecked.push(text),
            "more" => verdict.more.push(text),
            "not-started" => verdict.failed = Some(Failure::NotStarted),
            "fail" => verdict.failed = Some(Failure::wrong(text, None)),
            "trace" => {
                if let Some(Failure::Wrong { trace, .. }) = &mut verdict.failed {
                    *trace = Some(text);
                }
            }
            "beside" => {
                if let Some(Failure::Wrong { beside, .. }) = &mut verdict.failed {
                    *beside = Some(text);
                }
            }
            "end" => printed.verdict = Some(verdict.clone()),
            _ => printed.other.push(line.to_owned()),
        }
    }
    printed
}

/// One line for any text: backslashes and line breaks escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_survives_the_trip_through_its_lines() {
        let verdicts = [
            Verdict {
                passed: vec!["first \\ check".into(), "second".into()],
                failed: Some(Failure::Wrong {
                    message: "line one\nline two".into(),
                    trace: Some("0 ms  main  fetch\n5 ms  main  done\n".into()),
                    beside: Some("     │ yours\n0 ms │ main  fetch\n".into()),
                }),
                more: vec!["another case\nfails too".into()],
                unchecked: vec!["not here".into()],
            },
            Verdict {
                failed: Some(Failure::NotStarted),
                ..Verdict::default()
            },
            Verdict {
                passed: vec!["all good".into()],
                ..Verdict::default()
            },
        ];
        for verdict in verdicts {
            let stdout = format!("the answer printed this\n{}", verdict.to_lines());
            let printed = parse(&stdout);
            assert_eq!(printed.verdict, Some(verdict));
            assert_eq!(printed.other, ["the answer printed this"]);
        }
    }

    #[test]
    fn a_verdict_cut_short_is_no_verdict() {
        let verdict = Verdict {
            passed: vec!["one".into()],
            ..Verdict::default()
        };
        let lines = verdict.to_lines();
        let cut = lines.lines().next().unwrap();
        assert_eq!(parse(cut).verdict, None);
    }
}
