//! What the tests of every crate share, written once: the repository's
//! root and its files, read with a message that names the file, and
//! milliseconds as a [`Duration`], written short.
//!
//! Only tests use it (it is a dev-dependency everywhere), and it depends
//! on no crate of the workspace, so that any crate's tests can use it,
//! the model's included.
//!
//! # Layout
//!
//! - [`root`], [`read`], [`rust_files`]: the checkout, as the tidy tests
//!   and the checks on generated files read it.
//! - [`ms`]: `ms(120)` for `Duration::from_millis(120)`.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// `n` milliseconds: how the tests write times.
pub const fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The repository's root folder, where `book/`, `crates/` and `tests/`
/// are: two folders up from this crate's own.
pub fn root() -> PathBuf {
    let this_crate = Path::new(env!("CARGO_MANIFEST_DIR"));
    this_crate
        .ancestors()
        .nth(2)
        .expect("crates/test-support has two folders above it")
        .to_path_buf()
}

/// The text of the file at `path`.
///
/// # Panics
/// If it cannot be read, naming the file and why: in a test, that is the
/// failure to report.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.rs` file under `dir`, in every folder below it, sorted so that
/// a test that reports the first bad file always reports the same one.
///
/// # Panics
/// If a folder cannot be read.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, &mut found);
    found.sort();
    found
}
