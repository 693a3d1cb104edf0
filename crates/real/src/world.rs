//! The real world (`--real`): the network is TCP, to the in-process server
//! on 127.0.0.1 or to any `http://` URL, and the disk is a real folder.
//!
//! Chapter code never sees this: it calls its style's `fetch` and
//! `write_file`, and the plumbing asks the world (`threeways_world`),
//! which hands a real run these.

use crate::http::Fetch;
use crate::interrupt::Listed;
use crate::server::Server;
use crate::spool::{Spool, partial_file};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write as _;
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use threeways_model::timeouts::Timeouts;
use threeways_model::trace::Listener;
use threeways_model::url::Url;
use threeways_model::{Body, Error, Recorder, Scenario};

/// What a real run needs: where its URLs go, where its files go, and who
/// hears of each line of its trace as it happens.
#[derive(Clone)]
pub struct RealWorld {
    /// The network.
    pub net: RealNet,
    /// The folder that files are written to.
    pub disk: RealDisk,
    /// Told of each event of the run's trace the moment it is recorded, if
    /// set: the CLI prints a real run's lines as they happen.
    pub live: Option<Listener>,
}

impl RealWorld {
    /// The recorder a run in this world records into: one that tells the
    /// live listener, if there is one.
    pub fn recorder(&self) -> Recorder {
        match &self.live {
            Some(listener) => Recorder::telling(Arc::clone(listener)),
            None => Recorder::new(),
        }
    }
}

impl std::fmt::Debug for RealWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealWorld")
            .field("net", &self.net)
            .field("disk", &self.disk)
            .field("live", &self.live.is_some())
            .finish()
    }
}

/// Where a real run's URLs go, and how long and how much it accepts.
#[derive(Clone, Debug)]
pub struct RealNet {
    /// The local server that stands in for the scenario's hosts; `None`
    /// when URLs are fetched as they are (`--url`).
    server: Option<Arc<Server>>,
    /// How long a fetch may wait: to connect, between bytes, in all.
    pub timeouts: Timeouts,
    /// The largest body accepted, in bytes.
    pub body_limit: usize,
    /// Where large bodies stream to as they arrive; `None` keeps them in
    /// memory.
    spool_folder: Option<PathBuf>,
}

impl RealNet {
    /// A network on which the scenario's URLs are served by `server`.
    pub fn local(server: Arc<Server>, scenario: &Scenario) -> RealNet {
        RealNet {
            server: Some(server),
            ..RealNet::direct(scenario)
        }
    }

    /// A network on which URLs go where they say.
    pub fn direct(scenario: &Scenario) -> RealNet {
        RealNet {
            server: None,
            timeouts: scenario.timeouts,
            body_limit: scenario.body_limit,
            spool_folder: None,
        }
    }

    /// The same network, streaming large bodies to files in `folder`.
    pub fn spooling_to(self, folder: &Path) -> RealNet {
        RealNet {
            spool_folder: Some(folder.to_path_buf()),
            ..self
        }
    }

    /// Where the body of `url` goes as it arrives.
    pub fn spool(&self, url: &str) -> Spool {
        Spool::new(url, self.spool_folder.as_deref())
    }

    /// A fetch of `url`, starting at `now`, with this network's timeouts
    /// and body limit.
    pub fn start(&self, url: &str, now: Instant) -> Fetch {
        Fetch::start(url, self.timeouts, self.body_limit, now)
    }

    /// The URL to connect to for `url`.
    pub fn resolve(&self, url: &str) -> String {
        match &self.server {
            Some(server) => server.url_for(url),
            None => url.to_owned(),
        }
    }

    /// The URL to ask for and the address to connect to for `url`. Looking
    /// the host up blocks: for the local server and numeric addresses it is
    /// instant; a production event loop does it on a worker thread, as
    /// libuv's `getaddrinfo` does.
    pub fn address(&self, url: &str) -> Result<(Url, SocketAddr), Error> {
        let target = self.target(url)?;
        let cannot = |reason: String| Error::Network {
            url: url.to_owned(),
            reason,
        };
        let address = target
            .authority()
            .to_socket_addrs()
            .map_err(|error| cannot(format!("cannot look up {}: {error}", target.host)))?
            .next()
            .ok_or_else(|| cannot(format!("{} has no address", target.host)))?;
        Ok((target, address))
    }

    /// Where to connect for `url`, or why `url` cannot be fetched. Errors
    /// name `url` as the chapter asked for it, not the local address.
    pub fn target(&self, url: &str) -> Result<Url, Error> {
        Url::parse(&self.resolve(url)).map_err(|error| match error {
            Error::Unsupported { reason, .. } => Error::Unsupported {
                url: url.to_owned(),
                reason,
            },
            other => other,
        })
    }
}

/// A folder that files are written to, each one whole or not at all.
///
/// Partial files (bodies on their way, files being written) live in a
/// hidden folder of their own inside it, listed for removal on Ctrl-C
/// ([`crate::interrupt`]) and removed when the last clone of the disk is
/// dropped; a complete file is moved out of it, under its name, in one
/// rename.
#[derive(Clone, Debug)]
pub struct RealDisk {
    dir: PathBuf,
    partial: Arc<PartialFolder>,
    /// Whether [`files`](Self::files) reads the files back whole: the
    /// tests compare them; the CLI only needs their names, and a 100 MB
    /// download must not come back into memory at the end.
    read_back: bool,
}

/// The folder of partial files, and its place on the list of what Ctrl-C
/// removes.
#[derive(Debug)]
struct PartialFolder {
    // Declared first, dropped first: the folder is off the list before it
    // is removed, so Ctrl-C never meets a folder half-removed.
    _listed: Listed,
    folder: tempfile::TempDir,
    /// The folders `new` made for the files: an interrupt removes those
    /// that are still empty.
    _made: Vec<Listed>,
}

/// What a write did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file is new.
    Created,
    /// A file of that name was there, and is replaced.
    Replaced,
}

impl RealDisk {
    /// A disk writing into `dir`, which must be a folder that exists or can
    /// be created, and that can be written to: checked here, so that a bad
    /// `--out` fails before anything runs.
    pub fn new(dir: impl Into<PathBuf>) -> Result<RealDisk, String> {
        let dir = dir.into();
        let shown = threeways_model::error::shown(&dir.display().to_string());
        if dir.metadata().is_ok_and(|meta| !meta.is_dir()) {
            return Err(format!(
                "{shown} is a file, not a folder; name a folder to save files in"
            ));
        }
        if dir.metadata().is_err()
            && let Ok(target) = std::fs::read_link(&dir)
        {
            let target = threeways_model::error::shown(&target.display().to_string());
            return Err(format!(
                "{shown} is a symbolic link to {target}, which does not exist; \
                 name a folder to save files in"
            ));
        }
        let made = crate::interrupt::create_dir_listed(&dir).map_err(|e| {
            format!("cannot create the folder {shown} ({e}); choose one you can write to")
        })?;
        let (folder, listed) = crate::interrupt::create_listed(
            || {
                tempfile::Builder::new()
                    .prefix(".threeways-partial-")
                    .tempdir_in(&dir)
            },
            tempfile::TempDir::path,
        )
        .map_err(|e| {
            format!("cannot write in the folder {shown} ({e}); choose one you can write to")
        })?;
        Ok(RealDisk {
            dir,
            partial: Arc::new(PartialFolder {
                _listed: listed,
                folder,
                _made: made,
            }),
            read_back: true,
        })
    }

    /// The folders [`new`](Self::new) made for this disk (`dir` and those
    /// above it that were missing), still listed for an interrupt to
    /// remove if they are empty then; the disk and its partial folder go.
    /// For the CLI, which checks `--out` with `new` before anything runs
    /// and keeps what that made on the list until the run is over.
    pub fn into_made_folders(self) -> Vec<Listed> {
        match Arc::try_unwrap(self.partial) {
            Ok(PartialFolder {
                _listed: listed,
                folder,
                _made: made,
            }) => {
                // Off the list first, then removed, as when dropped.
                drop(listed);
                drop(folder);
                made
            }
            // A clone still writes into it: the folders stay its own.
            Err(_) => Vec::new(),
        }
    }

    /// The same disk, whose [`files`](Self::files) gives each file's name
    /// with empty contents, instead of reading it back.
    pub fn names_only(self) -> RealDisk {
        RealDisk {
            read_back: false,
            ..self
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of partial files: bodies stream there as they arrive.
    pub fn partial_folder(&self) -> &Path {
        self.partial.folder.path()
    }

    /// Writes `body` to the file `name` in the folder. The bytes go to a
    /// partial file first, which is renamed to `name` only when all of them
    /// are written: a reader never sees half a file, and a failed or
    /// cancelled write leaves nothing behind. A spooled body is already in
    /// a file: it is linked (or, where links fail, copied) instead of read.
    pub fn write(&self, name: &str, body: &Body) -> Result<Written, Error> {
        let disk_error = |e: &dyn std::fmt::Display| Error::Disk {
            name: name.to_owned(),
            reason: e.to_string(),
        };
        if !is_plain_file_name(name) {
            return Err(disk_error(&"not a plain file name"));
        }
        let partial = partial_file(self.partial_folder(), "file-").map_err(|e| disk_error(&e))?;
        let (mut file, partial) = partial.into_parts();
        match body.spooled_file() {
            None => file.write_all(body).map_err(|e| disk_error(&e))?,
            Some(spooled) => {
                copy_or_link(spooled, &mut file, &partial).map_err(|e| disk_error(&e))?
            }
        }
        let target = self.dir.join(name);
        let written = match target.symlink_metadata() {
            Ok(old) => {
                // The new file takes the old one's permissions (a private
                // 0600 file stays private), not those of a new file. A
                // symbolic link is replaced, not followed: its mode is not
                // the file's.
                if old.is_file() {
                    file.set_permissions(old.permissions())
                        .map_err(|e| disk_error(&e))?;
                }
                Written::Replaced
            }
            Err(_) => Written::Created,
        };
        file.sync_all().map_err(|e| disk_error(&e))?;
        partial.persist(&target).map_err(|e| disk_error(&e.error))?;
        Ok(written)
    }

    /// Every file in the folder, by name, with its contents (or none, for
    /// a disk made with [`names_only`](Self::names_only)); unreadable
    /// entries are skipped.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return BTreeMap::new();
        };
        entries
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let body = match self.read_back {
                    true => std::fs::read(entry.path()).ok()?,
                    false => Vec::new(),
                };
                Some((name, body))
            })
            .collect()
    }
}

/// Fills the empty partial file at `partial` (open as `file`) with the
/// bytes of `spooled`: a hard link to the same data where the file system
/// allows (the spooled file is never written again), else a copy through
/// a small buffer.
fn copy_or_link(spooled: &Path, file: &mut File, partial: &Path) -> std::io::Result<()> {
    let linked = std::fs::remove_file(partial).and_then(|()| std::fs::hard_link(spooled, partial));
    if linked.is_ok() {
        *file = File::options().append(true).open(partial)?;
        return Ok(());
    }
    // The partial name may be gone now: make it again, then copy.
    *file = File::create(partial)?;
    std::io::copy(&mut File::open(spooled)?, file)?;
    Ok(())
}

/// A name that stays in its folder: one normal path component.
fn is_plain_file_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_is_whole_and_stays_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let disk = RealDisk::new(dir.path()).unwrap();
        assert_eq!(
            disk.write("poem.txt", &Body::from("tyger")),
            Ok(Written::Created)
        );
        assert_eq!(
            disk.write("poem.txt", &Body::from("tyger")),
            Ok(Written::Replaced)
        );
        assert_eq!(
            disk.files().get("poem.txt").map(Vec::as_slice),
            Some(&b"tyger"[..])
        );
        for bad in ["../escape", "/etc/passwd", "a/b", "", ".."] {
            assert!(disk.write(bad, &Body::from("x")).is_err(), "{bad:?}");
        }
        assert_eq!(disk.files().len(), 1, "no temporary or stray files");
    }

    #[test]
    fn an_unwritable_folder_is_refused_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let error = RealDisk::new(file.join("sub")).unwrap_err();
        assert!(error.contains("choose one you can write to"), "{error}");
        let error = RealDisk::new(&file).unwrap_err();
        assert!(error.contains("is a file, not a folder"), "{error}");
    }

    #[test]
    fn a_spooled_body_is_saved_whole_with_the_umasks_mode() {
        let dir = tempfile::tempdir().unwrap();
        let disk = RealDisk::new(dir.path()).unwrap();
        let mut spool = Spool::new("u", Some(disk.partial_folder()));
        let bytes: Vec<u8> = (0..3 * crate::spool::IN_MEMORY).map(|i| i as u8).collect();
        for piece in bytes.chunks(10_000) {
            crate::http::BodySink::write(&mut spool, piece).unwrap();
        }
        let body = spool.finish().unwrap();
        assert!(body.spooled_file().is_some());
        disk.write("big.bin", &body).unwrap();
        disk.write("again.bin", &body).unwrap();
        drop(body);
        let files = disk.files();
        assert_eq!(files.get("big.bin"), Some(&bytes));
        assert_eq!(files.get("again.bin"), Some(&bytes));
        // The mode any new file gets from the umask, not tempfile's 0600.
        std::fs::write(dir.path().join("reference"), "").unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
        };
        assert_eq!(mode("big.bin"), mode("reference"));
        assert_eq!(mode("again.bin"), mode("reference"));
        std::fs::remove_file(dir.path().join("reference")).unwrap();
        let partial = disk.partial_folder().to_path_buf();
        assert_eq!(std::fs::read_dir(&partial).unwrap().count(), 0);
        drop(disk);
        assert!(!partial.exists(), "the partial folder goes with the disk");
    }
}
