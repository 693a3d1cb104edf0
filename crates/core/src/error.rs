//! What can go wrong when chapter code fetches a page or writes a file.
//!
//! One type for all three styles and both worlds, so that a failure can be
//! compared across styles like any other outcome, and so that the simulated
//! network reports each fault exactly as the real client does.

use std::fmt;
use std::time::Duration;

/// A failed fetch or write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The server answered with a status other than 200, such as 404.
    Status {
        /// The URL that was asked for.
        url: String,
        /// The status code.
        code: u16,
    },
    /// Nothing accepted the connection.
    Refused {
        /// The URL that was asked for.
        url: String,
    },
    /// The server did not answer in time.
    TimedOut {
        /// The URL that was asked for.
        url: String,
        /// How long the client waited.
        after: Duration,
    },
    /// The connection broke before the whole body had arrived.
    Reset {
        /// The URL that was asked for.
        url: String,
    },
    /// The server's answer was not valid HTTP/1.x.
    Malformed {
        /// The URL that was asked for.
        url: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The body was longer than the client accepts.
    TooLarge {
        /// The URL that was asked for.
        url: String,
        /// The largest body accepted, in bytes.
        limit: usize,
    },
    /// The URL asks for something this client does not do: TLS, another
    /// scheme, or a redirect to follow.
    Unsupported {
        /// The URL that was asked for.
        url: String,
        /// What is not supported.
        reason: String,
    },
    /// Another network error, as the operating system reported it.
    Network {
        /// The URL that was asked for.
        url: String,
        /// What the operating system said.
        reason: String,
    },
    /// Writing a file failed.
    Disk {
        /// The file's name.
        name: String,
        /// What the operating system said.
        reason: String,
    },
    /// The work was cancelled before it finished.
    Cancelled,
    /// The program stopped before it produced its result: in the callback
    /// style, a chain whose last continuation was never called.
    NeverFinished,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status { url, code } => write!(f, "{url} answered with status {code}"),
            Error::Refused { url } => write!(f, "{url} refused the connection"),
            Error::TimedOut { url, after } => {
                write!(f, "{url} did not answer within {} ms", after.as_millis())
            }
            Error::Reset { url } => {
                write!(f, "the connection to {url} broke before the body ended")
            }
            Error::Malformed { url, reason } => write!(f, "{url} did not answer in HTTP: {reason}"),
            Error::TooLarge { url, limit } => {
                write!(f, "{url} sent a body longer than {limit} bytes")
            }
            Error::Unsupported { url, reason } => write!(f, "cannot fetch {url}: {reason}"),
            Error::Network { url, reason } => write!(f, "cannot fetch {url}: {reason}"),
            Error::Disk { name, reason } => write!(f, "could not write {name}: {reason}"),
            Error::Cancelled => f.write_str("cancelled"),
            Error::NeverFinished => f.write_str("the program stopped before it had a result"),
        }
    }
}

impl std::error::Error for Error {}
