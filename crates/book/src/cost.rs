//! The cost in code, counted: for each chapter and style, how long its
//! lesson is and how much of it is bookkeeping. The book's `{{#cost}}`
//! table is made here when it builds, from the lesson files themselves.
//!
//! What is counted is the *lesson*: the lines of
//! `crates/<style>/src/chapters/<chapter>.rs` inside `// ANCHOR:` regions,
//! the code the book shows, each line once. The count reads lines, not a
//! syntax tree, by these rules, which the page states too:
//!
//! - a **code line** is one that is not blank and not only a comment;
//! - a **closure** is a `|…|` or `||` that opens one: after `(`, `,`, `=`,
//!   `{`, `move`, or at the start of a line;
//! - a **clone** is a `.clone()` or a `Rc::clone(…)`/`Arc::clone(…)`;
//! - the **deepest nesting** is the most `{` open at once (a function's
//!   body is 1);
//! - a **call of a continuation** is a call `NAME(lp…` of a name the lesson
//!   declares with a continuation's type (`impl Then<…>`, `impl Done<…>`,
//!   `Box<dyn Then<…>>`, `Box<dyn Done<…>>`, `impl FnOnce(&mut
//!   EventLoop…)`): a place the programmer must remember to call it.
//!
//! String and character literals and end-of-line comments are left out
//! before anything is counted, so a `{` or a `|` inside them counts for
//! nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use threeways_model::{CHAPTERS, Style};

/// What one lesson costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Lines that are not blank and not only a comment.
    pub lines: usize,
    /// Closures opened.
    pub closures: usize,
    /// `.clone()` and `Rc::clone`/`Arc::clone` calls.
    pub clones: usize,
    /// The most braces open at once.
    pub depth: usize,
    /// Calls of a continuation the lesson was handed.
    pub continuations: usize,
}

/// The lesson of a source file: the lines inside its anchored regions, each
/// once, in order, without the markers themselves.
pub fn lesson(source: &str) -> Vec<&str> {
    let mut open: BTreeSet<&str> = BTreeSet::new();
    let mut lines = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("// ANCHOR_END:") {
            open.remove(name.trim());
        } else if let Some(name) = trimmed.strip_prefix("// ANCHOR:") {
            open.insert(name.trim());
        } else if !open.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// What the lesson of `source` costs, by the rules above.
pub fn measure(source: &str) -> Cost {
    let code: Vec<String> = lesson(source)
        .into_iter()
        .map(code_only)
        .filter(|line| !line.trim().is_empty())
        .collect();
    let continuations = continuation_names(&code);
    let mut cost = Cost {
        lines: code.len(),
        ..Cost::default()
    };
    let mut depth = 0usize;
    for line in &code {
        cost.closures += closures(line);
        cost.clones += line.matches(".clone()").count() + line.matches("::clone(").count();
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    cost.depth = cost.depth.max(depth);
                }
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        for name in &continuations {
            cost.continuations += calls(line, name);
        }
    }
    cost
}

/// `line` without its string and character literals (each left as `""`
/// or `' '`) and without an end-of-line comment.
fn code_only(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // To the closing quote, past escapes.
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A character literal (`'{'`, `'\n'`), or a lifetime (`'a`).
                let rest: String = chars.clone().take(3).collect();
                let literal = rest.starts_with('\\')
                    || rest.chars().nth(1) == Some('\'') && !rest.starts_with('\'');
                if literal {
                    if rest.starts_with('\\') {
                        chars.next();
                    }
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                    }
                    out.push_str("' '");
                } else {
                    out.push(c);
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// How many closures open on `line`.
fn closures(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'|' {
            let before = line[..i].trim_end();
            let opens = before.is_empty()
                || before.ends_with(['(', ',', '=', '{'])
                || before.ends_with("move")
                || before.ends_with("return");
            if opens {
                count += 1;
                // Skip to the end of the parameter list.
                match line[i + 1..].find('|') {
                    Some(end) => i += end + 2,
                    None => break,
                }
                continue;
            }
        }
        i += 1;
    }
    count
}

/// The names `code` declares with a continuation's type.
fn continuation_names(code: &[String]) -> BTreeSet<String> {
    const TYPES: [&str; 5] = [
        "impl Then<",
        "impl Done<",
        "Box<dyn Then<",
        "Box<dyn Done<",
        "impl FnOnce(&mut EventLoop",
    ];
    let mut names = BTreeSet::new();
    for line in code {
        for (at, _) in line.match_indices(": ") {
            let typed = &line[at + 2..];
            let typed = typed.strip_prefix("Option<").unwrap_or(typed);
            if TYPES.iter().any(|t| typed.starts_with(t)) {
                let name: String = line[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// How many times `line` calls `name` with the loop: `name(lp`, where
/// `name` is a whole word.
fn calls(line: &str, name: &str) -> usize {
    let call = format!("{name}(lp");
    line.match_indices(&call)
        .filter(|(at, _)| {
            !line[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .count()
}

/// The cost of `chapter`'s lesson in `style`, if the style has one.
pub fn of(root: &Path, module: &str, style: Style) -> Result<Option<Cost>, String> {
    let file = format!("crates/{style}/src/chapters/{module}.rs");
    match std::fs::read_to_string(root.join(&file)) {
        Ok(source) => Ok(Some(measure(&source))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("cannot read {file} ({error})")),
    }
}

/// The three figures of a cell, kept on one line: `8 · 19 · 8`, with
/// narrow no-break spaces, so that the table fits a laptop's page.
const BETWEEN: &str = "\u{202f}·\u{202f}";

/// The table the book shows: a row per chapter, and in each cell the
/// three styles' figures, blocking · callbacks · async.
pub fn table(root: &Path) -> Result<String, String> {
    let mut out = String::from(
        "| chapter, programs | code lines | closures | clones | deepest nesting | continuation calls |\n\
         |---|---|---|---|---|---|\n",
    );
    for chapter in CHAPTERS {
        let mut costs = Vec::new();
        for style in Style::ALL {
            costs.push(of(root, &chapter.id.module_name(), style)?);
        }
        let programs = Style::ALL
            .map(|style| chapter.id.programs_in(style).len().to_string())
            .join(BETWEEN);
        let cell = |figure: fn(&Cost) -> usize| {
            costs
                .iter()
                .map(|cost| {
                    cost.as_ref()
                        .map_or("—".to_owned(), |c| figure(c).to_string())
                })
                .collect::<Vec<_>>()
                .join(BETWEEN)
        };
        let _ = writeln!(
            out,
            "| [{}]({}.md)<br>{programs} | {} | {} | {} | {} | {} |",
            chapter.slug,
            chapter.slug,
            cell(|c| c.lines),
            cell(|c| c.closures),
            cell(|c| c.clones),
            cell(|c| c.depth),
            cell(|c| c.continuations),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small lesson, counted by hand: 10 code lines (the comments, the
    /// blank line and the markers do not count, nor the line outside the
    /// anchors), 2 closures (`move |lp, body|` and `|b|`; `a || b` is not
    /// one), 2 clones, 3 braces deep (function, closure, `if`), and 2
    /// calls of `done` (not `undone(lp`, nor the `"done(lp"` in a string).
    const LESSON: &str = r#"
fn outside() { let x = y.clone(); }
// ANCHOR: main
/// Docs do not count.
pub fn main(lp: &mut EventLoop, url: &str, done: impl Done<String>) {
    // Nor comments.
    let name = url.clone();
    fetch(lp, url, move |lp, body| {
        if a || b { return done(lp, Err(e)); }
        let n = body.iter().map(|b| b.len()).count(); // a "|"
        note!(lp, "done(lp {'{'}");
        undone(lp, Rc::clone(&name));

        done(lp, Ok(name));
    });
}
// ANCHOR_END: main
"#;

    #[test]
    fn a_small_lesson_counted_by_hand() {
        assert_eq!(
            measure(LESSON),
            Cost {
                lines: 10,
                closures: 2,
                clones: 2,
                depth: 3,
                continuations: 2,
            }
        );
    }

    #[test]
    fn literals_and_comments_count_for_nothing() {
        assert_eq!(code_only(r#"let s = "{|}"; // {"#), r#"let s = ""; "#);
        assert_eq!(code_only(r"let c = '{';"), "let c = ' ';");
        assert_eq!(code_only(r"let c = '\n';"), "let c = ' ';");
        assert_eq!(
            code_only("fn f<'a>(x: &'a str) {"),
            "fn f<'a>(x: &'a str) {"
        );
    }

    #[test]
    fn closures_open_after_these_and_nowhere_else() {
        assert_eq!(closures("spawn(move || work())"), 1);
        assert_eq!(closures("let f = |x| x + 1;"), 1);
        assert_eq!(closures("v.map(|x| x).filter(|y| y > 0)"), 2);
        assert_eq!(closures("if a || b {"), 0);
        assert_eq!(closures("let x = a | b;"), 0);
    }

    #[test]
    fn overlapping_anchors_count_each_line_once() {
        let source = "// ANCHOR: a\nx();\n// ANCHOR: b\ny();\n// ANCHOR_END: a\nz();\n// ANCHOR_END: b\nw();\n";
        assert_eq!(lesson(source), ["x();", "y();", "z();"]);
    }
}
