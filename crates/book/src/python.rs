//! The book's Python twins (`book/python/`), as the pages show them: which
//! Python style mirrors each Rust style, where a chapter's Python files are,
//! and which Python programs a page may name.
//!
//! Python has the three styles Rust has, under its own names: threads,
//! callbacks on asyncio's loop, and `asyncio` with `async def`. A chapter's
//! program in a style is `book/python/<chapter>_<style>.py` (its anchors
//! are named like the Rust file's), and each program's run is a snapshot in
//! `tests/snapshots/python/`, its timeline in
//! `tests/snapshots/timelines/python/` (`tests/it/python.rs` writes both).

use std::path::Path;
use threeways_model::{ChapterId, Style};

/// What the code panels and run titles call the language.
pub const KEY: &str = "python";

/// The Python style that mirrors a Rust style.
pub fn twin(style: Style) -> &'static str {
    match style {
        Style::Blocking => "threads",
        Style::Callbacks => "callbacks",
        Style::Async => "asyncio",
    }
}

/// Python's styles, in the order of the Rust styles they mirror.
pub fn styles() -> impl Iterator<Item = &'static str> {
    Style::ALL.into_iter().map(twin)
}

/// A chapter's Python file in one style, relative to the repository root.
/// A chapter without Python has no such file.
pub fn file(chapter: ChapterId, style: &str) -> String {
    format!("book/python/{}_{style}.py", chapter.module_name())
}

/// One Python program: a chapter, a Python style, and the program's name
/// where the file has several (`fan-out`, `asyncio`, `gather`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The chapter.
    pub chapter: ChapterId,
    /// Its Python style: `threads`, `callbacks` or `asyncio`.
    pub style: &'static str,
    /// The program's name in its file, if the file has several.
    pub variant: Option<String>,
}

impl Program {
    /// The name of its snapshots: `fan-out__asyncio__gather`, as
    /// `book/python/run_all.py` names a program.
    pub fn snapshot_name(&self) -> String {
        let base = format!("{}__{}", self.chapter, self.style);
        match &self.variant {
            Some(variant) => format!("{base}__{variant}"),
            None => base,
        }
    }

    /// `python asyncio, gather`: how a page's run title names it.
    pub fn title(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{KEY} {}, {variant}", self.style),
            None => format!("{KEY} {}", self.style),
        }
    }
}

/// The Python program `style` and `variant` name in a chapter, if its
/// snapshot is in the repository at `root`; otherwise a sentence listing
/// the chapter's Python programs.
pub fn program(
    root: &Path,
    chapter: ChapterId,
    style: &str,
    variant: Option<&str>,
) -> Result<Program, String> {
    let known = programs(root, chapter);
    let wanted = styles()
        .find(|s| *s == style)
        .map(|style| Program {
            chapter,
            style,
            variant: variant.map(str::to_owned),
        })
        .filter(|program| known.contains(&program.snapshot_name()));
    wanted.ok_or_else(|| {
        let asked = [Some(style), variant].into_iter().flatten();
        let asked: Vec<&str> = asked.collect();
        match known.as_slice() {
            [] => format!("`{chapter}` has no Python programs"),
            known => {
                let prefix = format!("{chapter}__");
                let names: Vec<String> = known
                    .iter()
                    .map(|name| name.trim_start_matches(&prefix).replace("__", " "))
                    .collect();
                format!(
                    "`{chapter}` has no Python program `{}`; its Python programs are: {}",
                    asked.join(" "),
                    names.join(", ")
                )
            }
        }
    })
}

/// The snapshot names of a chapter's Python programs, sorted.
fn programs(root: &Path, chapter: ChapterId) -> Vec<String> {
    let prefix = format!("{chapter}__");
    let Ok(entries) = std::fs::read_dir(root.join("tests/snapshots/python")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let name = name.strip_suffix(".snap")?;
            name.starts_with(&prefix).then(|| name.to_owned())
        })
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    use threeways_test_support::root;

    #[test]
    fn names_programs_as_the_python_runner_does() {
        let gather = program(&root(), ChapterId::FanOut, "asyncio", Some("gather")).unwrap();
        assert_eq!(gather.snapshot_name(), "fan-out__asyncio__gather");
        assert_eq!(gather.title(), "python asyncio, gather");
        let threads = program(&root(), ChapterId::Download, "threads", None).unwrap();
        assert_eq!(threads.title(), "python threads");
        assert_eq!(
            file(ChapterId::FirstAwait, "asyncio"),
            "book/python/first_await_asyncio.py"
        );
    }

    #[test]
    fn lists_the_programs_there_are_when_asked_for_one_that_is_not() {
        let error = program(&root(), ChapterId::Download, "asyncio", Some("nosuch")).unwrap_err();
        assert_eq!(
            error,
            "`download` has no Python program `asyncio nosuch`; its Python programs are: \
             asyncio, callbacks, threads"
        );
        assert!(program(&root(), ChapterId::Download, "async", None).is_err());
    }
}
