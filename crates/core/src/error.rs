//! What can go wrong when chapter code fetches a page or writes a file.
//!
//! One type for all three styles, so that a failure can be compared across
//! styles like any other outcome.

use std::fmt;

/// A failed fetch or write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The server has no page at this URL.
    NotFound {
        /// The URL that was asked for.
        url: String,
    },
    /// Writing a file failed.
    Disk {
        /// The file's name.
        name: String,
        /// What the operating system said.
        reason: String,
    },
    /// The program stopped before it produced its result: in the callback
    /// style, a chain whose last continuation was never called.
    NeverFinished,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound { url } => write!(f, "no page at {url}"),
            Error::Disk { name, reason } => write!(f, "could not write {name}: {reason}"),
            Error::NeverFinished => f.write_str("the program stopped before it had a result"),
        }
    }
}

impl std::error::Error for Error {}
