//! Checks on the built HTML: what a reader would see go wrong that mdBook
//! builds without a word. Each check names the page and what to fix.
//!
//! - Code the preprocessor put into a page sits inside a `<pre>` block (an
//!   include outside a fenced block renders as paragraphs).
//! - No `{{#` directive and no `ANCHOR` marker survives anywhere, and no
//!   `///` doc line survives into prose.
//! - No code fence is left open, turning the rest of the page into code.
//! - Every internal link and `#fragment` resolves.
//! - Every trace shown comes with its timeline, and a timeline's
//!   `aria-describedby` names an element of its page (its trace).
//! - Every page is reachable from the table of contents.
//! - A page that names another chapter by its title links to it.
//! - Every code caption names a file that exists, and links to it.
//! - No folder is empty.
//!
//! [`build`](crate::build) runs them on every build; `tests/it/book.rs` feeds
//! each one a broken page and watches it fail.

use crate::html::Page;
use crate::preprocess::CodeShown;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Every problem found in the book built at `out`, from the repository at
/// `root`, whose pages show the code in `shown`. `site` is where the book
/// will be served (mdBook's `site-url`, `/` unless set): the 404 page's
/// links are absolute paths under it.
pub fn check_book(out: &Path, root: &Path, shown: &[CodeShown], site: &str) -> Vec<String> {
    let mut files = BTreeSet::new();
    let mut problems = empty_folders(out);
    walk(out, Path::new(""), &mut files);
    let pages: BTreeMap<String, Page> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = std::fs::read_to_string(out.join(f)).unwrap_or_default();
            (f.clone(), Page::parse(&html))
        })
        .collect();
    for (name, page) in &pages {
        problems.extend(leaks(name, page));
        problems.extend(fences_left_open(name, page));
        problems.extend(traces_without_timelines(name, page));
        problems.extend(descriptions_nowhere(name, page));
        problems.extend(captions(name, page, root));
    }
    problems.extend(code_outside_blocks(&pages, shown));
    problems.extend(broken_links(&pages, &files, site));
    problems.extend(unreachable_pages(&pages));
    problems.extend(unlinked_mentions(&pages));
    problems
}

/// Every file under `dir`, as a path relative to the book with `/`s.
fn walk(dir: &Path, relative: &Path, files: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = relative.join(entry.file_name());
        if path.is_dir() {
            walk(&path, &name, files);
        } else {
            files.insert(slashed(&name));
        }
    }
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Folders with nothing in them (mdBook copies the source tree's folders,
/// even those that hold only included pages).
pub fn empty_folders(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut empty = true;
        for entry in entries.flatten() {
            empty = false;
            if entry.path().is_dir() {
                dirs.push(entry.path());
            }
        }
        if empty && dir != out {
            let name = dir.strip_prefix(out).unwrap_or(&dir);
            problems.push(format!("{}/ is an empty folder", slashed(name)));
        }
    }
    problems
}

/// The chapter pages' code, each piece inside a `<pre>` block of its page.
fn code_outside_blocks(pages: &BTreeMap<String, Page>, shown: &[CodeShown]) -> Vec<String> {
    let mut problems = Vec::new();
    for code in shown {
        let html = slashed(&code.page.with_extension("html"));
        let Some(page) = pages.get(&html) else {
            problems.push(format!(
                "book/src/{}: no {html} was built for it",
                code.page.display()
            ));
            continue;
        };
        if !in_a_code_block(&code.code, page) {
            problems.push(format!(
                "book/src/{}: the code from {} is not inside a code block, so it renders as \
                 paragraphs; put the include inside a ``` fence, or use {{{{#source}}}}",
                code.page.display(),
                code.origin
            ));
        }
    }
    problems
}

/// Whether the lines of `code` (ignoring indentation and blank lines) stand
/// together in one of the page's `<pre>` blocks.
pub fn in_a_code_block(code: &str, page: &Page) -> bool {
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let wanted = lines(code);
    wanted.is_empty()
        || page.code_blocks.iter().any(|block| {
            lines(block)
                .windows(wanted.len())
                .any(|window| window == wanted)
        })
}

/// Directives, anchor markers and doc comments that reached the reader.
pub fn leaks(name: &str, page: &Page) -> Vec<String> {
    let mut problems = Vec::new();
    let around = |text: &str, at: usize| -> String {
        text[at..]
            .chars()
            .take_while(|&c| c != '\n')
            .take(60)
            .collect()
    };
    if let Some(at) = page.text.find("{{#") {
        problems.push(format!(
            "{name} still holds `{}`: mdBook did not expand it",
            around(&page.text, at)
        ));
    }
    for marker in ["ANCHOR:", "ANCHOR_END:"] {
        if let Some(at) = page.text.find(marker) {
            problems.push(format!(
                "{name} shows an anchor marker (`{}`): include an anchor or use {{{{#source}}}}, \
                 which leave the markers out",
                around(&page.text, at)
            ));
        }
    }
    if let Some(at) = page.prose.find("///") {
        problems.push(format!(
            "{name} shows a doc comment as prose (`{}`): the code around it is not in a code block",
            around(&page.prose, at)
        ));
    }
    problems
}

/// Code blocks that hold a line beginning with three backquotes: a fence
/// that did not close where it was meant to (text after a closing fence,
/// on its line), so that the rest of the page, headings and all, became
/// one code block. Code that holds a fence of its own is put in a longer
/// fence by the preprocessor, and never starts a line with it inside.
pub fn fences_left_open(name: &str, page: &Page) -> Vec<String> {
    page.code_blocks
        .iter()
        .filter_map(|block| {
            block
                .lines()
                .find(|line| line.trim_start().starts_with("```"))
        })
        .map(|line| {
            let shown: String = line.chars().take(60).collect();
            format!(
                "{name} has a code block that holds `{shown}`: a fence was not closed where it \
                 was meant to be, and what follows it became code; put the closing ``` on a \
                 line of its own"
            )
        })
        .collect()
}

/// Every `data-snapshot` (a trace) with its `data-timeline` on the same page.
pub fn traces_without_timelines(name: &str, page: &Page) -> Vec<String> {
    let timelines: BTreeSet<&str> = page.data_values("data-timeline").collect();
    page.data_values("data-snapshot")
        .filter(|trace| !timelines.contains(trace))
        .map(|trace| {
            format!(
                "{name} shows the trace {trace} without its timeline; use {{{{#run ...}}}}, which shows both"
            )
        })
        .collect()
}

/// Every `aria-describedby` (a timeline's, naming its trace) names an id
/// on the same page: one that names nothing leaves a screen reader with
/// the picture's summary only.
pub fn descriptions_nowhere(name: &str, page: &Page) -> Vec<String> {
    page.described_by
        .iter()
        .filter(|id| !page.ids.contains(*id))
        .map(|id| {
            format!(
                "{name} describes a picture with #{id}, which is not on the page; \
                 show the timeline with its trace ({{{{#run ...}}}})"
            )
        })
        .collect()
}

/// Every file a code caption names exists under `root`, and its link (if
/// any) points at that file.
pub fn captions(name: &str, page: &Page, root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for caption in &page.captions {
        if caption.is_empty() {
            problems.push(format!("{name} has a code caption that names no file"));
        }
        for (file, link) in caption {
            if file.is_empty() || !root.join(file).is_file() {
                problems.push(format!(
                    "{name} has a code caption naming {file:?}, which is not a file in the repository"
                ));
            }
            if let Some(link) = link
                && !link.ends_with(&format!("/{file}"))
            {
                problems.push(format!(
                    "{name} links the caption {file} to {link}, which is not that file"
                ));
            }
        }
    }
    problems
}

/// Every link between pages, and every `#fragment`, lands somewhere.
pub fn broken_links(
    pages: &BTreeMap<String, Page>,
    files: &BTreeSet<String>,
    site: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, page) in pages {
        let mut seen = BTreeSet::new();
        for link in &page.links {
            if !seen.insert(link) {
                continue;
            }
            let Some((target, fragment)) = resolve(name, link, site) else {
                continue; // another site, or mail
            };
            let index = match target.as_str() {
                "" => "index.html".to_owned(),
                folder => format!("{folder}/index.html"),
            };
            let target = if files.contains(&index) {
                index
            } else {
                target
            };
            if !files.contains(&target) {
                problems.push(format!("{name} links to {link}, which is not in the book"));
                continue;
            }
            if let Some(fragment) = fragment
                && let Some(page) = pages.get(&target)
                && !page.ids.contains(&percent_decoded(fragment))
            {
                problems.push(format!(
                    "{name} links to {link}, but {target} has no id {fragment:?}"
                ));
            }
        }
    }
    problems
}

/// The book file a link on page `from` points at, and its fragment; `None`
/// for a link to another site. An absolute path is resolved under `site`
/// (the book's own path on its server); one outside it keeps its `/`, and
/// so names no file of the book.
fn resolve<'a>(from: &str, link: &'a str, site: &str) -> Option<(String, Option<&'a str>)> {
    let has_scheme = link.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if link.is_empty() || has_scheme || link.starts_with("//") {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        PathBuf::from(from)
    } else if path.starts_with('/') {
        let site = format!("/{}/", site.trim_matches('/')).replace("//", "/");
        match path.strip_prefix(&site) {
            Some(inside) => PathBuf::from(inside),
            None if path == site.trim_end_matches('/') => PathBuf::new(),
            None => return Some((path.to_owned(), None)),
        }
    } else {
        Path::new(from).parent().unwrap_or(Path::new("")).join(path)
    };
    let mut out = PathBuf::new();
    for component in target.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            _ => {}
        }
    }
    Some((slashed(&out), fragment))
}

/// `%20` and the like decoded, as a browser does before it looks for an id.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Pages that no entry of the table of contents (`toc.html`) leads to.
pub fn unreachable_pages(pages: &BTreeMap<String, Page>) -> Vec<String> {
    const NOT_CHAPTERS: [&str; 4] = ["index.html", "print.html", "toc.html", "404.html"];
    let Some(toc) = pages.get("toc.html") else {
        return vec!["toc.html, the table of contents, is missing".to_owned()];
    };
    let listed: BTreeSet<String> = toc
        .links
        .iter()
        .filter_map(|link| resolve("toc.html", link, "/"))
        .map(|(target, _)| target)
        .collect();
    pages
        .keys()
        .filter(|name| !NOT_CHAPTERS.contains(&name.as_str()) && !listed.contains(*name))
        .map(|name| {
            format!("{name} is not in the table of contents: list it in book/src/SUMMARY.md")
        })
        .collect()
}

/// Pages that name another chapter by its title (as the table of contents
/// gives it, and three words or more, so that "Introduction" in a sentence
/// is not a chapter) without a link to it anywhere on the page.
pub fn unlinked_mentions(pages: &BTreeMap<String, Page>) -> Vec<String> {
    const NOT_PAGES: [&str; 4] = ["index.html", "print.html", "toc.html", "404.html"];
    let Some(toc) = pages.get("toc.html") else {
        return Vec::new(); // `unreachable_pages` says so
    };
    let titles: Vec<(String, String)> = toc
        .anchors
        .iter()
        .filter_map(|(href, text)| {
            let (target, _) = resolve("toc.html", href, "/")?;
            // The numbering (`1.`) is part of the entry, not of the title.
            let title = text
                .trim()
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            let title = title.trim();
            (title.split_whitespace().count() >= 3).then(|| (target, title.to_lowercase()))
        })
        .collect();
    let mut problems = Vec::new();
    for (name, page) in pages {
        if NOT_PAGES.contains(&name.as_str()) {
            continue;
        }
        let prose = page
            .prose
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let linked: BTreeSet<String> = page
            .links
            .iter()
            .filter_map(|link| resolve(name, link, "/"))
            .map(|(target, _)| target)
            .collect();
        for (target, title) in &titles {
            if target != name && prose.contains(title.as_str()) && !linked.contains(target) {
                problems.push(format!(
                    "{name} names the chapter \"{title}\" without a link to {target}"
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_as_a_browser_does() {
        assert_eq!(
            resolve("a/b.html", "../c.html#x", "/"),
            Some(("c.html".into(), Some("x")))
        );
        assert_eq!(
            resolve("a/b.html", "#y", "/"),
            Some(("a/b.html".into(), Some("y")))
        );
        assert_eq!(
            resolve("404.html", "/css/x.css?v=1", "/"),
            Some(("css/x.css".into(), None))
        );
        assert_eq!(
            resolve("404.html", "/book/css/x.css", "/book/"),
            Some(("css/x.css".into(), None))
        );
        assert_eq!(
            resolve("404.html", "/css/x.css", "/book/"),
            Some(("/css/x.css".into(), None))
        );
        assert_eq!(
            resolve("404.html", "/book", "book"),
            Some(("".into(), None))
        );
        assert_eq!(resolve("a.html", "https://tokio.rs", "/"), None);
        assert_eq!(resolve("a.html", "mailto:x@y", "/"), None);
        assert_eq!(percent_decoded("a%20b%"), "a b%");
    }
}
