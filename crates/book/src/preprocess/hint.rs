//! `{{#hint ID}}`: an exercise's hint, in its tiers (`## Nudge`, `## Idea`,
//! `## Code` in `crates/exercises/hints/ID.md`, read by
//! `threeways_present::hints` as `exercise hint` reads them). Each tier is
//! a fold of its own, and the stylesheet shows a fold only once the one
//! before it is open: the reader asks for each on purpose, as `exercise
//! hint ID --more` does.

use super::PageExpander;
use std::fmt::Write as _;
use threeways_present::hints;

impl PageExpander<'_> {
    /// The folds of `id`'s hint.
    pub(super) fn hint(&mut self, id: &str) -> Result<String, String> {
        let file = format!("crates/exercises/hints/{id}.md");
        let text = std::fs::read_to_string(self.root.join(&file))
            .map_err(|error| format!("cannot read {file} ({error})"))?;
        let tiers = hints::parse(&text).map_err(|problem| format!("{file}: {problem}"))?;
        let total = tiers.len();
        let mut out = format!("<div class=\"tw-hints\" id=\"{id}-hints\">\n\n");
        for (i, tier) in tiers.iter().enumerate() {
            // Blank lines around the Markdown, so that mdBook renders it.
            let _ = write!(
                out,
                "<details class=\"tw-hint\">\n<summary>Hint {} of {total}: {}</summary>\n\n{}\n\n</details>\n",
                i + 1,
                tier.step.offered(),
                tier.text
            );
        }
        out.push_str("\n</div>\n");
        Ok(out)
    }
}
