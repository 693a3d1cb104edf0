//! The book's own preprocessor: puts each chapter's three implementations,
//! their outputs and their timelines into the pages, and checks every include
//! before mdBook sees it.
//!
//! Directives a page may use (`STYLE` is blocking, callbacks or async;
//! `VARIANT` is needed where the style has variants, see `cargo run -- list`):
//!
//! - `{{#code CHAPTER ANCHOR}}`: three tabs, one per style, each with the
//!   lines of `crates/<style>/src/chapters/<chapter>.rs` between
//!   `// ANCHOR: ANCHOR` and `// ANCHOR_END: ANCHOR`.
//! - `{{#code CHAPTER STYLE ANCHOR}}`: the same, for one style only.
//! - `{{#output CHAPTER STYLE [VARIANT]}}`: a program's trace, from
//!   `tests/snapshots/<name>.snap`.
//! - `{{#timeline CHAPTER STYLE [VARIANT]}}`: its timeline picture, from
//!   `tests/snapshots/timelines/<name>.snap`.
//! - `{{#run CHAPTER STYLE [VARIANT]}}`: a program's name, timeline and
//!   trace together.
//! - `{{#outputs CHAPTER}}`: `{{#run}}` for every program of the chapter.
//!
//! - `{{#source PATH[:ANCHOR]}}`: a Rust file (or one anchor of it) as a code
//!   block, under the file's name; `PATH` is relative to the page.
//!
//! `{{#include path}}` and `{{#include path:anchor}}` are expanded here too,
//! instead of by mdBook, which leaves a missing file's directive in the page
//! and renders a missing anchor as nothing, both without failing. An included
//! Markdown page is expanded in turn, its paths relative to itself, so the
//! directives in it are checked like any other. Every problem is collected,
//! and the build fails naming the page, the file and the anchor.

use crate::anchor::{self, AnchorProblem};
use crate::snapshot;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Error;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use threeways_core::{ChapterId, Program, Style};

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
            let mut tab_groups = 0;
            chapter.content = self.expand(
                &page,
                &chapter.content,
                0,
                &mut tab_groups,
                &mut page_problems,
            );
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

const USAGE: &str = "use {{#code CHAPTER [STYLE] ANCHOR}}, {{#output CHAPTER STYLE [VARIANT]}}, \
                     {{#timeline CHAPTER STYLE [VARIANT]}}, {{#run CHAPTER STYLE [VARIANT]}} \
                     or {{#outputs CHAPTER}}";

impl ThreeWays {
    /// `content` with our directives expanded and mdBook's checked.
    ///
    /// `page` is relative to `book/src`; `depth` counts the Markdown
    /// includes this content is inside; `tab_groups` numbers the tab groups
    /// of the whole page, so their ids stay unique.
    fn expand(
        &self,
        page: &Path,
        content: &str,
        depth: usize,
        tab_groups: &mut usize,
        problems: &mut Vec<String>,
    ) -> String {
        let mut out = String::with_capacity(content.len());
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
            rest = &from_here[len + 2..];
            let words: Vec<&str> = from_here[3..len].split_whitespace().collect();
            let expanded = match words.as_slice() {
                ["code", chapter, anchor] => {
                    *tab_groups += 1;
                    self.code_tabs(*tab_groups, chapter, anchor)
                }
                ["code", chapter, style, anchor] => self.code_block(chapter, style, anchor),
                ["output", chapter, style, variant @ ..] => {
                    program(chapter, style, variant).and_then(|p| self.output(p))
                }
                ["timeline", chapter, style, variant @ ..] => {
                    program(chapter, style, variant).and_then(|p| self.timeline(p))
                }
                ["run", chapter, style, variant @ ..] => {
                    program(chapter, style, variant).and_then(|p| self.run(p))
                }
                ["outputs", chapter] => self.all_outputs(chapter),
                ["source", target] => self
                    .include(page, target)
                    .map(|(path, code)| code_with_source(&shown(&path), &code))
                    .map_err(|problem| format!("{directive}: {problem}")),
                [
                    "code" | "output" | "timeline" | "run" | "outputs" | "source",
                    ..,
                ] => Err(format!("`{directive}` is not understood; {USAGE}")),
                // A line range (`path:10:20`) is left to mdBook.
                ["include", target]
                    if target.split_once(':').is_some_and(|(_, rest)| {
                        rest.starts_with(|c: char| c.is_ascii_digit())
                    }) =>
                {
                    Ok(directive.to_owned())
                }
                ["include", target] => self
                    .include(page, target)
                    .and_then(|(path, text)| {
                        if path.extension().is_some_and(|e| e == "md") {
                            self.nested(&path, &text, depth, tab_groups, problems)
                        } else {
                            Ok(text)
                        }
                    })
                    .map_err(|problem| format!("{directive}: {problem}")),
                // mdBook's other directives, such as `{{#title}}`.
                _ => Ok(directive.to_owned()),
            };
            match expanded {
                Ok(text) => out.push_str(&text),
                Err(problem) => problems.push(problem),
            }
        }
        out.push_str(rest);
        out
    }

    /// Three tabs of code, one per style. The tabs are radio buttons and
    /// CSS (`theme/threeways.css`), so they work without JavaScript.
    fn code_tabs(&self, group: usize, slug: &str, anchor: &str) -> Result<String, String> {
        let chapter = chapter(slug)?;
        let id = format!("tw-{group}");
        let mut buttons = String::new();
        let mut panels = String::new();
        for (i, style) in Style::ALL.into_iter().enumerate() {
            let (file, code) = self.chapter_code(chapter, style, anchor)?;
            let checked = if i == 0 { " checked" } else { "" };
            let _ = writeln!(
                buttons,
                "<input type=\"radio\" name=\"{id}\" id=\"{id}-{style}\"{checked}>\
                 <label for=\"{id}-{style}\">{style}</label>"
            );
            let _ = write!(
                panels,
                "<div class=\"tw-panel\" data-style=\"{style}\">\n\n{}</div>\n",
                code_with_source(&file, &code)
            );
        }
        Ok(format!(
            "<div class=\"tw-tabs\">\n{buttons}{panels}</div>\n"
        ))
    }

    /// One style's code, under a line naming its style.
    fn code_block(&self, slug: &str, style: &str, anchor: &str) -> Result<String, String> {
        let chapter = chapter(slug)?;
        let style = Style::from_name(style).ok_or_else(|| unknown_style(style))?;
        let (file, code) = self.chapter_code(chapter, style, anchor)?;
        Ok(format!(
            "<div class=\"tw-single\" data-style=\"{style}\">\n\
             <p class=\"tw-single-title\">{style}</p>\n\n{}</div>\n",
            code_with_source(&file, &code)
        ))
    }

    /// The chapter file of `style` (as shown to readers) and its `anchor`.
    fn chapter_code(
        &self,
        chapter: ChapterId,
        style: Style,
        anchor: &str,
    ) -> Result<(String, String), String> {
        let file = format!("crates/{style}/src/chapters/{}.rs", chapter.module_name());
        let code = read_anchor(&self.root.join(&file), &file, anchor)?;
        Ok((file, code))
    }

    /// A program's trace, marked with the snapshot's name so a test can
    /// check the built page against the snapshot.
    fn output(&self, program: Program) -> Result<String, String> {
        let name = program.snapshot_name();
        let body = self.snapshot(&format!("tests/snapshots/{name}.snap"))?;
        Ok(format!(
            "<div class=\"tw-output\" data-snapshot=\"{name}\">\n\n\
             ```text\n{body}\n```\n\n</div>\n"
        ))
    }

    /// A program's timeline picture, inline so it takes the theme's colours.
    /// The SVG has no blank line, so Markdown passes it through untouched.
    fn timeline(&self, program: Program) -> Result<String, String> {
        let name = program.snapshot_name();
        let svg = self.snapshot(&format!("tests/snapshots/timelines/{name}.snap"))?;
        Ok(format!(
            "<div class=\"tw-timeline\" data-timeline=\"{name}\">\n{svg}\n</div>\n"
        ))
    }

    /// A program's name, its timeline and its trace.
    fn run(&self, program: Program) -> Result<String, String> {
        let title = match program.variant {
            Some(variant) => format!("{}, {variant}", program.style),
            None => program.style.to_string(),
        };
        Ok(format!(
            "<p class=\"tw-output-title\">{title}</p>\n\n{}\n{}\n",
            self.timeline(program)?,
            self.output(program)?
        ))
    }

    /// Every program of a chapter, each with its timeline and trace.
    fn all_outputs(&self, slug: &str) -> Result<String, String> {
        chapter(slug)?
            .programs()
            .into_iter()
            .map(|program| self.run(program))
            .collect()
    }

    /// The body of the snapshot at `file` (relative to the root).
    fn snapshot(&self, file: &str) -> Result<String, String> {
        let text = std::fs::read_to_string(self.root.join(file)).map_err(|error| {
            format!(
                "snapshot {file} cannot be read ({error}); run `cargo test` to create it, then review it"
            )
        })?;
        snapshot::body(&text)
            .map(str::to_owned)
            .ok_or_else(|| format!("snapshot {file} has no insta header"))
    }

    /// The file an include names (relative to `book/src`) and its text: the
    /// whole file, or the lines of one anchor. The path in `target` is
    /// relative to the page, as mdBook reads it.
    fn include(&self, page: &Path, target: &str) -> Result<(PathBuf, String), String> {
        let (file, anchor) = match target.split_once(':') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (target, None),
        };
        let dir = page.parent().unwrap_or(Path::new(""));
        let path = normalize(&dir.join(file));
        let shown = shown(&path);
        let on_disk = self.root.join("book/src").join(&path);
        let text = match anchor {
            Some(anchor) => read_anchor(&on_disk, &shown, anchor)?,
            None => std::fs::read_to_string(&on_disk)
                .map_err(|error| format!("cannot read {shown} ({error})"))?,
        };
        Ok((path, text))
    }

    /// An included Markdown page, expanded as a page of its own.
    fn nested(
        &self,
        path: &Path,
        text: &str,
        depth: usize,
        tab_groups: &mut usize,
        problems: &mut Vec<String>,
    ) -> Result<String, String> {
        // Deep enough for any real book; a page that includes itself stops here.
        const MAX_DEPTH: usize = 4;
        if depth >= MAX_DEPTH {
            return Err(format!("includes nest more than {MAX_DEPTH} deep"));
        }
        let mut inner = Vec::new();
        let expanded = self.expand(path, text, depth + 1, tab_groups, &mut inner);
        problems.extend(
            inner
                .into_iter()
                .map(|p| format!("in {}: {p}", shown(path))),
        );
        Ok(expanded)
    }
}

/// `path` without `.` and with each `..` taking away the folder before it.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path relative to `book/src`, as readers and messages see it: relative
/// to the repository root.
fn shown(path: &Path) -> String {
    normalize(&Path::new("book/src").join(path))
        .display()
        .to_string()
}

/// Code in a block the playground leaves alone, and the file it came from.
fn code_with_source(file: &str, code: &str) -> String {
    format!("```rust,noplayground\n{code}```\n\n<p class=\"tw-source\">{file}</p>\n")
}

fn chapter(slug: &str) -> Result<ChapterId, String> {
    ChapterId::from_slug(slug).ok_or_else(|| {
        format!(
            "unknown chapter `{slug}`; the chapters are: {}",
            ChapterId::valid_slugs()
        )
    })
}

fn unknown_style(style: &str) -> String {
    format!("unknown style `{style}`; the styles are blocking, callbacks, async")
}

/// The program a directive names, or a sentence listing the ones there are.
fn program(slug: &str, style: &str, variant: &[&str]) -> Result<Program, String> {
    let chapter = chapter(slug)?;
    let style = Style::from_name(style).ok_or_else(|| unknown_style(style))?;
    let variant = match variant {
        [] => None,
        [variant] => Some(*variant),
        _ => return Err(format!("too many words after `{slug} {style}`; {USAGE}")),
    };
    chapter.program(style, variant).ok_or_else(|| {
        let names: Vec<&str> = chapter.variants(style).iter().map(|v| v.name).collect();
        match names.as_slice() {
            [] => format!("`{slug}` has no variants in the {style} style; name none"),
            names => format!(
                "`{slug}` in the {style} style has no variant `{}`; its variants are {}",
                variant.unwrap_or_default(),
                names.join(", ")
            ),
        }
    })
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
        AnchorProblem::Unclosed => format!(
            "anchor `{anchor}` in {shown} is never closed: no `// ANCHOR_END: {anchor}` line after it"
        ),
    })
}
