//! The chapter registry: which chapters exist, what they are called, and the
//! three styles each one is written in.
//!
//! The CLI lists chapters from here, the tests iterate over it, and the book
//! names snapshots after it, so adding a chapter starts with this file. Order
//! in the book lives in `book/src/SUMMARY.md`; here it is only the order of
//! `list`.

use std::fmt;

/// A chapter of the book. Matching on it is exhaustive, so a new chapter does
/// not compile until every style has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChapterId {
    /// Fetch a URL, then write it to a file.
    Download,
}

/// What the CLI and the book say about a chapter.
#[derive(Debug)]
pub struct Chapter {
    /// Which chapter this is.
    pub id: ChapterId,
    /// The slug used on the command line, in file names and in snapshot names.
    pub slug: &'static str,
    /// The page title.
    pub title: &'static str,
    /// The question the chapter answers, in one line.
    pub summary: &'static str,
}

/// Every chapter, in the order `list` prints them.
pub const CHAPTERS: &[Chapter] = &[Chapter {
    id: ChapterId::Download,
    slug: "download",
    title: "Download a file",
    summary: "fetch a URL, then write it to a file: what happens to the code after a wait?",
}];

impl ChapterId {
    /// The chapter's entry in [`CHAPTERS`].
    pub fn chapter(self) -> &'static Chapter {
        CHAPTERS
            .iter()
            .find(|chapter| chapter.id == self)
            .expect("every ChapterId has an entry in CHAPTERS")
    }

    /// The chapter's slug, such as `download`.
    pub fn slug(self) -> &'static str {
        self.chapter().slug
    }

    /// The chapter with this slug, if there is one.
    pub fn from_slug(slug: &str) -> Option<ChapterId> {
        CHAPTERS
            .iter()
            .find(|chapter| chapter.slug == slug)
            .map(|c| c.id)
    }

    /// The slugs of all chapters, comma-separated, for error messages.
    pub fn valid_slugs() -> String {
        let slugs: Vec<&str> = CHAPTERS.iter().map(|c| c.slug).collect();
        slugs.join(", ")
    }

    /// The name of the chapter's module, `chapters/<module>.rs` in each style
    /// crate: the slug with `-` made `_`, as Rust module names need.
    pub fn module_name(self) -> String {
        self.slug().replace('-', "_")
    }

    /// The name of the snapshot that holds this chapter's output in `style`:
    /// `tests/snapshots/<name>.snap`, read by the tests and by the book.
    pub fn snapshot_name(self, style: Style) -> String {
        format!("{}__{}", self.slug(), style.name())
    }
}

impl fmt::Display for ChapterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// One of the three ways to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Plain functions and threads: a call returns when its work is done.
    Blocking,
    /// Continuations on an event loop: a call returns at once, and a closure
    /// runs when the work is done.
    Callbacks,
    /// `async fn` and `.await` on tokio.
    Async,
}

impl Style {
    /// All styles, in the order the book shows them.
    pub const ALL: [Style; 3] = [Style::Blocking, Style::Callbacks, Style::Async];

    /// The style's name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Style::Blocking => "blocking",
            Style::Callbacks => "callbacks",
            Style::Async => "async",
        }
    }

    /// The style with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Style> {
        Style::ALL.into_iter().find(|style| style.name() == name)
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_names_round_trip() {
        for chapter in CHAPTERS {
            assert_eq!(ChapterId::from_slug(chapter.slug), Some(chapter.id));
            assert_eq!(chapter.id.chapter().slug, chapter.slug);
        }
        for style in Style::ALL {
            assert_eq!(Style::from_name(style.name()), Some(style));
        }
        assert_eq!(ChapterId::from_slug("nosuch"), None);
    }
}
