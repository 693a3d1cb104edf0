//! The two worlds a run can happen in, and what each style's plumbing asks
//! of them: a network to fetch from and a disk to write to.
//!
//! - **Simulated** (the default, the tests, the book): the network is a table
//!   (`SimNet`), the disk is memory (`SimDisk`), and each style waits for
//!   them on a virtual clock.
//! - **Real** (`--real`): the network is TCP, to the in-process server on
//!   127.0.0.1 or to any `http://` URL, and the disk is a real folder.
//!
//! Chapter code never sees this: it calls its style's `fetch` and
//! `write_file`, and the plumbing asks the world.

use crate::server::Server;
use crate::sim::{SimDisk, SimNet};
use crate::url::Url;
use crate::{Error, Outcome, Scenario};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::{SocketAddr, ToSocketAddrs as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Which world a run happens in.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Virtual time, a table for a network, memory for a disk.
    Simulated,
    /// Wall-clock time, TCP, and a real folder.
    Real(RealWorld),
}

/// What a real run needs: where its URLs go, and where its files go.
#[derive(Clone, Debug)]
pub struct RealWorld {
    /// The network.
    pub net: RealNet,
    /// The folder that files are written to.
    pub disk: RealDisk,
}

/// The network of one run.
#[derive(Clone, Debug)]
pub enum Net {
    /// The scenario's table.
    Simulated(SimNet),
    /// TCP.
    Real(RealNet),
}

/// The disk of one run.
#[derive(Clone, Debug)]
pub enum Disk {
    /// Files in memory.
    Simulated(SimDisk),
    /// Files in a folder.
    Real(RealDisk),
}

impl Mode {
    /// The network and disk a run of `scenario` uses in this mode.
    pub fn net_and_disk(&self, scenario: &Scenario) -> (Net, Disk) {
        match self {
            Mode::Simulated => (
                Net::Simulated(SimNet::new(scenario)),
                Disk::Simulated(SimDisk::new(scenario)),
            ),
            Mode::Real(real) => (Net::Real(real.net.clone()), Disk::Real(real.disk.clone())),
        }
    }

    /// Whether times are virtual.
    pub fn is_simulated(&self) -> bool {
        matches!(self, Mode::Simulated)
    }
}

impl Disk {
    /// The outcome of a run that wrote to this disk and ended with `result`.
    pub fn outcome(&self, result: Result<Vec<String>, Error>) -> Outcome {
        let files = match self {
            Disk::Simulated(sim) => sim.files(),
            Disk::Real(real) => real.files(),
        };
        Outcome { files, result }
    }
}

/// Where a real run's URLs go, and how long and how much it accepts.
#[derive(Clone, Debug)]
pub struct RealNet {
    /// The local server that stands in for the scenario's hosts; `None`
    /// when URLs are fetched as they are (`--url`).
    server: Option<Arc<Server>>,
    /// How long a connect or a read may take.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub body_limit: usize,
}

impl RealNet {
    /// A network on which the scenario's URLs are served by `server`.
    pub fn local(server: Arc<Server>, scenario: &Scenario) -> RealNet {
        RealNet {
            server: Some(server),
            timeout: scenario.timeout,
            body_limit: scenario.body_limit,
        }
    }

    /// A network on which URLs go where they say.
    pub fn direct(scenario: &Scenario) -> RealNet {
        RealNet {
            server: None,
            timeout: scenario.timeout,
            body_limit: scenario.body_limit,
        }
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
        let address = target
            .authority()
            .to_socket_addrs()
            .map_err(|error| network_error(url, self.timeout, &error))?
            .next()
            .ok_or_else(|| Error::Network {
                url: url.to_owned(),
                reason: format!("{} has no address", target.host),
            })?;
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

/// The error a fetch of `url` reports for an I/O error from its socket.
/// Shared by the three real clients, so they agree on what each failure is.
pub fn network_error(url: &str, timeout: Duration, error: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let url = url.to_owned();
    match error.kind() {
        ErrorKind::ConnectionRefused => Error::Refused { url },
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Error::TimedOut {
            url,
            after: timeout,
        },
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
        | ErrorKind::UnexpectedEof => Error::Reset { url },
        _ => Error::Network {
            url,
            reason: error.to_string(),
        },
    }
}

/// A folder that files are written to, each one whole or not at all.
#[derive(Clone, Debug)]
pub struct RealDisk {
    dir: PathBuf,
}

impl RealDisk {
    /// A disk writing into `dir`, which must exist and be writable: checked
    /// here, so that a bad `--out` fails before anything runs.
    pub fn new(dir: impl Into<PathBuf>) -> Result<RealDisk, String> {
        let dir = dir.into();
        let shown = dir.display().to_string();
        std::fs::create_dir_all(&dir).map_err(|e| {
            format!("cannot create the folder {shown} ({e}); choose one you can write to")
        })?;
        tempfile::NamedTempFile::new_in(&dir).map_err(|e| {
            format!("cannot write in the folder {shown} ({e}); choose one you can write to")
        })?;
        Ok(RealDisk { dir })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `body` to the file `name` in the folder. The bytes go to a
    /// temporary file beside it, which is renamed to `name` only when all of
    /// them are written: a reader never sees half a file, and a failed or
    /// cancelled write leaves nothing behind (the temporary file is deleted
    /// when it is dropped).
    pub fn write(&self, name: &str, body: &[u8]) -> Result<(), Error> {
        let disk_error = |e: &dyn std::fmt::Display| Error::Disk {
            name: name.to_owned(),
            reason: e.to_string(),
        };
        if !is_plain_file_name(name) {
            return Err(disk_error(&"not a plain file name"));
        }
        let mut file = tempfile::Builder::new()
            .prefix(".partial-")
            .tempfile_in(&self.dir)
            .map_err(|e| disk_error(&e))?;
        file.write_all(body).map_err(|e| disk_error(&e))?;
        file.as_file().sync_all().map_err(|e| disk_error(&e))?;
        file.persist(self.dir.join(name))
            .map_err(|e| disk_error(&e.error))?;
        Ok(())
    }

    /// Every file in the folder, by name; unreadable entries are skipped.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return BTreeMap::new();
        };
        entries
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let body = std::fs::read(entry.path()).ok()?;
                Some((name, body))
            })
            .collect()
    }
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
        disk.write("poem.txt", b"tyger").unwrap();
        assert_eq!(
            disk.files().get("poem.txt").map(Vec::as_slice),
            Some(&b"tyger"[..])
        );
        for bad in ["../escape", "/etc/passwd", "a/b", "", ".."] {
            assert!(disk.write(bad, b"x").is_err(), "{bad:?}");
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
    }
}
