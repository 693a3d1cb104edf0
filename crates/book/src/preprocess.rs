//! The book's own preprocessor: puts each chapter's three implementations and
//! their outputs into the pages, and checks every include before mdBook sees
//! it.
//!
//! Directives a page may use:
//!
//! - `{{#code CHAPTER ANCHOR}}`: three tabs (blocking, callbacks, async), each
//!   with the lines of `crates/<style>/src/chapters/<chapter>.rs` between
//!   `// ANCHOR: ANCHOR` and `// ANCHOR_END: ANCHOR`.
//! - `{{#outputs CHAPTER}}`: the three styles' outputs, one after another,
//!   read from `tests/snapshots/<chapter>__<style>.snap`.
//! - `{{#output CHAPTER STYLE}}`: one style's output.
//!
//! mdBook's own `{{#include path:anchor}}` is left for mdBook to expand, but
//! checked here first: mdBook leaves a missing file's directive in the page
//! and renders a missing anchor as nothing, both without failing. Every
//! problem is collected, and the build fails naming the page, the file and
//! the anchor.

use crate::anchor::{self, AnchorProblem};
use crate::snapshot;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Error;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use threeways_core::{ChapterId, Style};

/// The preprocessor, reading sources and snapshots under `root`.
pub struct ThreeWays {
    /// The repository root: where `crates/` and `tests/snapshots/` are.
    pub root: PathBuf,
}

impl Preprocessor for ThreeWays {
    fn name(&self) -> &str {
        "threeways"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> Result<Book, Error> {
        let mut problems = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(page) = chapter.source_path.clone() else {
                return; // a draft chapter has no file and no content
            };
            let mut page_problems = Vec::new();
            chapter.content = self.expand(&page, &chapter.content, &mut page_problems);
            problems.extend(
                page_problems
                    .into_iter()
                    .map(|p| format!("book/src/{}: {p}", page.display())),
            );
        });
        match problems.as_slice() {
            [] => Ok(book),
            [one] => Err(Error::msg(one.clone())),
            [first, rest @ ..] => Err(Error::msg(format!(
                "{first} (and {} more problems)",
                rest.len()
            ))),
        }
    }
}

impl ThreeWays {
    /// `content` with our directives expanded and mdBook's checked.
    fn expand(&self, page: &Path, content: &str, problems: &mut Vec<String>) -> String {
        let mut out = String::with_capacity(content.len());
        let mut tabs = 0;
        let mut rest = content;
        while let Some(start) = rest.find("{{#") {
            out.push_str(&rest[..start]);
            let from_here = &rest[start..];
            let Some(len) = from_here.find("}}") else {
                problems.push("`{{#` is never closed with `}}`".to_owned());
                out.push_str(from_here);
                return out;
            };
            let directive = &from_here[..len + 2];
            let words: Vec<&str> = from_here[3..len].split_whitespace().collect();
            match words.as_slice() {
                ["code", chapter, anchor] => {
                    tabs += 1;
                    let id = format!("tw-{tabs}");
                    self.code_tabs(&id, chapter, anchor, &mut out, problems);
                }
                ["outputs", chapter] => {
                    for style in Style::ALL {
                        self.output(chapter, style.name(), &mut out, problems);
                    }
                }
                ["output", chapter, style] => self.output(chapter, style, &mut out, problems),
                ["code" | "outputs" | "output", ..] => {
                    problems.push(format!("`{directive}` should be `{{{{#code CHAPTER ANCHOR}}}}`, `{{{{#outputs CHAPTER}}}}` or `{{{{#output CHAPTER STYLE}}}}`"));
                }
                ["include" | "rustdoc_include", target] => {
                    self.check_include(page, target, problems);
                    out.push_str(directive);
                }
                _ => out.push_str(directive),
            }
            rest = &from_here[len + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Three tabs of code, one per style. The tabs are radio buttons and
    /// CSS (`theme/threeways.css`), so they work without JavaScript.
    fn code_tabs(
        &self,
        id: &str,
        slug: &str,
        anchor: &str,
        out: &mut String,
        problems: &mut Vec<String>,
    ) {
        let Some(chapter) = known_chapter(slug, problems) else {
            return;
        };
        let mut panels = String::new();
        out.push_str("<div class=\"tw-tabs\">\n");
        for (i, style) in Style::ALL.into_iter().enumerate() {
            let file = format!(
                "crates/{}/src/chapters/{}.rs",
                style.name(),
                chapter.module_name()
            );
            let code = match read_anchor(&self.root.join(&file), &file, anchor) {
                Ok(code) => code,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let checked = if i == 0 { " checked" } else { "" };
            let name = style.name();
            let _ = writeln!(
                out,
                "<input type=\"radio\" name=\"{id}\" id=\"{id}-{name}\"{checked}>\
                 <label for=\"{id}-{name}\">{name}</label>"
            );
            let _ = write!(
                panels,
                "<div class=\"tw-panel\" data-style=\"{name}\">\n\n\
                 ```rust,noplayground\n{code}```\n\n\
                 <p class=\"tw-source\">{file}</p>\n</div>\n"
            );
        }
        out.push_str(&panels);
        out.push_str("</div>\n");
    }

    /// One style's output, from its snapshot, marked with the snapshot's name
    /// so a test can check the built page against the snapshot.
    fn output(&self, slug: &str, style: &str, out: &mut String, problems: &mut Vec<String>) {
        let Some(chapter) = known_chapter(slug, problems) else {
            return;
        };
        let Some(style) = Style::from_name(style) else {
            problems.push(format!(
                "unknown style `{style}`; the styles are blocking, callbacks, async"
            ));
            return;
        };
        let name = chapter.snapshot_name(style);
        let file = format!("tests/snapshots/{name}.snap");
        let text = match std::fs::read_to_string(self.root.join(&file)) {
            Ok(text) => text,
            Err(error) => {
                problems.push(format!(
                    "snapshot {file} cannot be read ({error}); run `cargo test` to create it, then review it"
                ));
                return;
            }
        };
        let Some(body) = snapshot::body(&text) else {
            problems.push(format!("snapshot {file} has no insta header"));
            return;
        };
        let _ = write!(
            out,
            "<div class=\"tw-output\" data-snapshot=\"{name}\">\n\
             <p class=\"tw-output-title\">{style}</p>\n\n\
             ```text\n{body}\n```\n\n</div>\n"
        );
    }

    /// Checks an mdBook `{{#include path}}` or `{{#include path:anchor}}`; the
    /// path is relative to the page, as mdBook reads it. Line ranges
    /// (`path:10:20`) are left to mdBook.
    fn check_include(&self, page: &Path, target: &str, problems: &mut Vec<String>) {
        let (file, anchor) = match target.split_once(':') {
            Some((file, rest)) if !rest.starts_with(|c: char| c.is_ascii_digit()) => {
                (file, Some(rest))
            }
            Some((file, _range)) => (file, None),
            None => (target, None),
        };
        let dir = page.parent().unwrap_or(Path::new(""));
        let shown_path = Path::new("book/src").join(dir).join(file);
        let path = self.root.join(&shown_path);
        let shown = shown_path.display().to_string();
        let result = match anchor {
            Some(anchor) => read_anchor(&path, &shown, anchor).map(drop),
            None => std::fs::metadata(&path)
                .map(drop)
                .map_err(|error| format!("cannot read {shown} ({error})")),
        };
        if let Err(problem) = result {
            problems.push(format!("{{{{#include {target}}}}}: {problem}"));
        }
    }
}

fn known_chapter(slug: &str, problems: &mut Vec<String>) -> Option<ChapterId> {
    let chapter = ChapterId::from_slug(slug);
    if chapter.is_none() {
        problems.push(format!(
            "unknown chapter `{slug}`; the chapters are: {}",
            ChapterId::valid_slugs()
        ));
    }
    chapter
}

/// The lines of anchor `anchor` in `path` (shown as `shown`), or a sentence
/// naming the file and the anchor.
fn read_anchor(path: &Path, shown: &str, anchor: &str) -> Result<String, String> {
    let source =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {shown} ({error})"))?;
    anchor::extract(&source, anchor).map_err(|problem| match problem {
        AnchorProblem::Missing => {
            format!("anchor `{anchor}` not found in {shown}: no `// ANCHOR: {anchor}` line")
        }
        AnchorProblem::Unclosed => {
            format!("anchor `{anchor}` in {shown} is never closed: no `// ANCHOR_END: {anchor}` line after it")
        }
    })
}
