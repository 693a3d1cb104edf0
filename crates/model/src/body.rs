//! What a fetch gives back: a body, in memory or spooled to a file.
//!
//! Chapter code reads `let body = fetch(url)?; write_file(name, &body)?;`
//! in every world. In the simulated world a body is bytes in memory. In the
//! real world the client's spool (`threeways_real::spool`) takes the body
//! as it arrives: the first MiB in memory, and a larger body streams to a
//! temporary file in the run's folder of partial files, so a 100 MB
//! download never sits in memory. Writing a spooled body to a file links
//! or copies that file; nothing reads it into memory unless the chapter
//! looks at the bytes (`&body[..]`, `body == b"free"`), which loads them
//! once.

use std::fmt;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tempfile::TempPath;

/// A fetched body. Cloning a spooled body shares its file.
#[derive(Clone)]
pub struct Body {
    bytes: Repr,
    /// The content coding a server applied though asked for none.
    content_coding: Option<Arc<str>>,
}

#[derive(Clone)]
enum Repr {
    Memory(Vec<u8>),
    Spooled(Arc<Spooled>),
}

/// A body in a temporary file, deleted when the last clone is dropped.
struct Spooled {
    path: TempPath,
    len: usize,
    /// The bytes, once something asked to see them.
    loaded: OnceLock<Vec<u8>>,
}

impl Body {
    /// How many bytes the body has (without reading a spooled one).
    pub fn len(&self) -> usize {
        match &self.bytes {
            Repr::Memory(bytes) => bytes.len(),
            Repr::Spooled(spooled) => spooled.len,
        }
    }

    /// Whether the body has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A body of `len` bytes, in the temporary file at `path`, which goes
    /// with the last clone of the body: what a real fetch's spool gives
    /// for a large body.
    pub fn spooled(path: TempPath, len: usize) -> Body {
        Body {
            bytes: Repr::Spooled(Arc::new(Spooled {
                path,
                len,
                loaded: OnceLock::new(),
            })),
            content_coding: None,
        }
    }

    /// The same body, marked as sent with the content coding `coding`
    /// (`gzip`) although the request asked for none; `None` leaves it as
    /// it is. What a real fetch's spool says of the body it took.
    pub fn encoded(self, coding: Option<Arc<str>>) -> Body {
        Body {
            content_coding: coding,
            ..self
        }
    }

    /// The content coding (`gzip`) a server applied to this body although
    /// the request asked for none: the bytes are as it sent them, not
    /// decoded. `None` for a body as it is, and always when simulated.
    pub fn content_coding(&self) -> Option<&str> {
        self.content_coding.as_deref()
    }

    /// The line a trace shows for a body fetched from `url` that came
    /// encoded, or `None` for one that came as it is.
    pub fn encoding_note(&self, url: &str) -> Option<String> {
        let coding = self.content_coding()?;
        Some(format!(
            "{} came encoded ({coding}) though none was asked for: kept as it came, not decoded",
            crate::error::shown(url)
        ))
    }

    /// The file that holds a spooled body; `None` for one in memory.
    pub fn spooled_file(&self) -> Option<&Path> {
        match &self.bytes {
            Repr::Memory(_) => None,
            Repr::Spooled(spooled) => Some(&spooled.path),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body {
            bytes: Repr::Memory(bytes),
            content_coding: None,
        }
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Body {
        Body::from(bytes.to_vec())
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::from(text.as_bytes())
    }
}

impl Deref for Body {
    type Target = [u8];

    /// The bytes. A spooled body is read from its file the first time.
    ///
    /// # Panics
    ///
    /// If the file of a spooled body cannot be read back: the run wrote it
    /// moments ago into a folder only it uses, so that is a broken disk,
    /// not bad input.
    fn deref(&self) -> &[u8] {
        match &self.bytes {
            Repr::Memory(bytes) => bytes,
            Repr::Spooled(spooled) => spooled.loaded.get_or_init(|| {
                std::fs::read(&spooled.path).unwrap_or_else(|error| {
                    panic!(
                        "cannot read back the body spooled to {}: {error}",
                        spooled.path.display()
                    )
                })
            }),
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.bytes {
            Repr::Memory(bytes) => write!(f, "Body({:?})", bytes.escape_ascii().to_string()),
            Repr::Spooled(spooled) => write!(
                f,
                "Body({} bytes in {})",
                spooled.len,
                spooled.path.display()
            ),
        }
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.len() == other.len() && **self == **other
    }
}

impl Eq for Body {}

impl PartialEq<[u8]> for Body {
    fn eq(&self, other: &[u8]) -> bool {
        self.len() == other.len() && **self == *other
    }
}

impl<const N: usize> PartialEq<[u8; N]> for Body {
    fn eq(&self, other: &[u8; N]) -> bool {
        *self == other[..]
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for Body {
    fn eq(&self, other: &&[u8; N]) -> bool {
        *self == other[..]
    }
}

impl PartialEq<Vec<u8>> for Body {
    fn eq(&self, other: &Vec<u8>) -> bool {
        *self == other[..]
    }
}
