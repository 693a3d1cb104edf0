//! The book's own preprocessor: puts each chapter's three implementations,
//! their outputs and their timelines into the pages, and checks every include
//! before mdBook sees it.
//!
//! Directives a page may use (`STYLE` is blocking, callbacks or async;
//! `VARIANT` is needed where the style has variants, see `cargo run -- list`):
//!
//! - `{{#code CHAPTER ANCHOR}}`: a code group, one panel per style, each with
//!   the lines of `crates/<style>/src/chapters/<chapter>.rs` between
//!   `// ANCHOR: ANCHOR` and `// ANCHOR_END: ANCHOR`, and a `python` panel
//!   with the same anchor of each Python twin that has it
//!   (`book/python/<chapter>_<style>.py`, see [`crate::python`]). The
//!   reader sees the panels as tabs or side by side (`theme/threeways.js`).
//! - `{{#code CHAPTER STYLE ANCHOR}}`: the same, for one style and its
//!   Python twin (the style alone if the twin has no such anchor).
//! - `{{#code CHAPTER python ANCHOR}}`: the Python alone, for an anchor
//!   that only Python has.
//! - `{{#output CHAPTER PROGRAM}}`: a program's trace, from
//!   `tests/snapshots/<name>.snap`. `PROGRAM` is `STYLE [VARIANT]` for Rust,
//!   `python STYLE [VARIANT]` for Python (`python asyncio gather`).
//! - `{{#timeline CHAPTER PROGRAM}}`: its timeline picture, from
//!   `tests/snapshots/timelines/<name>.snap`.
//! - `{{#run CHAPTER PROGRAM}}`: a program's name, timeline and trace
//!   together. `{{#run CHAPTER PROGRAM | PROGRAM}}`: several runs as a group
//!   of panels, like code (a Rust run and its Python twin, say).
//! - `{{#outputs CHAPTER}}`: `{{#run}}` for every program of the chapter.
//! - `{{#source PATH[:ANCHOR]}}`: a Rust file (or one anchor of it) as a code
//!   block, under the file's name; `PATH` is relative to the page.
//! - `{{#diff FROM TO}}`: what changed from one piece of code to the next,
//!   each `PATH:ANCHOR` as in `{{#source}}`, as a diff under both names.
//! - `{{#diff CHAPTER [STYLE] FROM TO}}`: a program that is a small change
//!   of another, shown as that change: in each style's chapter file (or in
//!   `STYLE`'s), the diff from anchor `FROM` to anchor `TO`, as a code
//!   group like `{{#code}}`'s.
//! - `{{#trace-line CHAPTER PROGRAM | TEXT}}`: the first line of a
//!   program's trace that contains `TEXT`, as inline code: a real example
//!   for the prose, such as the trace legend's.
//! - `{{#predict ID}}`: a "predict the output" exercise: its program, a
//!   form to answer in, and the answer with its run (`preprocess/predict.rs`).
//! - `{{#snapshot NAME}}`: a snapshot that is no program's trace, from
//!   `tests/snapshots/NAME.snap` (a real run's trace with its times taken
//!   out, a debugger's backtraces), as text.
//! - `{{#ours}}`: the table of what the blocking and async lessons take
//!   from the project, each item beside the real call it stands for, made
//!   from the preludes (`preprocess/ours.rs`).
//!
//! `{{#include path}}` and `{{#include path:anchor}}` are expanded here too,
//! instead of by mdBook, which leaves a missing file's directive in the page
//! and renders a missing anchor as nothing, both without failing. An included
//! Markdown page is expanded in turn, its paths relative to itself, so the
//! directives in it are checked like any other. Every problem is collected,
//! and the build fails naming the page, the file and the anchor.
//!
//! Every piece of code put into a page is also recorded ([`CodeShown`]), so
//! that the checks on the built HTML can find it inside a `<pre>` block:
//! an include outside a fenced block renders as paragraphs, and nothing
//! before the HTML can tell.
//!
//! Each code caption links to its file in the repository when book.toml
//! sets `[preprocessor.threeways] repository-url` (and `revision`, the
//! branch or commit, `main` if unset).

mod ours;
mod predict;

use crate::anchor::{self, AnchorProblem};
use crate::python;
use crate::snapshot;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Error;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use threeways_model::lock::lock;
use threeways_model::{ChapterId, Program, Style};

/// The preprocessor, reading sources and snapshots under `root`.
pub struct ThreeWays {
    /// The repository root: where `crates/` and `tests/snapshots/` are.
    pub root: PathBuf,
    /// Every piece of code the pages show, for the checks on the HTML.
    pub shown: Arc<Mutex<Vec<CodeShown>>>,
}

/// A piece of code the preprocessor put into a page.
#[derive(Clone, Debug)]
pub struct CodeShown {
    /// The chapter page, relative to `book/src` (`porting.md`).
    pub page: PathBuf,
    /// Where the code came from, as a reader would look for it
    /// (`crates/async/src/porting.rs:step_1`).
    pub origin: String,
    /// The code, as the reader should see it.
    pub code: String,
}

impl Preprocessor for ThreeWays {
    fn name(&self) -> &str {
        "threeways"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book, Error> {
        let links = SourceLinks::from_config(ctx)?;
        let mut problems = Vec::new();
        let mut shown = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(page) = chapter.source_path.clone() else {
                return; // a draft chapter has no file and no content
            };
            let mut expander = PageExpander {
                root: &self.root,
                links: &links,
                page: page.clone(),
                groups: 0,
                shown: Vec::new(),
                problems: Vec::new(),
            };
            chapter.content = expander.expand(&page, &chapter.content, 0);
            problems.extend(
                expander
                    .problems
                    .into_iter()
                    .map(|p| format!("book/src/{}: {p}", page.display())),
            );
            shown.extend(expander.shown);
        });
        *lock(&self.shown) = shown;
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

/// Where a code caption links to: `{repository}/blob/{revision}/{path}`.
struct SourceLinks {
    repository: Option<String>,
    revision: String,
}

impl SourceLinks {
    fn from_config(ctx: &PreprocessorContext) -> Result<SourceLinks, Error> {
        let repository: Option<String> = ctx
            .config
            .get("preprocessor.threeways.repository-url")
            .map_err(|e| Error::msg(format!("book.toml: {e:#}")))?;
        let revision: Option<String> = ctx
            .config
            .get("preprocessor.threeways.revision")
            .map_err(|e| Error::msg(format!("book.toml: {e:#}")))?;
        Ok(SourceLinks {
            repository: repository.map(|url| url.trim_end_matches('/').to_owned()),
            revision: revision.unwrap_or_else(|| "main".to_owned()),
        })
    }

    /// A file's name in a caption, linked to the file where there is a
    /// repository to link to.
    fn file(&self, file: &str) -> String {
        match &self.repository {
            Some(repository) => format!(
                "<a class=\"tw-file\" href=\"{repository}/blob/{}/{file}\">{file}</a>",
                self.revision
            ),
            None => format!("<span class=\"tw-file\">{file}</span>"),
        }
    }
}

/// One panel of a group: one style's (or one language's) code, or one
/// program's run.
///
/// A group holds any number of panels; the stylesheet and the script lay
/// out as many as there are, so another language can join a group.
pub struct Panel {
    /// What the panel is called in `data-style` and in the reader's saved
    /// choice (`blocking`, `async`, `python`...).
    pub key: String,
    /// What the tab and the column say.
    pub label: String,
    /// What the panel shows, as Markdown.
    pub body: String,
}

/// A piece of code from a file, for a panel.
pub struct Code {
    /// The code block's language, as Markdown's fence says it.
    pub lang: &'static str,
    /// The file the code comes from, relative to the repository root.
    pub file: String,
    /// Where in the file (`crates/...rs:anchor`), for messages.
    pub origin: String,
    /// The code.
    pub code: String,
}

const USAGE: &str = "use {{#code CHAPTER [STYLE] ANCHOR}}, {{#output CHAPTER PROGRAM}}, \
                     {{#timeline CHAPTER PROGRAM}}, {{#run CHAPTER PROGRAM [| PROGRAM...]}}, \
                     {{#outputs CHAPTER}}, {{#source PATH[:ANCHOR]}}, {{#diff FROM TO}}, \
                     {{#diff CHAPTER [STYLE] FROM TO}}, \
                     {{#trace-line CHAPTER PROGRAM | TEXT}}, {{#predict ID}} or {{#ours}}, where \
                     PROGRAM is STYLE [VARIANT] or python STYLE [VARIANT]";

/// Expands the directives of one chapter page and the pages it includes.
struct PageExpander<'a> {
    root: &'a Path,
    links: &'a SourceLinks,
    /// The chapter page, relative to `book/src`.
    page: PathBuf,
    /// How many code groups the page has so far, so their ids stay unique.
    groups: usize,
    shown: Vec<CodeShown>,
    problems: Vec<String>,
}

impl PageExpander<'_> {
    /// `content` with our directives expanded and mdBook's checked.
    ///
    /// `file` is the page the content comes from, relative to `book/src`
    /// (the chapter page or a page it includes); `depth` counts the
    /// Markdown includes this content is inside.
    fn expand(&mut self, file: &Path, content: &str, depth: usize) -> String {
        let mut out = String::with_capacity(content.len());
        let mut rest = content;
        while let Some(start) = rest.find("{{#") {
            out.push_str(&rest[..start]);
            let from_here = &rest[start..];
            let Some(len) = from_here.find("}}") else {
                self.problems
                    .push("`{{#` is never closed with `}}`".to_owned());
                out.push_str(from_here);
                return out;
            };
            let directive = &from_here[..len + 2];
            rest = &from_here[len + 2..];
            let words: Vec<&str> = from_here[3..len].split_whitespace().collect();
            match self.directive(file, directive, &words, depth) {
                Ok(text) => out.push_str(&text),
                Err(problem) => self.problems.push(problem),
            }
        }
        out.push_str(rest);
        out
    }

    fn directive(
        &mut self,
        file: &Path,
        directive: &str,
        words: &[&str],
        depth: usize,
    ) -> Result<String, String> {
        match words {
            ["trace-line", ..] => self.trace_line(&directive[3..directive.len() - 2]),
            ["code", chapter, anchor] => self.code_group(chapter, anchor),
            ["code", chapter, style, anchor] => self.code_block(chapter, style, anchor),
            ["output", chapter, program @ ..] if !program.is_empty() => self
                .runnable(chapter, program)
                .and_then(|p| self.output(&p)),
            ["timeline", chapter, program @ ..] if !program.is_empty() => self
                .runnable(chapter, program)
                .and_then(|p| self.timeline(&p)),
            ["run", chapter, programs @ ..] if !programs.is_empty() => self.runs(chapter, programs),
            ["outputs", chapter] => self.all_outputs(chapter),
            ["source", target] => self
                .include(file, target)
                .map(|(path, code)| {
                    let shown = shown(&path);
                    self.record(&origin(&shown, target), &code);
                    self.code_with_source("rust,noplayground", &[&shown], &code)
                })
                .map_err(|problem| format!("{directive}: {problem}")),
            ["diff", from, to] => self
                .diff(file, from, to)
                .map_err(|problem| format!("{directive}: {problem}")),
            ["diff", chapter, from, to] => self
                .chapter_diff(chapter, None, from, to)
                .map_err(|problem| format!("{directive}: {problem}")),
            ["diff", chapter, style, from, to] => self
                .chapter_diff(chapter, Some(style), from, to)
                .map_err(|problem| format!("{directive}: {problem}")),
            ["predict", id] => self
                .predict(id)
                .map_err(|problem| format!("{directive}: {problem}")),
            ["ours"] => self
                .ours()
                .map_err(|problem| format!("{directive}: {problem}")),
            ["snapshot", name] => self.shown_snapshot(name),
            [
                "code" | "output" | "timeline" | "run" | "outputs" | "source" | "diff" | "predict"
                | "ours" | "snapshot",
                ..,
            ] => Err(format!("`{directive}` is not understood; {USAGE}")),
            // A line range (`path:10:20`) is left to mdBook.
            ["include", target]
                if target
                    .split_once(':')
                    .is_some_and(|(_, rest)| rest.starts_with(|c: char| c.is_ascii_digit())) =>
            {
                Ok(directive.to_owned())
            }
            ["include", target] => self
                .include(file, target)
                .and_then(
                    |(path, text)| match path.extension().and_then(|e| e.to_str()) {
                        Some("md") => self.nested(&path, &text, depth),
                        Some("html" | "svg") => Ok(text),
                        _ => {
                            // Code: it belongs in a fenced block, which the
                            // checks on the HTML make sure of.
                            self.record(&origin(&shown(&path), target), &text);
                            Ok(text)
                        }
                    },
                )
                .map_err(|problem| format!("{directive}: {problem}")),
            // mdBook's other directives, such as `{{#title}}`.
            _ => Ok(directive.to_owned()),
        }
    }

    /// Notes that the page shows `code`, from `origin`.
    fn record(&mut self, origin: &str, code: &str) {
        self.shown.push(CodeShown {
            page: self.page.clone(),
            origin: origin.to_owned(),
            code: code.to_owned(),
        });
    }

    /// A group of code panels, one per style that has a program for the
    /// chapter (`under-the-hood` has no blocking one), then one for Python.
    fn code_group(&mut self, slug: &str, anchor: &str) -> Result<String, String> {
        let chapter = chapter(slug)?;
        let styles = chapter.styles();
        let mut panels = Vec::new();
        for style in &styles {
            let code = self.chapter_code(chapter, *style, anchor)?;
            panels.push(self.code_panel(style.name(), vec![(None, code)]));
        }
        let python = self.python_code(chapter, styles.into_iter().map(python::twin), anchor)?;
        if !python.is_empty() {
            panels.push(self.code_panel(python::KEY, python));
        }
        Ok(self.group(&panels))
    }

    /// Panels as a group the reader sees as tabs or as columns. Without
    /// JavaScript (and on paper) the panels stand one under the other, each
    /// under its title.
    pub fn group(&mut self, panels: &[Panel]) -> String {
        self.groups += 1;
        let mut out = format!(
            "<div class=\"tw-group\" id=\"tw-group-{}\" data-panels=\"{}\" \
             style=\"--tw-panels: {}\">\n",
            self.groups,
            panels.len(),
            panels.len()
        );
        for (i, panel) in panels.iter().enumerate() {
            if panels[..i].iter().any(|p| p.key == panel.key) {
                self.problems.push(format!(
                    "two panels of one group are both `{}`: the reader could choose only one",
                    panel.key
                ));
            }
            let _ = write!(
                out,
                "<div class=\"tw-panel\" data-style=\"{}\">\n\
                 <p class=\"tw-panel-title\">{}</p>\n\n{}</div>\n",
                panel.key, panel.label, panel.body
            );
        }
        out.push_str("</div>\n");
        out
    }

    /// A panel of code, recorded for the checks: one piece, or several
    /// (Python's styles), each under its title.
    fn code_panel(&mut self, key: &str, pieces: Vec<(Option<&str>, Code)>) -> Panel {
        let titled = pieces.len() > 1;
        let mut body = String::new();
        for (title, code) in pieces {
            self.record(&code.origin, &code.code);
            if let (true, Some(title)) = (titled, title) {
                let _ = write!(body, "<p class=\"tw-piece-title\">{title}</p>\n\n");
            }
            body.push_str(&self.code_with_source(code.lang, &[&code.file], &code.code));
        }
        Panel {
            key: key.to_owned(),
            label: key.to_owned(),
            body,
        }
    }

    /// One style's code, under a line naming its style, beside its Python
    /// twin's where that has the anchor; or (`python`) the Python alone.
    fn code_block(&mut self, slug: &str, style: &str, anchor: &str) -> Result<String, String> {
        let chapter = chapter(slug)?;
        if style == python::KEY {
            let pieces = self.python_code(chapter, python::styles(), anchor)?;
            if pieces.is_empty() {
                return Err(format!(
                    "anchor `{anchor}` not found in any of {}",
                    python::styles()
                        .map(|style| python::file(chapter, style))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            return Ok(single(&self.code_panel(python::KEY, pieces)));
        }
        let style = Style::from_name(style).ok_or_else(|| unknown_style(style))?;
        let code = self.chapter_code(chapter, style, anchor)?;
        let rust = self.code_panel(style.name(), vec![(None, code)]);
        let python = self.python_code(chapter, [python::twin(style)], anchor)?;
        if python.is_empty() {
            return Ok(single(&rust));
        }
        let python = self.code_panel(python::KEY, python);
        Ok(self.group(&[rust, python]))
    }

    /// The code of `style` for `anchor` of a chapter.
    fn chapter_code(&self, chapter: ChapterId, style: Style, anchor: &str) -> Result<Code, String> {
        let file = format!("crates/{style}/src/chapters/{}.rs", chapter.module_name());
        let code = read_anchor(&self.root.join(&file), &file, anchor)?;
        Ok(Code {
            lang: "rust,noplayground",
            origin: format!("{file}:{anchor}"),
            file,
            code,
        })
    }

    /// `anchor` in each of the chapter's Python files of `styles` that has
    /// it, with the style's name. A chapter without Python, or a file
    /// without the anchor, adds nothing; an anchor never closed is a
    /// problem.
    fn python_code(
        &self,
        chapter: ChapterId,
        styles: impl IntoIterator<Item = &'static str>,
        anchor: &str,
    ) -> Result<Vec<(Option<&'static str>, Code)>, String> {
        let mut pieces = Vec::new();
        for style in styles {
            let file = python::file(chapter, style);
            let Ok(source) = std::fs::read_to_string(self.root.join(&file)) else {
                continue;
            };
            let code = match anchor::extract(&source, anchor) {
                Ok(code) => code,
                Err(AnchorProblem::Missing) => continue,
                Err(AnchorProblem::Unclosed) => return Err(unclosed(&file, anchor)),
            };
            pieces.push((
                Some(style),
                Code {
                    lang: "python",
                    origin: format!("{file}:{anchor}"),
                    file,
                    code,
                },
            ));
        }
        Ok(pieces)
    }

    /// What changed from the code at `from` to the code at `to`
    /// ([`diff_text`]), under the names of both files.
    fn diff(&mut self, file: &Path, from: &str, to: &str) -> Result<String, String> {
        let (from_path, old) = self.include(file, from)?;
        let (to_path, new) = self.include(file, to)?;
        let text = diff_text(&old, &new);
        let (from_shown, to_shown) = (shown(&from_path), shown(&to_path));
        self.record(
            &format!("{} to {}", origin(&from_shown, from), origin(&to_shown, to)),
            &text,
        );
        if from_shown != to_shown {
            return Ok(self.code_with_source("diff", &[&from_shown, &to_shown], &text));
        }
        // Two steps in one file: name the file once, then the two anchors.
        let anchor = |target: &str| target.rsplit_once(':').map(|(_, a)| a.to_owned());
        let note = match (anchor(from), anchor(to)) {
            (Some(a), Some(b)) => format!(", <code>{a}</code> → <code>{b}</code>"),
            _ => String::new(),
        };
        Ok(self.code_with_caption("diff", &[&from_shown], &note, &text))
    }

    /// `diff CHAPTER [STYLE] FROM TO`: in each style's chapter file (or
    /// `style`'s), the change from anchor `from` to anchor `to`, as a
    /// group of panels (or one).
    fn chapter_diff(
        &mut self,
        slug: &str,
        style: Option<&str>,
        from: &str,
        to: &str,
    ) -> Result<String, String> {
        let chapter = chapter(slug)?;
        let styles = match style {
            Some(style) => vec![Style::from_name(style).ok_or_else(|| unknown_style(style))?],
            None => chapter.styles(),
        };
        let mut panels = Vec::new();
        for style in styles {
            let old = self.chapter_code(chapter, style, from)?;
            let new = self.chapter_code(chapter, style, to)?;
            let text = diff_text(&old.code, &new.code);
            self.record(&format!("{} to {}", old.origin, new.origin), &text);
            let note = format!(", <code>{from}</code> → <code>{to}</code>");
            panels.push(Panel {
                key: style.name().to_owned(),
                label: style.name().to_owned(),
                body: self.code_with_caption("diff", &[&old.file], &note, &text),
            });
        }
        Ok(match panels.as_slice() {
            [one] => single(one),
            _ => self.group(&panels),
        })
    }

    /// `trace-line CHAPTER PROGRAM | TEXT`: the first line of the
    /// program's trace holding `TEXT`, as inline code.
    fn trace_line(&self, inner: &str) -> Result<String, String> {
        let usage = "use {{#trace-line CHAPTER PROGRAM | TEXT}}";
        let (program_words, text) = inner
            .strip_prefix("trace-line")
            .and_then(|rest| rest.split_once('|'))
            .ok_or_else(|| format!("`{{{{#{inner}}}}}` names no text to find; {usage}"))?;
        let (text, words) = (
            text.trim(),
            program_words.split_whitespace().collect::<Vec<_>>(),
        );
        let program = match words.as_slice() {
            [chapter, program @ ..] if !program.is_empty() => self.runnable(chapter, program)?,
            _ => return Err(format!("`{{{{#{inner}}}}}` names no program; {usage}")),
        };
        let file = format!("tests/snapshots/{}.snap", program.name());
        let body = self.snapshot(&file)?;
        let line = body
            .lines()
            .find(|line| line.contains(text))
            .ok_or_else(|| format!("no line of {file} contains {text:?}"))?;
        let escaped = line
            .trim()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        Ok(format!("<code class=\"tw-trace-line\">{escaped}</code>"))
    }

    /// A program's trace, marked with the snapshot's name so a test can
    /// check the built page against the snapshot.
    fn output(&self, program: &Runnable) -> Result<String, String> {
        let name = program.name();
        let body = self.snapshot(&format!("tests/snapshots/{name}.snap"))?;
        Ok(format!(
            "<div class=\"tw-output\" data-snapshot=\"{name}\">\n\n\
             ```text\n{body}\n```\n\n</div>\n"
        ))
    }

    /// A program's timeline picture, inline so it takes the theme's colours.
    /// The SVG has no blank line, so Markdown passes it through untouched.
    fn timeline(&self, program: &Runnable) -> Result<String, String> {
        let name = program.name();
        let svg = self.snapshot(&format!("tests/snapshots/timelines/{name}.snap"))?;
        Ok(format!(
            "<div class=\"tw-timeline\" data-timeline=\"{name}\">\n{svg}\n</div>\n"
        ))
    }

    /// A program's name, its timeline and its trace.
    fn run(&self, program: &Runnable) -> Result<String, String> {
        Ok(format!(
            "<p class=\"tw-output-title\">{}</p>\n\n{}",
            program.title(),
            self.timeline_and_output(program)?
        ))
    }

    fn timeline_and_output(&self, program: &Runnable) -> Result<String, String> {
        Ok(format!(
            "{}\n{}\n",
            self.timeline(program)?,
            self.output(program)?
        ))
    }

    /// `run CHAPTER PROGRAM [| PROGRAM...]`: one run, or several as a group
    /// of panels, one per program, keyed by its style (or `python`), so
    /// that the reader's choice of style holds for runs as for code.
    fn runs(&mut self, slug: &str, words: &[&str]) -> Result<String, String> {
        let programs = words
            .split(|word| *word == "|")
            .map(|program| self.runnable(slug, program))
            .collect::<Result<Vec<_>, _>>()?;
        if let [one] = programs.as_slice() {
            return self.run(one);
        }
        let panels = programs
            .iter()
            .map(|program| {
                Ok(Panel {
                    key: program.key().to_owned(),
                    label: program.title(),
                    body: self.timeline_and_output(program)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(self.group(&panels))
    }

    /// Every program of a chapter, each with its timeline and trace.
    fn all_outputs(&self, slug: &str) -> Result<String, String> {
        chapter(slug)?
            .programs()
            .into_iter()
            .map(|program| self.run(&Runnable::Rust(program)))
            .collect()
    }

    /// The program that `words` name in a chapter: `STYLE [VARIANT]`, or
    /// `python STYLE [VARIANT]`.
    fn runnable(&self, slug: &str, words: &[&str]) -> Result<Runnable, String> {
        match words {
            [python::KEY, style, variant @ ..] => {
                let variant = match variant {
                    [] => None,
                    [variant] => Some(*variant),
                    _ => {
                        return Err(format!(
                            "too many words after `{slug} python {style}`; {USAGE}"
                        ));
                    }
                };
                python::program(self.root, chapter(slug)?, style, variant).map(Runnable::Python)
            }
            [style, variant @ ..] => program(slug, style, variant).map(Runnable::Rust),
            [] => Err(format!("no program named after `{slug}`; {USAGE}")),
        }
    }

    /// `snapshot NAME`: a snapshot that is not a program's trace (a real
    /// run's, its times taken out; a debugger's backtraces), from
    /// `tests/snapshots/NAME.snap`, marked with its name.
    fn shown_snapshot(&self, name: &str) -> Result<String, String> {
        if name.split('/').any(|part| part.is_empty() || part == "..") {
            return Err(format!(
                "`{{{{#snapshot {name}}}}}`: name a snapshot under tests/snapshots"
            ));
        }
        let body = self.snapshot(&format!("tests/snapshots/{name}.snap"))?;
        Ok(format!(
            "<div class=\"tw-output\" data-shown-snapshot=\"{name}\">\n\n\
             ```text\n{body}\n```\n\n</div>\n"
        ))
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
    /// whole file without its anchor lines, or the lines of one anchor. The
    /// path in `target` is relative to `file`, as mdBook reads it.
    fn include(&self, file: &Path, target: &str) -> Result<(PathBuf, String), String> {
        let (path, anchor) = match target.split_once(':') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        let dir = file.parent().unwrap_or(Path::new(""));
        let path = normalize(&dir.join(path));
        let shown = shown(&path);
        let on_disk = self.root.join("book/src").join(&path);
        let text = match anchor {
            Some(anchor) => read_anchor(&on_disk, &shown, anchor)?,
            None => anchor::without_markers(
                &std::fs::read_to_string(&on_disk)
                    .map_err(|error| format!("cannot read {shown} ({error})"))?,
            ),
        };
        Ok((path, text))
    }

    /// An included Markdown page, expanded as a page of its own.
    fn nested(&mut self, path: &Path, text: &str, depth: usize) -> Result<String, String> {
        // Deep enough for any real book; a page that includes itself stops here.
        const MAX_DEPTH: usize = 4;
        if depth >= MAX_DEPTH {
            return Err(format!("includes nest more than {MAX_DEPTH} deep"));
        }
        let before = self.problems.len();
        let expanded = self.expand(path, text, depth + 1);
        for problem in &mut self.problems[before..] {
            *problem = format!("in {}: {problem}", shown(path));
        }
        Ok(expanded)
    }

    /// Code in a fenced block, then a caption naming the files it came
    /// from (linked to the repository where book.toml says where that is).
    /// A Rust block is marked so the playground leaves it alone.
    fn code_with_source(&self, lang: &str, files: &[&str], code: &str) -> String {
        self.code_with_caption(lang, files, "", code)
    }

    /// [`Self::code_with_source`], with `note` after the files' names.
    fn code_with_caption(&self, lang: &str, files: &[&str], note: &str, code: &str) -> String {
        let names: Vec<String> = files.iter().map(|f| self.links.file(f)).collect();
        let fence = if code.contains("```") { "````" } else { "```" };
        format!(
            "{fence}{lang}\n{code}{fence}\n\n<p class=\"tw-source\">{}{note}</p>\n",
            names.join(" → ")
        )
    }
}

/// What changed from `old` to `new`: every line of both, each marked `-`
/// (only in `old`), `+` (only in `new`) or blank (in both), so the reader
/// sees the whole new code and its changes at once. Doc comments are left
/// out: each piece's says what the piece is, which the page's prose says
/// too, and in a diff they would bury the change under lines that always
/// differ.
fn diff_text(old: &str, new: &str) -> String {
    let without_docs = |code: &str| -> String {
        let lines = code.split_inclusive('\n');
        lines
            .filter(|line| !line.trim_start().starts_with("///"))
            .collect()
    };
    let (old, new) = (without_docs(old), without_docs(new));
    let mut text = String::new();
    for change in similar::TextDiff::from_lines(&old, &new).iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => ' ',
        };
        text.push(sign);
        text.push_str(change.value());
        if !change.value().ends_with('\n') {
            text.push('\n');
        }
    }
    text
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

/// `shown` with the anchor that `target` names, if any: `file.rs:anchor`.
fn origin(shown: &str, target: &str) -> String {
    match target.split_once(':') {
        Some((_, anchor)) => format!("{shown}:{anchor}"),
        None => shown.to_owned(),
    }
}

/// A panel on its own, under its title.
fn single(panel: &Panel) -> String {
    format!(
        "<div class=\"tw-single\" data-style=\"{}\">\n\
         <p class=\"tw-single-title\">{}</p>\n\n{}</div>\n",
        panel.key, panel.label, panel.body
    )
}

/// A program whose run a page shows: one of Rust's, or a Python twin.
enum Runnable {
    Rust(Program),
    Python(python::Program),
}

impl Runnable {
    /// Its snapshots' name under `tests/snapshots/` (and `timelines/`):
    /// `fan-out__async__join-all`, `python/fan-out__asyncio__gather`.
    fn name(&self) -> String {
        match self {
            Runnable::Rust(program) => program.snapshot_name(),
            Runnable::Python(program) => format!("python/{}", program.snapshot_name()),
        }
    }

    /// Its panel's key: its style, or `python`.
    fn key(&self) -> &'static str {
        match self {
            Runnable::Rust(program) => program.style.name(),
            Runnable::Python(_) => python::KEY,
        }
    }

    /// `async, join-all`, `python asyncio, gather`.
    fn title(&self) -> String {
        match self {
            Runnable::Rust(Program {
                style,
                variant: Some(variant),
                ..
            }) => format!("{style}, {variant}"),
            Runnable::Rust(program) => program.style.to_string(),
            Runnable::Python(program) => program.title(),
        }
    }
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
        if !chapter.has_programs(style) {
            return format!("`{slug}` has no {style} program");
        }
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
        AnchorProblem::Unclosed => unclosed(shown, anchor),
    })
}

fn unclosed(shown: &str, anchor: &str) -> String {
    format!("anchor `{anchor}` in {shown} is never closed: no `ANCHOR_END: {anchor}` line after it")
}
