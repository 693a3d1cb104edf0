//! Hints in tiers, as `crates/exercises/hints/<id>.md` writes them: a
//! `## Nudge` (where to look; for a find-the-bug exercise, the symptom,
//! never the fix), then `## Idea` (what to do), then `## Code` (how, in
//! the solution's own lines). A prediction's hint stops at the idea: its
//! last step is the answer, which `exercise check --reveal` shows.
//!
//! Each tier is asked for on purpose: `exercise hint ID` shows those asked
//! for so far (the nudge, at first) and `--more` the next; the book folds
//! each away, and shows the next fold only once the one before is open.
//! Both read the tiers here.

/// Which step of a hint a tier is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Where to look.
    Nudge,
    /// What to do.
    Idea,
    /// How, in code.
    Code,
}

impl Step {
    /// The steps, in the order they are given.
    pub const ALL: [Step; 3] = [Step::Nudge, Step::Idea, Step::Code];

    /// The heading that starts the tier in a hint's file.
    pub fn heading(self) -> &'static str {
        match self {
            Step::Nudge => "## Nudge",
            Step::Idea => "## Idea",
            Step::Code => "## Code",
        }
    }

    /// What the reader is offered: "a nudge", "the idea", "the code".
    pub fn offered(self) -> &'static str {
        match self {
            Step::Nudge => "a nudge",
            Step::Idea => "the idea",
            Step::Code => "the code",
        }
    }
}

/// One tier of a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Which step it is.
    pub step: Step,
    /// Its Markdown.
    pub text: String,
}

/// The tiers of a hint's file, in order: a nudge and an idea, and the code
/// if there is one; or what is wrong with the file.
///
/// # Errors
///
/// A sentence: text before the first heading, a tier missing, out of
/// order or empty, or a heading that is none of the three.
pub fn parse(text: &str) -> Result<Vec<Tier>, String> {
    let mut tiers: Vec<Tier> = Vec::new();
    for line in text.lines() {
        if line.starts_with("## ") {
            let expected = Step::ALL.get(tiers.len()).ok_or_else(|| {
                format!("`{line}` after `## Code`: a hint has three tiers at most")
            })?;
            if line.trim_end() != expected.heading() {
                return Err(format!(
                    "`{line}` where `{}` comes: the tiers are `## Nudge`, `## Idea`, then \
                     `## Code`",
                    expected.heading()
                ));
            }
            tiers.push(Tier {
                step: *expected,
                text: String::new(),
            });
            continue;
        }
        match tiers.last_mut() {
            Some(tier) => {
                tier.text.push_str(line);
                tier.text.push('\n');
            }
            None if line.trim().is_empty() => {}
            None => return Err("text before `## Nudge`: a hint begins with its nudge".to_owned()),
        }
    }
    for tier in &mut tiers {
        tier.text = tier.text.trim().to_owned();
        if tier.text.is_empty() {
            return Err(format!("`{}` is empty", tier.step.heading()));
        }
    }
    if tiers.len() < 2 {
        return Err("a hint has a `## Nudge` and an `## Idea` at least".to_owned());
    }
    Ok(tiers)
}

/// The fenced code blocks of a tier's Markdown, each as its lines.
pub fn code_blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut open: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => open = Some(Vec::new()),
            }
        } else if let Some(block) = &mut open {
            block.push(line);
        }
    }
    blocks
}

/// A tier's Markdown as a terminal shows it: a fenced code block's fences
/// left out and its lines indented by four spaces, everything else as it
/// is.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_is_a_nudge_an_idea_and_maybe_the_code() {
        let tiers =
            parse("## Nudge\n\nLook.\n\n## Idea\n\nThink.\n\n## Code\n\n```rust\nx();\n```\n")
                .unwrap();
        assert_eq!(tiers.len(), 3);
        assert_eq!(tiers[0].text, "Look.");
        assert_eq!(tiers[2].step, Step::Code);
        assert_eq!(code_blocks(&tiers[2].text), [vec!["x();"]]);
        assert_eq!(for_terminal(&tiers[2].text), "    x();\n");
        assert_eq!(
            parse("## Nudge\nLook.\n## Idea\nThink.\n").unwrap().len(),
            2
        );
    }

    #[test]
    fn a_malformed_hint_says_what_is_wrong() {
        let problems = [
            ("Look.\n## Nudge\nx\n## Idea\ny\n", "text before"),
            ("## Idea\nx\n", "where `## Nudge` comes"),
            ("## Nudge\nx\n", "at least"),
            ("## Nudge\nx\n## Idea\n\n## Code\nz\n", "`## Idea` is empty"),
            (
                "## Nudge\nx\n## Idea\ny\n## Code\nz\n## More\nw\n",
                "three tiers at most",
            ),
        ];
        for (text, says) in problems {
            let problem = parse(text).unwrap_err();
            assert!(problem.contains(says), "{text:?}: {problem}");
        }
    }
}
