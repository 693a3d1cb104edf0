//! What a fetch gives back: a body, in memory or spooled to a file.
//!
//! Chapter code reads `let body = fetch(url)?; write_file(name, &body)?;`
//! in every world. In the simulated world a body is bytes in memory. In the
//! real world a [`Spool`] takes the body as it arrives: the first MiB in
//! memory, and a larger body streams to a temporary file in the run's
//! folder of partial files, so a 100 MB download never sits in memory.
//! Writing a spooled body to a file links or copies that file; nothing
//! reads it into memory unless the chapter looks at the bytes (`&body[..]`,
//! `body == b"free"`), which loads them once.

use crate::Error;
use crate::http::BodySink;
use std::fmt;
use std::fs::File;
use std::io::Write as _;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tempfile::TempPath;

/// The most bytes a body keeps in memory before it goes to a file.
pub const IN_MEMORY: usize = 1 << 20;

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

/// Takes a real fetch's body as it arrives: in memory up to [`IN_MEMORY`]
/// bytes, then in a temporary file in `folder`, if there is one.
#[derive(Debug)]
pub struct Spool {
    url: String,
    folder: Option<PathBuf>,
    state: SpoolState,
    /// What the reader said the server encoded the body with, if anything.
    content_coding: Option<Arc<str>>,
}

#[derive(Debug)]
enum SpoolState {
    Memory(Vec<u8>),
    File {
        file: File,
        path: TempPath,
        len: usize,
    },
}

impl Spool {
    /// A spool for the body of `url` that streams to a file in `folder`
    /// once it is large; with no folder, it stays in memory.
    pub fn new(url: &str, folder: Option<&Path>) -> Spool {
        Spool {
            url: url.to_owned(),
            folder: folder.map(Path::to_path_buf),
            state: SpoolState::Memory(Vec::new()),
            content_coding: None,
        }
    }

    /// How many bytes it has taken.
    pub fn len(&self) -> usize {
        match &self.state {
            SpoolState::Memory(bytes) => bytes.len(),
            SpoolState::File { len, .. } => *len,
        }
    }

    /// Whether it has taken nothing yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole body. A partial body that is never finished is deleted
    /// when the spool is dropped.
    ///
    /// # Errors
    ///
    /// [`Error::Disk`] if the file could not be flushed to the disk.
    pub fn finish(self) -> Result<Body, Error> {
        let bytes = match self.state {
            SpoolState::Memory(bytes) => Repr::Memory(bytes),
            SpoolState::File { file, path, len } => {
                file.sync_all()
                    .map_err(|error| disk_error(&self.url, &error))?;
                Repr::Spooled(Arc::new(Spooled {
                    path,
                    len,
                    loaded: OnceLock::new(),
                }))
            }
        };
        Ok(Body {
            bytes,
            content_coding: self.content_coding,
        })
    }

    /// Moves the bytes so far from memory to a new file in `folder`.
    fn to_file(bytes: &[u8], folder: &Path) -> std::io::Result<SpoolState> {
        let (mut file, path) = partial_file(folder, "body-")?.into_parts();
        file.write_all(bytes)?;
        Ok(SpoolState::File {
            file,
            path,
            len: bytes.len(),
        })
    }
}

impl BodySink for Spool {
    fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        let to_disk = |error: std::io::Error| disk_error(&self.url, &error);
        match &mut self.state {
            SpoolState::Memory(bytes) => {
                bytes.extend_from_slice(data);
                if let Some(folder) = &self.folder
                    && bytes.len() > IN_MEMORY
                {
                    self.state = Spool::to_file(bytes, folder).map_err(to_disk)?;
                }
            }
            SpoolState::File { file, len, .. } => {
                file.write_all(data).map_err(to_disk)?;
                *len += data.len();
            }
        }
        Ok(())
    }

    fn encoded(&mut self, coding: &str) {
        self.content_coding = Some(coding.into());
    }
}

/// A new, empty temporary file in `folder`, named `prefix...`, with the
/// mode the umask gives (as any file the user creates), not 0600.
pub fn partial_file(folder: &Path, prefix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // The system takes the umask off, as it does for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

fn disk_error(url: &str, error: &std::io::Error) -> Error {
    Error::Disk {
        name: format!("the body of {url}"),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_body_stays_in_memory_and_a_large_one_goes_to_a_file() {
        let folder = tempfile::tempdir().unwrap();
        let mut small = Spool::new("u", Some(folder.path()));
        small.write(b"free").unwrap();
        let small = small.finish().unwrap();
        assert_eq!(small.spooled_file(), None);
        assert!(small == b"free");

        let mut large = Spool::new("u", Some(folder.path()));
        let piece = vec![7_u8; 64 * 1024];
        for _ in 0..20 {
            large.write(&piece).unwrap();
        }
        let large = large.finish().unwrap();
        let file = large.spooled_file().expect("spooled").to_path_buf();
        assert_eq!(large.len(), 20 * piece.len());
        assert_eq!(std::fs::metadata(&file).unwrap().len(), 20 * 64 * 1024);
        assert!(large.iter().all(|&byte| byte == 7), "read back on demand");
        drop(large);
        assert!(!file.exists(), "the file goes with the body");
    }

    #[test]
    fn an_unfinished_spool_leaves_no_file() {
        let folder = tempfile::tempdir().unwrap();
        let mut spool = Spool::new("u", Some(folder.path()));
        spool.write(&vec![1; IN_MEMORY + 1]).unwrap();
        drop(spool);
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }
}
