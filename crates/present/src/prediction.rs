//! "Predict the output": a learner reads a program and writes down the
//! order of the lines it writes and its total virtual time; this compares
//! that prediction with the program's real trace, and explains the first
//! difference.
//!
//! Each prediction is aimed at a belief that is wrong ("calling an `async
//! fn` starts it", "a timeout stops a future after its current step"), and
//! its *explanations* say why, for the mistakes that belief leads to: a
//! line put before another, a wrong total, a line kept that the program
//! never writes. The explanations are a Markdown file
//! (`crates/exercises/explanations/<id>.md`) read by [`Explanations::parse`]
//! both here, for `exercise check`, and by the book, whose form checks a
//! prediction in the browser (`book/theme/predict.js` follows
//! [`Prediction::check`] sentence for sentence, and the browser test holds
//! the two to the same words).
//!
//! An answer is a small text file: `#` comments, then the lines in the
//! order predicted, then `total: N ms` (`?` until the learner knows).

use std::time::Duration;
use threeways_model::trace::{Clock, Event, Trace, format_ms};

/// One line the program writes: a note of its trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// What the line says.
    pub text: String,
    /// When the program writes it.
    pub at: Duration,
}

/// A mistaken belief, and what to say when an answer shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// The answer has line `first` before line `then`; the program writes
    /// `then` first.
    Before {
        /// The line put too early.
        first: String,
        /// The line it was put before.
        then: String,
    },
    /// The answer's total is this.
    Total(Duration),
    /// The answer keeps this line, which the program never writes.
    Kept(String),
    /// The answer leaves out this line, which the program writes.
    LeftOut(String),
}

/// What a prediction's explanations file says: the whole story, and a
/// paragraph for each mistake it foresees.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanations {
    /// Why the program writes what it writes: shown once the answer is
    /// right (and, in the book, with the answer).
    pub why: String,
    /// Each foreseen mistake, with its explanation, in the file's order.
    pub mistakes: Vec<(Mistake, String)>,
}

impl Explanations {
    /// Reads an explanations file: Markdown sections, each under a heading
    /// that says when it applies:
    ///
    /// ```text
    /// ## Why
    /// ## If `LINE` comes before `LINE`
    /// ## If the total is 100 ms
    /// ## If `LINE` is kept
    /// ## If `LINE` is left out
    /// ```
    ///
    /// Before the first heading only an HTML comment may stand. The error
    /// names the line at fault.
    pub fn parse(text: &str) -> Result<Explanations, String> {
        let mut explanations = Explanations::default();
        let mut current: Option<(Option<Mistake>, String)> = None;
        let mut in_comment = false;
        let finish = |section: Option<(Option<Mistake>, String)>, into: &mut Explanations| {
            if let Some((mistake, body)) = section {
                let body = body.trim().to_owned();
                match mistake {
                    None => into.why = body,
                    Some(mistake) => into.mistakes.push((mistake, body)),
                }
            }
        };
        for (number, line) in text.lines().enumerate() {
            let at = number + 1;
            if let Some(heading) = line.strip_prefix("## ") {
                finish(current.take(), &mut explanations);
                let mistake = read_heading(heading.trim())
                    .map_err(|problem| format!("line {at}: {problem}"))?;
                if mistake.is_none() && !explanations.why.is_empty() {
                    return Err(format!("line {at}: a second `## Why`"));
                }
                current = Some((mistake, String::new()));
                continue;
            }
            match &mut current {
                Some((_, body)) => {
                    body.push_str(line);
                    body.push('\n');
                }
                None => {
                    let trimmed = line.trim();
                    if trimmed.starts_with("<!--") {
                        in_comment = true;
                    }
                    if !in_comment && !trimmed.is_empty() {
                        return Err(format!(
                            "line {at}: text before the first `## ` heading: {trimmed:?}"
                        ));
                    }
                    if trimmed.ends_with("-->") {
                        in_comment = false;
                    }
                }
            }
        }
        finish(current, &mut explanations);
        if explanations.why.is_empty() {
            return Err("no `## Why` section, or an empty one".to_owned());
        }
        if let Some((mistake, _)) = explanations
            .mistakes
            .iter()
            .find(|(_, body)| body.is_empty())
        {
            return Err(format!("the section for {mistake:?} is empty"));
        }
        Ok(explanations)
    }

    /// The lines the explanations say are never written.
    pub fn never_written(&self) -> Vec<String> {
        self.mistakes
            .iter()
            .filter_map(|(mistake, _)| match mistake {
                Mistake::Kept(line) => Some(line.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A heading's mistake; `None` for `Why`.
fn read_heading(heading: &str) -> Result<Option<Mistake>, String> {
    if heading == "Why" {
        return Ok(None);
    }
    let usage = "a heading is `Why`, ``If `LINE` comes before `LINE` ``, `If the total is N ms`, \
                 ``If `LINE` is kept`` or ``If `LINE` is left out``";
    let rest = heading
        .strip_prefix("If ")
        .ok_or_else(|| format!("{heading:?}: {usage}"))?;
    if let Some(total) = rest.strip_prefix("the total is ") {
        return read_millis(total)
            .map(|total| Some(Mistake::Total(total)))
            .ok_or_else(|| format!("{heading:?}: the total must be `N ms`"));
    }
    let quoted: Vec<&str> = rest.split('`').collect();
    match quoted.as_slice() {
        ["", first, " comes before ", then, ""] => Ok(Some(Mistake::Before {
            first: (*first).to_owned(),
            then: (*then).to_owned(),
        })),
        ["", line, " is kept"] => Ok(Some(Mistake::Kept((*line).to_owned()))),
        ["", line, " is left out"] => Ok(Some(Mistake::LeftOut((*line).to_owned()))),
        _ => Err(format!("{heading:?}: {usage}")),
    }
}

/// `120 ms`, `120ms` or `120` as a duration; `None` for anything else.
fn read_millis(text: &str) -> Option<Duration> {
    let digits = text.trim().trim_end_matches("ms").trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(Duration::from_millis)
}

/// A learner's prediction, read from its text file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The lines, in the order predicted.
    pub lines: Vec<String>,
    /// The total predicted; `None` while it is still `?`.
    pub total: Option<Duration>,
}

impl Answer {
    /// Reads an answer: `#` comments and blank lines are skipped, each
    /// other line is a line of the program, and the last one says
    /// `total: N ms` (or `total: ? ms`). The error says what is wrong and
    /// what to write instead.
    pub fn parse(text: &str) -> Result<Answer, String> {
        let mut lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let last = lines.pop().unwrap_or_default();
        let Some(total) = last.strip_prefix("total:") else {
            return Err(format!(
                "the last line should give the total, as `total: 120 ms`; it is {}",
                if last.is_empty() {
                    "missing".to_owned()
                } else {
                    quoted(&last)
                }
            ));
        };
        if let Some(line) = lines.iter().find(|line| line.starts_with("total:")) {
            return Err(format!(
                "{} comes before the last line: give the total once, on the last line",
                quoted(line)
            ));
        }
        let total = total.trim();
        let total = if total.trim_end_matches("ms").trim() == "?" {
            None
        } else {
            Some(read_millis(total).ok_or_else(|| {
                format!("the total should be a whole number of milliseconds, as `total: 120 ms`; it is {total:?}")
            })?)
        };
        Ok(Answer { lines, total })
    }
}

/// What the comparison found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// Every line in its place, and the total right: a sentence, then the
    /// whole explanation.
    Right {
        /// `Every line is in its place, and the program takes 170 ms.`
        sentence: String,
        /// The `## Why` section.
        why: String,
    },
    /// The answer as shipped: the lines in their first order, the total
    /// still `?`.
    NotStarted,
    /// The first difference: a sentence saying what it is, and the
    /// explanation of the mistake it shows, if one is foreseen.
    Wrong {
        /// What differs, with the lines quoted and their times.
        sentence: String,
        /// The foreseen mistake's explanation, Markdown; empty if none.
        explanation: String,
    },
}

impl Judgement {
    /// The whole message, sentence and explanation, as `exercise check`
    /// prints it: on one line, each run of white space one space (the
    /// explanation's Markdown keeps its backquotes).
    pub fn message(&self) -> String {
        let text = match self {
            Judgement::Right { sentence, why } => format!("{sentence} {why}"),
            Judgement::NotStarted => String::new(),
            Judgement::Wrong {
                sentence,
                explanation,
            } if explanation.is_empty() => sentence.clone(),
            Judgement::Wrong {
                sentence,
                explanation,
            } => format!("{sentence} {explanation}"),
        };
        flat(&text)
    }
}

/// `text` with each run of white space made one space.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A program's real output, and what to say about predictions of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The lines the program writes, in order.
    pub written: Vec<Written>,
    /// Lines of the program it never writes, offered to the learner
    /// beside the others (a losing branch of `select!`, say).
    pub never: Vec<String>,
    /// The program's total virtual time.
    pub total: Duration,
    /// What to say.
    pub explanations: Explanations,
}

impl Prediction {
    /// The prediction for a program whose run gave `trace`. Its lines are
    /// the trace's notes; the lines it never writes are the ones
    /// `explanations` say a learner may keep. The error names a note that
    /// is written twice (a learner could not tell the two apart), or an
    /// explanation about a line that is not the program's.
    pub fn new(trace: &Trace, explanations: Explanations) -> Result<Prediction, String> {
        let written: Vec<Written> = trace
            .events
            .iter()
            .filter_map(|event| match event {
                Event::Note { at, text, .. } => Some(Written {
                    text: text.clone(),
                    at: *at,
                }),
                Event::Span { .. } => None,
            })
            .collect();
        for (i, line) in written.iter().enumerate() {
            if written[..i].iter().any(|other| other.text == line.text) {
                return Err(format!(
                    "the program writes {} twice: make each line say something of its own",
                    quoted(&line.text)
                ));
            }
        }
        let prediction = Prediction {
            never: explanations.never_written(),
            written,
            total: trace.total,
            explanations,
        };
        let is_written = |line: &str| prediction.written.iter().any(|w| w.text == line);
        for (mistake, _) in &prediction.explanations.mistakes {
            let (lines, written): (Vec<&str>, bool) = match mistake {
                Mistake::Before { first, then } => (vec![first, then], true),
                Mistake::LeftOut(line) => (vec![line], true),
                Mistake::Kept(line) => (vec![line], false),
                Mistake::Total(_) => (vec![], true),
            };
            for line in lines {
                if is_written(line) != written {
                    let is = if written { "never" } else { "indeed" };
                    return Err(format!(
                        "an explanation is about {}, which the program {is} writes",
                        quoted(line)
                    ));
                }
            }
            // A foreseen mistake must be one: not the program's own order,
            // nor its own total.
            let right = match mistake {
                Mistake::Before { first, then } => prediction.time_order(first, then),
                Mistake::Total(total) => *total == prediction.total,
                Mistake::Kept(_) | Mistake::LeftOut(_) => false,
            };
            if right {
                return Err(format!(
                    "an explanation is about {mistake:?}, which is what the program does"
                ));
            }
        }
        Ok(prediction)
    }

    /// Every line a learner orders: those written and those never
    /// written, in alphabetical order, the order an answer starts from
    /// (it gives nothing away).
    pub fn candidates(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .written
            .iter()
            .map(|w| w.text.clone())
            .chain(self.never.iter().cloned())
            .collect();
        all.sort();
        all
    }

    /// The answer file as shipped: `header` (each line a `#` comment
    /// already), a blank line, the candidates, and `total: ? ms`.
    pub fn stub(&self, header: &str) -> String {
        let mut out = String::from(header);
        out.push('\n');
        for line in self.candidates() {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("total: ? ms\n");
        out
    }

    /// The answer, as shown after a few tries or when asked for: each line
    /// with the time it is written, then the total.
    pub fn answer(&self) -> String {
        let width = (self.written.iter())
            .map(|line| millis(line.at).len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for line in &self.written {
            out.push_str(&format!("{:>width$} ms  {}\n", millis(line.at), line.text));
        }
        out.push_str(&format!("total: {} ms\n", millis(self.total)));
        out
    }

    /// The right answer, as a file: the lines in order, and the total.
    pub fn solution(&self, header: &str) -> String {
        let mut out = String::from(header);
        out.push('\n');
        for line in &self.written {
            out.push_str(&line.text);
            out.push('\n');
        }
        out.push_str(&format!("total: {} ms\n", millis(self.total)));
        out
    }

    /// Compares `answer` with the program's output, and explains the first
    /// difference: a line that is no line of the program, a line twice, a
    /// line out of its place (or kept though never written, or left out),
    /// then the total. Past the first two, which only a text file can
    /// give, the verdict is looked up in [`Prediction::verdicts`], as the
    /// book's form looks it up.
    pub fn check(&self, answer: &Answer) -> Judgement {
        let lines = &answer.lines;
        let wrong = |sentence: String| Judgement::Wrong {
            sentence,
            explanation: String::new(),
        };
        for (i, line) in lines.iter().enumerate() {
            if self.time_of(line).is_none() && !self.never.contains(line) {
                return wrong(format!(
                    "Your line {} is {}, which is not a line of this program: keep each line \
                     as it is, and change only the order.",
                    i + 1,
                    quoted(line)
                ));
            }
            if lines[..i].contains(line) {
                return wrong(format!(
                    "{} is in your prediction twice; the program writes a line once at most.",
                    quoted(line)
                ));
            }
        }
        let verdicts = self.verdicts();
        let said = verdicts.look_up(lines, answer.total, Wording::File);
        let explanation = |explain: &Option<Explain>| match explain {
            Some(Explain::Mistake(i)) => self.explanations.mistakes[*i].1.clone(),
            Some(Explain::Why) => self.explanations.why.clone(),
            None => String::new(),
        };
        match said.kind {
            SaidKind::NotStarted => Judgement::NotStarted,
            SaidKind::Right => Judgement::Right {
                sentence: said.sentence.clone(),
                why: explanation(&said.explain),
            },
            SaidKind::Wrong => Judgement::Wrong {
                sentence: said.sentence.clone(),
                explanation: explanation(&said.explain),
            },
        }
    }

    /// Everything a verdict on an answer depends on, worked out once: for
    /// each place where an answer may first differ from the program and
    /// each line it may have put there, what to say; what to say of an
    /// answer that ends early; and of each total. [`Prediction::check`]
    /// looks its verdicts up here, and the book's form gets the table as
    /// data and looks them up the same way (`book/theme/predict.js`), so
    /// that the page and `exercise check` cannot say different things.
    pub fn verdicts(&self) -> Verdicts {
        let mut table = Verdicts {
            candidates: self.candidates(),
            written: self.written.iter().map(|w| w.text.clone()).collect(),
            orders: (self.explanations.mistakes.iter())
                .filter_map(|(mistake, _)| match mistake {
                    Mistake::Before { first, then } => Some((first.clone(), then.clone())),
                    _ => None,
                })
                .collect(),
            ..Verdicts::default()
        };
        let wrong = |sentence: String, explain: Option<Explain>| Said {
            kind: SaidKind::Wrong,
            sentence,
            explain,
        };
        table.not_started = table.said(Said {
            kind: SaidKind::NotStarted,
            sentence: "Put the lines in the order the program writes them, and give its total \
                       virtual time."
                .to_owned(),
            explain: None,
        });
        let masks = 1usize << table.orders.len();
        let written = table.written.clone();
        for n in 0..=written.len() {
            let mut at = std::collections::BTreeMap::new();
            for line in table.candidates.clone() {
                if written[..n].contains(&line) || written.get(n) == Some(&line) {
                    continue; // in its place, or in the place before
                }
                let choices = if self.never.contains(&line) {
                    let said = wrong(
                        format!(
                            "Your line {} is {}, but the program never writes it.",
                            n + 1,
                            quoted(&line)
                        ),
                        self.explain(|m| matches!(m, Mistake::Kept(l) if *l == line)),
                    );
                    let said = table.said(said);
                    [vec![said], vec![said]]
                } else {
                    let want = &written[n];
                    [false, true].map(|left_out| {
                        let saids: Vec<Said> = (0..masks)
                            .map(|mask| self.misplaced(n, &line, want, left_out, mask))
                            .collect();
                        let all_alike = saids.iter().all(|said| *said == saids[0]);
                        let saids = if all_alike { &saids[..1] } else { &saids[..] };
                        saids.iter().map(|said| table.said(said.clone())).collect()
                    })
                };
                at.insert(line, choices);
            }
            table.misplaced.push(at);
        }
        for n in 0..written.len() {
            let sentence = match n.checked_sub(1) {
                Some(before) => format!(
                    "After {}, the program writes more, which your prediction leaves out.",
                    quoted(&written[before]),
                ),
                None => format!(
                    "Your prediction has no lines; the program writes {}.",
                    count_lines(written.len())
                ),
            };
            let explain = self.explain(|m| matches!(m, Mistake::LeftOut(l) if *l == written[n]));
            let said = table.said(wrong(sentence, explain));
            table.ends_early.push(said);
        }
        table.total = self.total.as_millis() as u64;
        let right = table.said(Said {
            kind: SaidKind::Right,
            sentence: format!(
                "Every line is in its place, and the program takes {}.",
                ms(self.total)
            ),
            explain: Some(Explain::Why),
        });
        table.totals.push((table.total, right));
        for (i, (mistake, _)) in self.explanations.mistakes.iter().enumerate() {
            if let Mistake::Total(total) = mistake {
                let (how, _) = too(*total, self.total);
                let sentence = format!(
                    "Every line is in its place, but a total of {} is {how}.",
                    ms(*total)
                );
                let said = table.said(wrong(sentence, Some(Explain::Mistake(i))));
                let total = total.as_millis() as u64;
                if !table.totals.iter().any(|(t, _)| *t == total) {
                    table.totals.push((total, said));
                }
            }
        }
        for (shorter, slot) in [(true, 0), (false, 1)] {
            let (how, ask) = too(
                if shorter {
                    Duration::ZERO
                } else {
                    self.total * 2
                },
                self.total,
            );
            let sentence =
                format!("Every line is in its place, but a total of {TOTAL} ms is {how}. {ask}");
            table.other_total[slot] = table.said(wrong(sentence, None));
        }
        table.no_total = [
            table.said(wrong(
                "Every line is in its place. Now write the program's total virtual time in \
                 place of the `?` of the last line."
                    .to_owned(),
                None,
            )),
            table.said(wrong(
                "Every line is in its place. Now give the program's total virtual time.".to_owned(),
                None,
            )),
        ];
        table
    }

    /// What to say of an answer whose line `n` (from 0) is `line`, which
    /// the program writes later, where it writes `want`; `left_out` if the
    /// answer leaves `want` out; `mask`, which foreseen orders the answer
    /// shows (bit `i` for the `i`-th).
    fn misplaced(&self, n: usize, line: &str, want: &str, left_out: bool, mask: usize) -> Said {
        // The line put too early is named, never the one that belongs
        // there, nor any time: the explanation of the belief behind the
        // mistake, or a question, does the teaching (`REVEAL_AFTER` tries
        // show the answer).
        let sentence = format!(
            "Your line {} is {}, but the program writes another line before it{}.",
            n + 1,
            quoted(line),
            if left_out {
                ", one your prediction leaves out"
            } else {
                ""
            }
        );
        // A line left out is the mistake to explain, if one is foreseen;
        // else the order the answer shows.
        let left_out_said = self.explain(|m| matches!(m, Mistake::LeftOut(l) if l == want));
        let explain = match left_out_said {
            Some(explain) if left_out => Some(explain),
            _ => self.order_explanation(mask, line, want),
        };
        let sentence = match explain {
            Some(_) => sentence,
            None => format!("{sentence} {}", ask_before(line)),
        };
        Said {
            kind: SaidKind::Wrong,
            sentence,
            explain,
        }
    }

    /// Whether the program writes `first` before `then`.
    fn time_order(&self, first: &str, then: &str) -> bool {
        let position = |text: &str| self.written.iter().position(|w| w.text == text);
        position(first) < position(then)
    }

    /// When the program writes `line`, if it does.
    fn time_of(&self, line: &str) -> Option<Duration> {
        self.written.iter().find(|w| w.text == line).map(|w| w.at)
    }

    /// The first foreseen mistake that `matches`.
    fn explain(&self, matches: impl Fn(&Mistake) -> bool) -> Option<Explain> {
        (self.explanations.mistakes.iter())
            .position(|(mistake, _)| matches(mistake))
            .map(Explain::Mistake)
    }

    /// The explanation for an answer whose first difference puts `line`
    /// where `want` belongs, and which shows the foreseen orders of
    /// `mask`: of those, the first about either line, else the first.
    fn order_explanation(&self, mask: usize, line: &str, want: &str) -> Option<Explain> {
        let mut orders =
            self.explanations
                .mistakes
                .iter()
                .enumerate()
                .filter_map(|(i, (mistake, _))| match mistake {
                    Mistake::Before { first, then } => Some((i, first, then)),
                    _ => None,
                });
        let shown: Vec<(usize, &String, &String)> = (0..)
            .zip(orders.by_ref())
            .filter(|(bit, _)| mask & (1 << bit) != 0)
            .map(|(_, order)| order)
            .collect();
        let about = shown
            .iter()
            .find(|(_, first, then)| *first == line || *then == want);
        about
            .or(shown.first())
            .map(|(i, _, _)| Explain::Mistake(*i))
    }
}

/// What a verdict says of an answer, as [`Verdicts`] holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    /// Right, wrong, or not started.
    pub kind: SaidKind,
    /// The sentence; in a verdict on a total not foreseen, [`TOTAL`] where
    /// the answer's total goes.
    pub sentence: String,
    /// The explanation to show after it, if any.
    pub explain: Option<Explain>,
}

/// Whether an answer is right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaidKind {
    /// As the program writes.
    Right,
    /// Not.
    Wrong,
    /// As shipped.
    NotStarted,
}

/// Which explanation a verdict shows: a foreseen mistake's (its place in
/// the explanations file), or the `## Why`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Explain {
    /// The mistake at this place in the file.
    Mistake(usize),
    /// The whole story.
    Why,
}

/// Where a verdict on a total not foreseen puts the answer's total.
pub const TOTAL: &str = "{total}";

/// Which words a verdict uses where the text file and the form differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording {
    /// `exercise check`, on the answer file.
    File,
    /// The book's form.
    Form,
}

/// Every verdict a prediction can give, by what decides it: see
/// [`Prediction::verdicts`]. Verdicts are kept once each, in `saids`, and
/// named by their place there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdicts {
    /// The lines an answer starts from.
    pub candidates: Vec<String>,
    /// The lines the program writes, in order.
    pub written: Vec<String>,
    /// The foreseen orders, `(first, then)`, in the explanations' order:
    /// an answer that has `first` before `then` shows one, and its bit in
    /// an answer's mask is its place here.
    pub orders: Vec<(String, String)>,
    /// Every verdict, once.
    pub saids: Vec<Said>,
    /// The verdict on an answer as shipped.
    pub not_started: usize,
    /// For each place `n` where an answer may first differ, each line it
    /// may have put there: the verdict when the line the program writes
    /// there is elsewhere in the answer, and when it is left out, each by
    /// the answer's mask (one verdict alone: the same for every mask).
    pub misplaced: Vec<std::collections::BTreeMap<String, [Vec<usize>; 2]>>,
    /// For each `n`, the verdict on an answer that ends after `n` lines.
    pub ends_early: Vec<usize>,
    /// The program's total, in milliseconds.
    pub total: u64,
    /// The verdict on each total foreseen, and on the right one.
    pub totals: Vec<(u64, usize)>,
    /// The verdict on any other total: shorter, longer.
    pub other_total: [usize; 2],
    /// The verdict on lines all in place and no total yet, in each
    /// [`Wording`]: the file's, the form's.
    pub no_total: [usize; 2],
}

impl Verdicts {
    /// The place of `said` in `saids`, added if it is new.
    fn said(&mut self, said: Said) -> usize {
        match self.saids.iter().position(|kept| *kept == said) {
            Some(at) => at,
            None => {
                self.saids.push(said);
                self.saids.len() - 1
            }
        }
    }

    /// The verdict on `lines` and `total`, lines the program may write,
    /// each once (what the form can give; `check` sees to it for a file):
    /// the answer's first difference, whether it leaves out the line the
    /// program writes there, which foreseen orders it shows; or the total.
    pub fn look_up(&self, lines: &[String], total: Option<Duration>, wording: Wording) -> Said {
        if total.is_none() && lines == self.candidates {
            return self.saids[self.not_started].clone();
        }
        let n = (lines.iter().zip(&self.written))
            .take_while(|(line, want)| line == want)
            .count();
        if let Some(line) = lines.get(n) {
            let left_out = self.written.get(n).is_none_or(|want| !lines.contains(want));
            let position = |text: &str| lines.iter().position(|l| l == text);
            let mask = (self.orders.iter().enumerate())
                .filter(
                    |(_, (first, then))| match (position(first), position(then)) {
                        (Some(a), Some(b)) => a < b,
                        _ => false,
                    },
                )
                .fold(0, |mask, (bit, _)| mask | 1 << bit);
            let choices = &self.misplaced[n][line][usize::from(left_out)];
            let said = choices.get(mask).unwrap_or(&choices[0]);
            return self.saids[*said].clone();
        }
        if let Some(said) = self.ends_early.get(n) {
            return self.saids[*said].clone();
        }
        let Some(total) = total else {
            let slot = usize::from(wording == Wording::Form);
            return self.saids[self.no_total[slot]].clone();
        };
        let total = total.as_millis() as u64;
        if let Some((_, said)) = self.totals.iter().find(|(t, _)| *t == total) {
            return self.saids[*said].clone();
        }
        let said = &self.saids[self.other_total[usize::from(total > self.total)]];
        Said {
            sentence: said.sentence.replace(TOTAL, &total.to_string()),
            ..said.clone()
        }
    }
}

/// How a wrong total is wrong, and the question it asks.
fn too(total: Duration, right: Duration) -> (&'static str, &'static str) {
    if total < right {
        (
            "too short",
            "Which waits did you let overlap that take turns?",
        )
    } else {
        (
            "too long",
            "Which waits did you count one after another that overlap?",
        )
    }
}

/// `“text”`, as the messages quote a line.
fn quoted(text: &str) -> String {
    format!("“{text}”")
}

/// The question a line put too early asks, when no belief is foreseen.
fn ask_before(line: &str) -> String {
    format!("What must happen before {} can be written?", quoted(line))
}

/// `1 line`, `4 lines`.
fn count_lines(n: usize) -> String {
    match n {
        1 => "1 line".to_owned(),
        n => format!("{n} lines"),
    }
}

/// How many different wrong answers a learner gives before the answer is
/// shown (by `exercise check`, and by the book's form).
pub const REVEAL_AFTER: usize = 3;

/// What a check says when it shows the answer after [`REVEAL_AFTER`]
/// tries.
pub const REVEALED: &str = "After three different wrong tries, here is the answer.";

/// `120`: a virtual time in whole milliseconds, as an answer writes it.
fn millis(time: Duration) -> String {
    format_ms(time, Clock::Virtual)
}

/// `120 ms`.
fn ms(time: Duration) -> String {
    format!("{} ms", millis(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::{Lane, Recorder};

    const EXPLANATIONS: &str = "\
<!-- A test's explanations:
     two lines of comment. -->

## Why

Because.

## If `b` comes before `a`

B is not first.

## If the total is 100 ms

Not the sum.

## If `never` is kept

It is never written.

## If `c` is left out

C is there.
";

    /// A program that writes `a` at 0 ms, `b` at 50 ms and `c` at 150 ms.
    fn abc() -> Trace {
        let recorder = Recorder::new();
        let lane = Lane::from("main");
        for (at, text) in [(0, "a"), (50, "b"), (150, "c")] {
            recorder.note(Duration::from_millis(at), &lane, text);
        }
        recorder.finish(Duration::from_millis(150), Clock::Virtual, 1)
    }

    fn prediction() -> Prediction {
        Prediction::new(&abc(), Explanations::parse(EXPLANATIONS).unwrap()).unwrap()
    }

    fn check(text: &str) -> Judgement {
        prediction().check(&Answer::parse(text).unwrap())
    }

    fn message(text: &str) -> String {
        check(text).message()
    }

    #[test]
    fn explanations_are_read_by_their_headings() {
        let explanations = Explanations::parse(EXPLANATIONS).unwrap();
        assert_eq!(explanations.why, "Because.");
        assert_eq!(
            explanations.mistakes[0],
            (
                Mistake::Before {
                    first: "b".into(),
                    then: "a".into()
                },
                "B is not first.".into()
            )
        );
        assert_eq!(
            explanations.mistakes[1].0,
            Mistake::Total(Duration::from_millis(100))
        );
        assert_eq!(explanations.never_written(), ["never"]);
        for (bad, says) in [
            ("text first\n## Why\nx\n", "line 1: text before"),
            ("## Why\nx\n## Whence\ny\n", "line 3:"),
            ("## Why\nx\n## If the total is soon\ny\n", "`N ms`"),
            ("## If `a` is kept\ny\n", "no `## Why`"),
            ("## Why\nx\n## If `a` is kept\n\n", "is empty"),
            ("## Why\nx\n## Why\ny\n", "a second"),
        ] {
            let problem = Explanations::parse(bad).unwrap_err();
            assert!(problem.contains(says), "{bad:?}: {problem}");
        }
    }

    #[test]
    fn an_explanation_must_be_about_the_programs_lines() {
        let recorder = Recorder::new();
        recorder.note(Duration::ZERO, &Lane::from("main"), "a");
        let trace = recorder.finish(Duration::ZERO, Clock::Virtual, 1);
        let problem = Prediction::new(&trace, Explanations::parse(EXPLANATIONS).unwrap());
        assert_eq!(
            problem.unwrap_err(),
            "an explanation is about “b”, which the program never writes"
        );
        let twice = Recorder::new();
        twice.note(Duration::ZERO, &Lane::from("main"), "a");
        twice.note(Duration::ZERO, &Lane::from("task"), "a");
        let trace = twice.finish(Duration::ZERO, Clock::Virtual, 1);
        let problem = Prediction::new(&trace, Explanations::default()).unwrap_err();
        assert!(problem.contains("writes “a” twice"), "{problem}");
        for (heading, says) in [
            ("If `a` comes before `b`", "what the program does"),
            ("If the total is 150 ms", "what the program does"),
        ] {
            let text = format!("## Why\nx\n## {heading}\ny\n");
            let problem = Prediction::new(&abc(), Explanations::parse(&text).unwrap());
            assert!(problem.unwrap_err().contains(says), "{heading}");
        }
    }

    #[test]
    fn answers_are_read_with_their_comments_left_out() {
        let answer = Answer::parse("# a comment\n\n  a\nb\ntotal: 150 ms\n").unwrap();
        assert_eq!(answer.lines, ["a", "b"]);
        assert_eq!(answer.total, Some(Duration::from_millis(150)));
        assert_eq!(Answer::parse("a\ntotal: ? ms").unwrap().total, None);
        assert_eq!(
            Answer::parse("a\ntotal:150").unwrap().total,
            Some(Duration::from_millis(150))
        );
        for (bad, says) in [
            ("a\nb\n", "the last line should give the total"),
            ("", "it is missing"),
            ("a\ntotal: soon\n", "a whole number of milliseconds"),
            ("total: 1 ms\na\ntotal: 2 ms\n", "give the total once"),
        ] {
            let problem = Answer::parse(bad).unwrap_err();
            assert!(problem.contains(says), "{bad:?}: {problem}");
        }
    }

    #[test]
    fn the_stub_is_not_started_and_the_solution_is_right() {
        let prediction = prediction();
        assert_eq!(prediction.candidates(), ["a", "b", "c", "never"]);
        let stub = prediction.stub("# header\n");
        assert_eq!(stub, "# header\n\na\nb\nc\nnever\ntotal: ? ms\n");
        assert_eq!(check(&stub), Judgement::NotStarted);
        let solution = prediction.solution("# header\n");
        assert_eq!(solution, "# header\n\na\nb\nc\ntotal: 150 ms\n");
        assert_eq!(
            message(&solution),
            "Every line is in its place, and the program takes 150 ms. Because."
        );
    }

    #[test]
    fn the_first_difference_is_explained_and_never_the_right_line() {
        assert_eq!(
            message("b\na\nc\ntotal: 150 ms"),
            "Your line 1 is “b”, but the program writes another line before it. B is not first."
        );
        assert_eq!(
            message("b\nc\ntotal: 150 ms"),
            "Your line 1 is “b”, but the program writes another line before it, one your \
             prediction leaves out. What must happen before “b” can be written?"
        );
        assert_eq!(
            message("a\nc\nb\ntotal: 150 ms"),
            "Your line 2 is “c”, but the program writes another line before it. What must \
             happen before “c” can be written?"
        );
        assert_eq!(
            message("a\nb\nnever\nc\ntotal: 150 ms"),
            "Your line 3 is “never”, but the program never writes it. It is never written."
        );
        assert_eq!(
            message("a\nb\ntotal: 150 ms"),
            "After “b”, the program writes more, which your prediction leaves out. C is there."
        );
        assert_eq!(
            message("total: 150 ms"),
            "Your prediction has no lines; the program writes 3 lines."
        );
        assert_eq!(
            prediction().answer(),
            "  0 ms  a\n 50 ms  b\n150 ms  c\ntotal: 150 ms\n"
        );
        assert_eq!(
            message("a\nd\ntotal: 1 ms"),
            "Your line 2 is “d”, which is not a line of this program: keep each line as it \
             is, and change only the order."
        );
        assert_eq!(
            message("a\na\ntotal: 1 ms"),
            "“a” is in your prediction twice; the program writes a line once at most."
        );
    }

    #[test]
    fn the_form_looks_its_verdicts_up_in_the_same_table() {
        let verdicts = prediction().verdicts();
        let lines = |text: &str| text.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let form = |text: &str, total| verdicts.look_up(&lines(text), total, Wording::Form);
        let file = |text: &str| {
            let answer = Answer::parse(text).unwrap();
            prediction().check(&answer)
        };
        // The form asks for a total in its own words.
        assert_eq!(
            form("a b c", None).sentence,
            "Every line is in its place. Now give the program's total virtual time."
        );
        // Everything else, in the file's words: the same table.
        for (answer, total) in [
            ("b a c", 150),
            ("a c b", 150),
            ("a b c", 200),
            ("a b c", 100),
        ] {
            let said = form(answer, Some(Duration::from_millis(total)));
            let Judgement::Wrong { sentence, .. } =
                file(&format!("{}\ntotal: {total} ms", answer.replace(' ', "\n")))
            else {
                panic!("{answer} is wrong");
            };
            assert_eq!(said.sentence, sentence, "{answer}");
        }
        // Each verdict is kept once.
        let mut saids = verdicts.saids.clone();
        saids.dedup();
        assert_eq!(saids.len(), verdicts.saids.len());
    }

    #[test]
    fn the_total_comes_last() {
        assert_eq!(
            message("a\nb\nc\ntotal: ? ms"),
            "Every line is in its place. Now write the program's total virtual time in place \
             of the `?` of the last line."
        );
        assert_eq!(
            message("a\nb\nc\ntotal: 100 ms"),
            "Every line is in its place, but a total of 100 ms is too short. Not the sum."
        );
        assert_eq!(
            message("a\nb\nc\ntotal: 200 ms"),
            "Every line is in its place, but a total of 200 ms is too long. Which waits did you \
             count one after another that overlap?"
        );
    }
}
