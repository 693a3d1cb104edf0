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
    /// The fetch did not finish by its deadline: the network's overall
    /// limit, or one the program set.
    TimedOut {
        /// The URL that was asked for.
        url: String,
        /// How long the client waited.
        after: Duration,
    },
    /// The server sent nothing for as long as the idle timeout allows.
    IdleTimedOut {
        /// The URL that was asked for.
        url: String,
        /// How long the server was silent.
        after: Duration,
    },
    /// The server did not accept the connection in time.
    ConnectTimedOut {
        /// The URL that was asked for.
        url: String,
        /// How long the client tried.
        after: Duration,
    },
    /// The connection ended before a complete response head had arrived.
    NoResponse {
        /// The URL that was asked for.
        url: String,
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
        /// How the client found out.
        how: Oversize,
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
    /// style, a chain whose last continuation was never called while timers
    /// went on, until the simulated world stopped it (`sim::RUN_ON`).
    NeverFinished,
    /// The program hung: every lane waited for something nothing would
    /// ever do, and the simulated world ended the run (`threeways_sim::hang`).
    Hung,
}

/// How a body was known to be longer than the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oversize {
    /// The response head declared this length (`Content-Length`): refused
    /// before any of the body was read.
    Declared(u64),
    /// A chunk announced `size` bytes when `after` bytes of the body had
    /// arrived: refused before the chunk's data was read.
    Chunk {
        /// The chunk's size, as its chunk-size line gave it.
        size: u64,
        /// How many bytes of the body had arrived before it.
        after: usize,
    },
    /// The bytes kept coming past the limit: a body that ends when the
    /// server closes the connection declares no length.
    Sent,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |after: &Duration| after.as_millis();
        match self {
            Error::Status { url, code } => {
                write!(f, "{} answered with status {code}", shown(url))?;
                match code {
                    204 => f.write_str(" (No Content: there is no body to save)"),
                    304 => f.write_str(
                        " (Not Modified: an answer for a cache, which this client never asks for)",
                    ),
                    _ => Ok(()),
                }
            }
            Error::Refused { url } => write!(f, "{} refused the connection", shown(url)),
            Error::TimedOut { url, after } => {
                write!(f, "{} did not finish within {} ms", shown(url), ms(after))
            }
            Error::IdleTimedOut { url, after } => {
                write!(f, "{} sent nothing for {} ms", shown(url), ms(after))
            }
            Error::ConnectTimedOut { url, after } => write!(
                f,
                "{} did not accept the connection within {} ms",
                shown(url),
                ms(after)
            ),
            Error::NoResponse { url } => write!(
                f,
                "the connection to {} ended before a complete response head arrived",
                shown(url)
            ),
            Error::Reset { url } => {
                write!(
                    f,
                    "the connection to {} broke before the body ended",
                    shown(url)
                )
            }
            Error::Malformed { url, reason } => {
                write!(
                    f,
                    "{} did not answer in HTTP: {}",
                    shown(url),
                    shown(reason)
                )
            }
            Error::TooLarge { url, limit, how } => {
                let url = shown(url);
                match how {
                    Oversize::Declared(length) => write!(
                        f,
                        "{url} declares a body of {length} bytes, over the limit of {limit} bytes"
                    ),
                    Oversize::Chunk { size, after } => write!(
                        f,
                        "{url} announces a chunk of {size} bytes after {after} bytes of body, \
                         over the limit of {limit} bytes"
                    ),
                    Oversize::Sent => write!(
                        f,
                        "{url} sent a body longer than the limit of {limit} bytes"
                    ),
                }
            }
            Error::Unsupported { url, reason } | Error::Network { url, reason } => {
                write!(f, "cannot fetch {}: {}", shown(url), shown(reason))
            }
            Error::Disk { name, reason } => {
                write!(f, "could not write {}: {}", shown(name), shown(reason))
            }
            Error::Cancelled => f.write_str("cancelled"),
            Error::NeverFinished => f.write_str("the program stopped before it had a result"),
            Error::Hung => f.write_str("the program hung: every lane waits for ever"),
        }
    }
}

impl std::error::Error for Error {}

/// The longest piece of outside text an error shows.
const SHOWN: usize = 200;

/// Text from outside (a URL a user typed, a reason built from a server's
/// bytes) as an error shows it: on one line, with control characters
/// escaped, and cut to `SHOWN` characters.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == SHOWN {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_line_whatever_the_url_holds() {
        let url = format!("http://example.com/a\r\nX: 1{}", "b".repeat(300));
        let error = Error::Unsupported {
            url,
            reason: "no".to_owned(),
        };
        let text = error.to_string();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("a\\r\\nX: 1"), "{text}");
        assert!(text.len() < 260, "cut to a readable length: {text}");
    }

    #[test]
    fn too_large_says_how_it_was_known() {
        let too_large = |how| {
            Error::TooLarge {
                url: "http://example.com/big".to_owned(),
                limit: 10,
                how,
            }
            .to_string()
        };
        assert_eq!(
            too_large(Oversize::Declared(20)),
            "http://example.com/big declares a body of 20 bytes, over the limit of 10 bytes"
        );
        assert_eq!(
            too_large(Oversize::Chunk {
                size: u64::MAX,
                after: 8
            }),
            "http://example.com/big announces a chunk of 18446744073709551615 bytes after 8 \
             bytes of body, over the limit of 10 bytes"
        );
        assert_eq!(
            too_large(Oversize::Sent),
            "http://example.com/big sent a body longer than the limit of 10 bytes"
        );
    }
}
