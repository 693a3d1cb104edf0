//! `{{#predict ID}}`: a "predict the output" exercise on its page. The
//! program's code; a form where the reader puts its lines in order, takes
//! out those it never writes and gives its total; the explanations the
//! form shows after a check; and the answer, the program's run, folded
//! away until the prediction is right (or the reader opens it).
//!
//! Nothing here is typed by hand: the lines, their times and the total
//! come from the program's snapshot (`tests/snapshots/predictions/ID.snap`,
//! which `crates/exercises/tests/predictions.rs` keeps equal to a run), and
//! the explanations from `crates/exercises/explanations/ID.md`, read by the
//! same parser as `exercise check` (`threeways_present::prediction`).
//! The form's data holds every verdict the form can give, worked out here
//! by `Prediction::verdicts`, the table `exercise check` looks its own
//! verdicts up in: `theme/predict.js` only reads the answer's shape off
//! the form (its first difference, the line left out, the foreseen orders
//! it shows, its total) and looks the verdict up, so the page and the
//! terminal cannot drift apart. The browser test runs every known answer
//! on the page all the same.

use super::PageExpander;
use serde_json::json;
use std::fmt::Write as _;
use threeways_present::prediction::{
    Explain, Explanations, Prediction, REVEAL_AFTER, REVEALED, Said, SaidKind,
};
use threeways_present::trace_text::read_run;

/// Where a prediction's program is, from the repository's root:
/// `predict-lazy-future` is `crates/exercises/src/predictions/lazy_future.rs`.
pub(super) fn program_file(id: &str) -> Option<String> {
    let name = id.strip_prefix("predict-")?;
    Some(format!(
        "crates/exercises/src/predictions/{}.rs",
        name.replace('-', "_")
    ))
}

impl PageExpander<'_> {
    /// The program, the form, the explanations and the answer of `id`.
    pub(super) fn predict(&mut self, id: &str) -> Result<String, String> {
        let file = program_file(id).ok_or_else(|| {
            format!("`{id}` is not a prediction: its name begins with `predict-`")
        })?;
        let code = super::read_anchor(&self.root.join(&file), &file, "program")?;
        self.record(&format!("{file}:program"), &code);
        let explanations_file = format!("crates/exercises/explanations/{id}.md");
        let text = std::fs::read_to_string(self.root.join(&explanations_file))
            .map_err(|error| format!("cannot read {explanations_file} ({error})"))?;
        let explanations = Explanations::parse(&text)
            .map_err(|problem| format!("{explanations_file}: {problem}"))?;
        let name = format!("predictions/{id}");
        let snapshot_file = format!("tests/snapshots/{name}.snap");
        let trace = self.snapshot(&snapshot_file)?;
        let run = read_run(&trace).map_err(|problem| format!("{snapshot_file}: {problem}"))?;
        let prediction = Prediction::new(&run.trace, explanations)
            .map_err(|problem| format!("{id}: {problem}"))?;

        let mut out = self.code_with_source("rust,noplayground", &[&file], &code);
        out.push('\n');
        out.push_str(&form(id, &prediction));
        for (i, (_, text)) in prediction.explanations.mistakes.iter().enumerate() {
            out.push_str(&explanation(id, &i.to_string(), text));
        }
        out.push_str(&explanation(id, "why", &prediction.explanations.why));
        let timeline = self.snapshot(&format!("tests/snapshots/timelines/{name}.snap"))?;
        let _ = write!(
            out,
            "<details class=\"tw-predict-answer\" data-for=\"{id}\">\n\
             <summary>The answer: what the program writes, and why</summary>\n\n\
             {why}\n\n\
             <div class=\"tw-timeline\" data-timeline=\"{name}\">\n{timeline}\n</div>\n\
             <div class=\"tw-output\" data-snapshot=\"{name}\">\n\n\
             ```text\n{trace}\n```\n\n</div>\n\n</details>\n",
            why = prediction.explanations.why,
        );
        Ok(out)
    }
}

/// The form, with the prediction's data for `theme/predict.js`: its
/// verdicts (`Prediction::verdicts`), and when to show the answer.
/// Without the script, it lists the lines and says how to check from the
/// command line.
fn form(id: &str, prediction: &Prediction) -> String {
    let verdicts = prediction.verdicts();
    let said = |said: &Said| {
        let kind = match said.kind {
            SaidKind::Right => "right",
            SaidKind::Wrong => "wrong",
            SaidKind::NotStarted => "not-started",
        };
        let explain = match said.explain {
            Some(Explain::Mistake(i)) => json!(i.to_string()),
            Some(Explain::Why) => json!("why"),
            None => serde_json::Value::Null,
        };
        json!({"kind": kind, "sentence": said.sentence, "explain": explain})
    };
    let data = json!({
        "id": id,
        "candidates": verdicts.candidates,
        "written": verdicts.written,
        "orders": verdicts.orders,
        "saids": verdicts.saids.iter().map(said).collect::<Vec<_>>(),
        "notStarted": verdicts.not_started,
        "misplaced": verdicts.misplaced,
        "endsEarly": verdicts.ends_early,
        "total": verdicts.total,
        "totals": verdicts.totals,
        "otherTotal": verdicts.other_total,
        // The form asks for a total in its own words.
        "noTotal": verdicts.no_total[1],
        "totalMark": threeways_present::prediction::TOTAL,
        // The form shows the answer after as many different wrong tries as
        // `exercise check` does, in its words.
        "revealAfter": REVEAL_AFTER,
        "revealed": REVEALED,
    });
    let mut lines = String::new();
    for line in prediction.candidates() {
        let _ = write!(
            lines,
            "<li class=\"tw-predict-line\"><code>{}</code></li>",
            escape(&line)
        );
    }
    // One HTML block: no blank line inside, so Markdown leaves it alone.
    format!(
        "<div class=\"tw-predict\" id=\"{id}-form\" data-prediction=\"{data}\">\n\
         <p class=\"tw-predict-how\">The lines the program may write, in alphabetical order. \
         Put them in the order it writes them, take out the lines it never writes, and give its \
         total virtual time. (Or answer in <code>crates/exercises/exercises/{id}.txt</code> and \
         run <code>cargo run -- exercise check {id}</code>.)</p>\n\
         <ol class=\"tw-predict-lines\">{lines}</ol>\n\
         </div>\n\n",
        data = escape(&data.to_string()),
    )
}

/// One explanation, hidden until the form shows it: Markdown between two
/// blank lines inside a `<div>`, so that mdBook renders it.
fn explanation(id: &str, key: &str, text: &str) -> String {
    format!(
        "<div class=\"tw-predict-explain\" data-for=\"{id}\" data-explain=\"{key}\" hidden>\n\n\
         {text}\n\n</div>\n\n"
    )
}

/// `text` safe in HTML text and in a double-quoted attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prediction_is_named_after_its_program() {
        assert_eq!(
            super::program_file("predict-lazy-future").as_deref(),
            Some("crates/exercises/src/predictions/lazy_future.rs")
        );
        assert_eq!(super::program_file("lazy-future"), None);
    }
}
