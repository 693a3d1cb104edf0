//! Builds the book with mdBook as a library, so `cargo run -- book build`
//! and `cargo run -- book serve` need nothing but cargo. Those commands run
//! this crate's binary (`main.rs`), through cargo: mdBook is this crate's
//! dependency and no other's, so that the `threeways` command, which runs
//! the chapters, builds without it.
//!
//! # Layout
//!
//! - [`build`]: loads `book/`, runs our preprocessor before mdBook's own,
//!   renders HTML into a fresh folder, checks it, and moves it into place.
//! - `preprocess.rs`: the `{{#code}}`, `{{#outputs}}`, `{{#diff}}`...
//!   directives, and the checks on includes that mdBook does not make.
//! - [`check`]: the checks on the built HTML (code in code blocks, links,
//!   captions, timelines, the table of contents), reading pages with
//!   [`html`].
//! - `anchor.rs`, `snapshot.rs`: reading anchors from sources and bodies
//!   from insta snapshots.
//! - [`cost`]: the cost in code, counted from the lesson files, for the
//!   `{{#cost}}` table.
//! - [`python`]: the Python twins the pages show beside the Rust: their
//!   styles, files and programs.
//! - [`summary`]: a chapter's pages, its own and those nested under it in
//!   `SUMMARY.md`.
//! - [`serve`]: a static file server on 127.0.0.1 that rebuilds the book
//!   when a source changes, and reloads the reader's page.

#![forbid(unsafe_code)]

pub mod anchor;
pub mod check;
pub mod cost;
pub mod html;
mod preprocess;
pub mod python;
pub mod serve;
pub mod snapshot;
pub mod summary;

pub use preprocess::CodeShown;
pub use serve::serve;

use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_driver::config::Config;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use threeways_model::lock::lock;

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
    let (shown, site) = render(root, staging.path())?;
    remove_empty_folders(staging.path());
    match check::check_book(staging.path(), root, &shown, &site).as_slice() {
        [] => {}
        [one] => return Err(BookError(one.clone())),
        [first, rest @ ..] => {
            return Err(BookError(format!(
                "{first} (and {} more problems: {})",
                rest.len(),
                rest.join("; ")
            )));
        }
    }
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
/// first, and our output would not be expanded. Returns the code the
/// preprocessor put into the pages, for the checks, and the path the book
/// will be served under (`site-url`).
///
/// Like mdBook, it reads `MDBOOK_*` variables over book.toml: the Pages
/// workflow sets the revision the code captions link to that way.
fn render(root: &Path, out: &Path) -> Result<(Vec<CodeShown>, String), BookError> {
    let book_dir = root.join("book");
    let mut config = Config::from_disk(book_dir.join("book.toml"))
        .map_err(|e| BookError(format!("cannot read book/book.toml: {e:#}")))?;
    config
        .update_from_env()
        .map_err(|e| BookError(format!("cannot apply the MDBOOK_* variables: {e:#}")))?;
    let site = config
        .get::<String>("output.html.site-url")
        .ok()
        .flatten()
        .unwrap_or_else(|| "/".to_owned());
    config.build.use_default_preprocessors = false;
    config.build.create_missing = false;
    config.build.build_dir = out.to_path_buf();
    let mut book = MDBook::load_with_config(&book_dir, config)
        .map_err(|e| BookError(format!("cannot load the book: {e:#}")))?;
    let shown = Arc::new(Mutex::new(Vec::new()));
    // Named `threeways`, ours replaces the `[preprocessor.threeways]` entry
    // of book.toml in place (which only holds its settings), so it runs
    // first.
    book.with_preprocessor(preprocess::ThreeWays {
        root: root.to_path_buf(),
        shown: Arc::clone(&shown),
    })
    .with_preprocessor(LinkPreprocessor::new())
    .with_preprocessor(IndexPreprocessor::new());
    book.build()
        .map_err(|e| BookError(format!("the book does not build: {e:#}")))?;
    let shown = std::mem::take(&mut *lock(&shown));
    Ok((shown, site))
}

/// Removes the folders mdBook copies from `book/src` that end up empty
/// (such as `exercises/`, whose pages are only included into others).
fn remove_empty_folders(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut empty = true;
    for entry in entries.flatten() {
        let path = entry.path();
        if !(path.is_dir() && remove_empty_folders(&path)) {
            empty = false;
        }
    }
    empty && std::fs::remove_dir(dir).is_ok()
}
