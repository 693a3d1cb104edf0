//! Where a real fetch's body goes as it arrives: a [`Spool`], in memory up
//! to [`IN_MEMORY`] bytes, then in a temporary file in the run's folder of
//! partial files, so that a 100 MB download never sits in memory. What it
//! gives back when the body is complete is the model's
//! [`Body`], in memory or in that file.

use crate::http::BodySink;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempPath;
use threeways_model::{Body, Error};

/// The most bytes a body keeps in memory before it goes to a file.
pub const IN_MEMORY: usize = 1 << 20;

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
        let body = match self.state {
            SpoolState::Memory(bytes) => Body::from(bytes),
            SpoolState::File { file, path, len } => {
                file.sync_all()
                    .map_err(|error| disk_error(&self.url, &error))?;
                Body::spooled(path, len)
            }
        };
        Ok(body.encoded(self.content_coding))
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
