//! Builds the book with mdBook as a library, so `cargo run -- book build`
//! and `cargo run -- book serve` need nothing but cargo.
//!
//! # Layout
//!
//! - [`build`]: loads `book/`, runs our preprocessor before mdBook's own,
//!   renders HTML into a fresh folder, checks it, and moves it into place.
//! - `preprocess.rs`: the `{{#code}}`, `{{#outputs}}` and `{{#output}}`
//!   directives, and the checks mdBook does not make.
//! - `anchor.rs`, `snapshot.rs`: reading anchors from sources and bodies
//!   from insta snapshots.
//! - [`serve`]: a static file server on 127.0.0.1 that rebuilds the book
//!   when a source changes.

#![forbid(unsafe_code)]

pub mod anchor;
mod preprocess;
mod serve;
pub mod snapshot;

pub use serve::serve;

use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_driver::config::Config;
use std::fmt;
use std::path::Path;

/// Why the book could not be built or served, in one sentence.
#[derive(Debug)]
pub struct BookError(String);

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BookError {}

/// A file in every folder we build, so that a later build knows it may
/// replace that folder: `--dest` never wipes a folder we did not make.
const MARKER: &str = ".threeways-book";

/// Builds the book from `root/book` into `dest`.
///
/// The HTML is rendered into a new folder beside `dest` and moved into place
/// only when the build and its checks have passed, so a failed build leaves
/// the previous book (or nothing) behind, never half a book. A `dest` that
/// exists must be empty or hold a book we built.
pub fn build(root: &Path, dest: &Path) -> Result<(), BookError> {
    check_dest(dest)?;
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)
        .map_err(|e| BookError(format!("cannot create {} ({e})", parent.display())))?;
    let staging = tempfile::Builder::new()
        .prefix(".threeways-book-")
        .tempdir_in(parent)
        .map_err(|e| BookError(format!("cannot write in {} ({e})", parent.display())))?;
    render(root, staging.path())?;
    check_rendered(staging.path())?;
    std::fs::write(
        staging.path().join(MARKER),
        "built by `cargo run -- book build`\n",
    )
    .map_err(|e| {
        BookError(format!(
            "cannot write in {} ({e})",
            staging.path().display()
        ))
    })?;
    if dest.exists() {
        std::fs::remove_dir_all(dest)
            .map_err(|e| BookError(format!("cannot replace {} ({e})", dest.display())))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        BookError(format!(
            "cannot move the book into {} ({e})",
            dest.display()
        ))
    })
}

fn check_dest(dest: &Path) -> Result<(), BookError> {
    if !dest.exists() {
        return Ok(());
    }
    let shown = dest.display();
    let mut entries = std::fs::read_dir(dest)
        .map_err(|e| BookError(format!("--dest {shown} is not a folder we can read ({e})")))?;
    if entries.next().is_none() || dest.join(MARKER).exists() {
        Ok(())
    } else {
        Err(BookError(format!(
            "--dest {shown} is not empty and holds no book built by us; choose an empty or new folder"
        )))
    }
}

/// Runs mdBook with our preprocessor first, then mdBook's `links` (which
/// expands `{{#include}}`) and `index`. mdBook would otherwise run its own
/// first, and our output would not be expanded.
fn render(root: &Path, out: &Path) -> Result<(), BookError> {
    let book_dir = root.join("book");
    let mut config = Config::from_disk(book_dir.join("book.toml"))
        .map_err(|e| BookError(format!("cannot read book/book.toml: {e:#}")))?;
    config.build.use_default_preprocessors = false;
    config.build.create_missing = false;
    config.build.build_dir = out.to_path_buf();
    let mut book = MDBook::load_with_config(&book_dir, config)
        .map_err(|e| BookError(format!("cannot load the book: {e:#}")))?;
    book.with_preprocessor(preprocess::ThreeWays {
        root: root.to_path_buf(),
    })
    .with_preprocessor(LinkPreprocessor::new())
    .with_preprocessor(IndexPreprocessor::new());
    book.build()
        .map_err(|e| BookError(format!("the book does not build: {e:#}")))
}

/// Fails if any page still holds an mdBook directive: a typo such as
/// `{{#inclde}}`, or anything else mdBook left unexpanded without a word.
fn check_rendered(out: &Path) -> Result<(), BookError> {
    let pages = std::fs::read_dir(out)
        .map_err(|e| BookError(format!("cannot read the built book ({e})")))?;
    for page in pages.flatten() {
        let path = page.path();
        if path.extension().is_some_and(|ext| ext == "html") {
            let html = std::fs::read_to_string(&path).unwrap_or_default();
            if let Some(at) = html.find("{{#") {
                let directive: String = html[at..]
                    .chars()
                    .take_while(|&c| c != '\n')
                    .take(60)
                    .collect();
                return Err(BookError(format!(
                    "{} still holds `{directive}`: mdBook did not expand it",
                    path.file_name().unwrap_or_default().to_string_lossy()
                )));
            }
        }
    }
    Ok(())
}
