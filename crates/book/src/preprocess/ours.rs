//! `{{#ours}}`: the table *What is ours, and what is std or tokio*, made
//! from the preludes themselves, so that it cannot leave an item out.
//!
//! Each style's prelude (`crates/<style>/src/prelude.rs`) lists what its
//! lessons take from the project. The lift test's preludes
//! (`crates/lift/src/bin/lifted-<style>/prelude.rs`) give each of those
//! names a real meaning, and say in the first line of each doc what real
//! call it stands for, as a code span (``/// `std::fs::write(name,
//! body)`.``); an item re-exported from std or tokio stands for itself.
//! The table has one row per item of either prelude, the model's plain
//! data in one row of their own; an item of a style's prelude that its
//! lift prelude does not have fails the build, naming it.

use super::PageExpander;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The two styles whose lessons are lifted, and the words the table uses.
const STYLES: [&str; 2] = ["blocking", "async"];

/// What an item of a lift prelude is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Real {
    /// Written in the lift prelude: how it is shown in the table
    /// (`fetch(url)`, `note!(..)`), and the real call it stands for.
    Call { shown: String, stands_for: String },
    /// Re-exported from std or tokio: the path it is.
    Same(String),
    /// Re-exported from the model: plain data, ours in both worlds.
    Model,
}

impl PageExpander<'_> {
    /// The table, from the four preludes.
    pub(super) fn ours(&mut self) -> Result<String, String> {
        let mut columns = Vec::new();
        for style in STYLES {
            let ours_file = format!("crates/{style}/src/prelude.rs");
            let real_file = format!("crates/lift/src/bin/lifted-{style}/prelude.rs");
            let read = |file: &str| {
                std::fs::read_to_string(self.root.join(file))
                    .map_err(|error| format!("cannot read {file} ({error})"))
            };
            let ours = read(&ours_file)?;
            // Only re-exports: an item written there would not be read.
            if let Some(line) = ours.lines().find(|line| {
                let code = line.trim_start();
                !code.starts_with("//")
                    && (code.starts_with("pub ") && !code.starts_with("pub use "))
                    || code.starts_with("macro_rules!")
            }) {
                return Err(format!(
                    "{ours_file} only re-exports, with `pub use`; it has `{}`",
                    line.trim()
                ));
            }
            let names = exported(&ours);
            let real = real_items(&read(&real_file)?);
            let mut column = BTreeMap::new();
            for name in names {
                let meaning = real.get(&name).ok_or_else(|| {
                    format!(
                        "`{name}` of {ours_file} is not in {real_file}: the table cannot say \
                         what it stands for"
                    )
                })?;
                column.insert(name, meaning.clone());
            }
            columns.push(column);
        }
        Ok(table(&columns))
    }
}

/// The table, from each style's items and what each stands for.
fn table(columns: &[BTreeMap<String, Real>]) -> String {
    let mut rows: Vec<(u8, String, [String; 2])> = Vec::new();
    let mut model: Vec<String> = Vec::new();
    let mut names: Vec<&String> = columns.iter().flat_map(BTreeMap::keys).collect();
    names.sort();
    names.dedup();
    for name in names {
        let meanings: Vec<Option<&Real>> = columns.iter().map(|column| column.get(name)).collect();
        if meanings.iter().flatten().all(|real| **real == Real::Model) {
            model.push(format!("`{name}`"));
            continue;
        }
        let mut shown = format!("`{name}`");
        let mut rank = 1;
        let cells = [0, 1].map(|style| match meanings[style] {
            None => "—".to_owned(),
            Some(Real::Call {
                shown: call,
                stands_for,
            }) => {
                shown = format!("`{call}`");
                rank = 0;
                format!("`{stands_for}`")
            }
            Some(Real::Same(path)) => format!("`{path}`, the same"),
            Some(Real::Model) => "ours in both worlds".to_owned(),
        });
        rows.push((rank, shown, cells));
    }
    rows.sort();
    let mut out = String::from(
        "| ours | in a blocking lesson, it stands for | in an async lesson, it stands for |\n\
         |---|---|---|\n",
    );
    for (_, shown, [blocking, r#async]) in rows {
        let _ = writeln!(out, "| {shown} | {blocking} | {async} |");
    }
    let _ = writeln!(
        out,
        "| {} | the book's own data and helpers (`crates/model`), the same in a real \
         program | the same |",
        model.join(", ")
    );
    out
}

/// The names a prelude exports with `pub use`, in its order.
pub(crate) fn exported(source: &str) -> Vec<String> {
    statements(source)
        .iter()
        .filter_map(|statement| statement.strip_prefix("pub use "))
        .flat_map(|path| used(path).into_iter().map(|(_, name)| name))
        .collect()
}

/// Each item of a lift prelude, by name, and what it is.
pub(crate) fn real_items(source: &str) -> BTreeMap<String, Real> {
    let mut items = BTreeMap::new();
    for statement in statements(source) {
        if let Some(path) = statement.strip_prefix("pub use ") {
            for (full, name) in used(path) {
                let real = if full.starts_with("threeways_model") {
                    Real::Model
                } else {
                    Real::Same(full)
                };
                items.insert(name, real);
            }
        }
    }
    // Items written here: a `pub fn` or `pub async fn`, or a macro, each
    // after its doc, whose first code span is the real call.
    let mut doc = Vec::new();
    for line in source.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim().to_owned());
            continue;
        }
        let item = line
            .strip_prefix("pub fn ")
            .or_else(|| line.strip_prefix("pub async fn "));
        let shown = match item {
            Some(signature) => Some(call_shown(signature)),
            None => line
                .strip_prefix("macro_rules! ")
                .map(|rest| format!("{}!(..)", rest.trim_end_matches(" {").trim())),
        };
        if let Some(shown) = shown
            && let Some(stands_for) = doc.first().and_then(|first| first_code_span(first))
        {
            let name = shown
                .split(['(', '!'])
                .next()
                .unwrap_or_default()
                .to_owned();
            items.insert(name, Real::Call { shown, stands_for });
        }
        if !line.starts_with("#[") {
            doc.clear();
        }
    }
    items
}

/// Each statement of `source` that begins a line, on one line: `pub use
/// a::{b, c};` however it is wrapped.
fn statements(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default().trim();
        match &mut current {
            Some(statement) => {
                statement.push(' ');
                statement.push_str(code);
            }
            None if code.starts_with("pub use ") => current = Some(code.to_owned()),
            None => continue,
        }
        if code.ends_with(';') {
            let statement = current.take().unwrap_or_default();
            out.push(statement.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

/// The paths a `use` brings in, full and by name: `std::{sync, thread};`
/// gives `std::sync` named `sync`, and `std::thread` named `thread`.
fn used(path: &str) -> Vec<(String, String)> {
    let path = path.trim_end_matches(';').trim();
    let (prefix, group) = match path.split_once('{') {
        Some((prefix, group)) => (prefix, group.trim_end_matches('}')),
        None => match path.rsplit_once("::") {
            Some((prefix, name)) => (prefix, name),
            None => ("", path),
        },
    };
    let prefix = prefix.trim_end_matches("::");
    group
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            let full = if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}::{name}")
            };
            let name = name.rsplit("::").next().unwrap_or(name).to_owned();
            (full, name)
        })
        .collect()
}

/// `fetch(url)` for `fetch(url: &str) -> ...`.
fn call_shown(signature: &str) -> String {
    let name = signature.split(['(', '<']).next().unwrap_or_default();
    let arguments = signature
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(arguments, _)| arguments)
        .unwrap_or_default();
    let names: Vec<&str> = arguments
        .split(',')
        .filter_map(|argument| argument.split(':').next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    format!("{name}({})", names.join(", "))
}

/// The first `code span` of `text`.
fn first_code_span(text: &str) -> Option<String> {
    let (_, rest) = text.split_once('`')?;
    let (span, _) = rest.split_once('`')?;
    Some(span.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prelude_is_read_for_its_names_and_a_lift_prelude_for_their_meaning() {
        let ours = "pub use crate::io::{fetch, write_file};\npub use crate::note;\n\
                    pub use threeways_model::{\n    Body, Error,\n};\npub use crate::{sync, thread};\n";
        assert_eq!(
            exported(ours),
            [
                "fetch",
                "write_file",
                "note",
                "Body",
                "Error",
                "sync",
                "thread"
            ]
        );
        let real = "use std::time::Duration;\npub use std::{sync, thread};\n\
                    pub use threeways_model::Body;\n\
                    /// `reqwest::get(url)`: the body of `url`.\n\
                    pub async fn fetch(url: &str) -> Result<Body, Error> {\n}\n\
                    /// `println!`, as a real program writes a line.\n\
                    macro_rules! note {\n";
        let items = real_items(real);
        assert_eq!(items["thread"], Real::Same("std::thread".to_owned()));
        assert_eq!(items["Body"], Real::Model);
        assert_eq!(
            items["fetch"],
            Real::Call {
                shown: "fetch(url)".to_owned(),
                stands_for: "reqwest::get(url)".to_owned()
            }
        );
        assert_eq!(
            items["note"],
            Real::Call {
                shown: "note!(..)".to_owned(),
                stands_for: "println!".to_owned()
            }
        );
    }
}
