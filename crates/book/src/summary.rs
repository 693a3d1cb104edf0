//! A chapter's pages, read off `book/src/SUMMARY.md`: the page named after
//! it, and the pages nested under that one. A chapter too long for one
//! page (`sharing`) answers each of its questions on a page of its own,
//! nested under its first; the tests that hold a chapter's code, runs and
//! exercises to "its page" read all of them.

/// The file names (`sharing.md`, `sharing-mutex.md`...) of the chapter
/// `slug`'s pages, its own first, in the order `summary` lists them; empty
/// if `summary` does not list `slug.md`.
pub fn chapter_pages(summary: &str, slug: &str) -> Vec<String> {
    let own = format!("({slug}.md)");
    let mut lines = summary.lines().skip_while(|line| !line.contains(&own));
    let Some(first) = lines.next() else {
        return Vec::new();
    };
    let depth = indent(first);
    let mut pages = vec![format!("{slug}.md")];
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) <= depth {
            break;
        }
        if let Some(page) = link(line) {
            pages.push(page.to_owned());
        }
    }
    pages
}

/// The page of chapter `slug` that holds its exercises (includes
/// `exercises/<slug>.md`): its own page, or the one under it that does,
/// read from `book_src` (`book/src`).
pub fn exercises_page(book_src: &std::path::Path, slug: &str) -> Result<String, String> {
    let read = |page: &str| {
        std::fs::read_to_string(book_src.join(page))
            .map_err(|error| format!("cannot read book/src/{page} ({error})"))
    };
    let summary = read("SUMMARY.md")?;
    let include = format!("{{{{#include exercises/{slug}.md}}}}");
    for page in chapter_pages(&summary, slug) {
        if read(&page)?.contains(&include) {
            return Ok(page);
        }
    }
    Err(format!("no page of {slug} includes exercises/{slug}.md"))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The target of a `- [Title](page.md)` line.
fn link(line: &str) -> Option<&str> {
    let (_, rest) = line.split_once("](")?;
    let (target, _) = rest.split_once(')')?;
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::chapter_pages;

    const SUMMARY: &str = "\
# Summary

[Introduction](introduction.md)

- [Download a file](download.md)
- [Many flows, one state](sharing.md)
    - [Tasks on many threads](sharing-send.md)

    - [Which `Mutex`?](sharing-mutex.md)
- [Porting](porting.md)
";

    #[test]
    fn a_chapter_has_its_page_and_those_nested_under_it() {
        assert_eq!(
            chapter_pages(SUMMARY, "sharing"),
            ["sharing.md", "sharing-send.md", "sharing-mutex.md"]
        );
        assert_eq!(chapter_pages(SUMMARY, "download"), ["download.md"]);
        assert_eq!(chapter_pages(SUMMARY, "porting"), ["porting.md"]);
        assert!(chapter_pages(SUMMARY, "ticker").is_empty());
    }
}
