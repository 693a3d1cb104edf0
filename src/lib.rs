//! The `threeways` command and the cross-style glue the tests use.
//!
//! The binary (`src/main.rs`) parses the command line; this library runs a
//! chapter's program in a style and a world, so the CLI and the tests in
//! `tests/` call the same code.

#![forbid(unsafe_code)]

use std::path::Path;
use std::sync::Arc;
use threeways_async::Executor;
use threeways_model::trace::Listener;
use threeways_model::{Program, Run, Scenario, Style};
use threeways_real::interrupt::{self, Listed};
use threeways_real::server::Server;
use threeways_real::{RealDisk, RealNet, RealWorld};
use threeways_world::Mode;

/// Runs `program` on its chapter's scenario, in the simulated world.
pub fn run(program: Program) -> Run {
    run_on(program, &Scenario::for_chapter(program.chapter))
}

/// Runs `program` on any scenario, in the simulated world: the property
/// tests use this to try many.
pub fn run_on(program: Program, scenario: &Scenario) -> Run {
    run_in(program, scenario, &Mode::Simulated)
}

/// Runs `program` in the simulated world, an async one on `executor`
/// (the other styles have none to choose).
pub fn run_with(program: Program, executor: Executor) -> Run {
    let scenario = Scenario::for_chapter(program.chapter);
    match program.style {
        Style::Async => threeways_async::run_with(executor, program, &scenario, &Mode::Simulated),
        Style::Blocking | Style::Callbacks => run(program),
    }
}

/// Runs `program` on `scenario` in the world `mode` says.
pub fn run_in(program: Program, scenario: &Scenario, mode: &Mode) -> Run {
    run_in_on(program, scenario, mode, Executor::Tokio)
}

/// [`run_in`], an async program on `executor`.
pub fn run_in_on(program: Program, scenario: &Scenario, mode: &Mode, executor: Executor) -> Run {
    match program.style {
        Style::Blocking => threeways_blocking::run(program, scenario, mode),
        Style::Callbacks => threeways_callbacks::run(program, scenario, mode),
        Style::Async => threeways_async::run_with(executor, program, scenario, mode),
    }
}

/// A real world for a scenario: a server on 127.0.0.1 standing in for its
/// hosts (or none, for URLs fetched as they are), and a folder for files.
/// Dropping it stops the server and removes a temporary folder.
#[derive(Debug)]
pub struct RealSetup {
    /// The mode to run programs in.
    pub mode: Mode,
    /// Kept so that the server lives as long as the setup.
    _server: Option<Arc<Server>>,
    /// Kept so that a temporary folder lives as long as the setup (and is
    /// on Ctrl-C's list until then: the list entry goes first).
    _temporary: Option<(Listed, tempfile::TempDir)>,
}

impl RealSetup {
    /// Serves `scenario` on 127.0.0.1 and writes files into `out`, or into
    /// a new temporary folder when `out` is `None`. With `direct`, nothing
    /// is served: URLs are fetched as they are. Large bodies stream to the
    /// folder's partial files as they arrive.
    pub fn new(scenario: &Scenario, out: Option<&Path>, direct: bool) -> Result<RealSetup, String> {
        let (dir, temporary) = match out {
            Some(out) => (out.to_path_buf(), None),
            None => {
                let (temporary, listed) =
                    interrupt::create_listed(tempfile::tempdir, tempfile::TempDir::path)
                        .map_err(|e| format!("cannot create a temporary folder ({e})"))?;
                (temporary.path().to_path_buf(), Some((listed, temporary)))
            }
        };
        let disk = RealDisk::new(&dir)?;
        let (net, server) = if direct {
            (RealNet::direct(scenario), None)
        } else {
            let server = Server::start(scenario)
                .map_err(|e| format!("cannot start the local server on 127.0.0.1 ({e})"))?;
            let server = Arc::new(server);
            (RealNet::local(Arc::clone(&server), scenario), Some(server))
        };
        let net = net.spooling_to(disk.partial_folder());
        Ok(RealSetup {
            mode: Mode::Real(RealWorld {
                net,
                disk,
                live: None,
            }),
            _server: server,
            _temporary: temporary,
        })
    }

    /// The same setup, whose runs' outcomes name the files written without
    /// reading them back (see [`RealDisk::names_only`]): for the CLI,
    /// which prints no file, so that a large download never comes back
    /// into memory.
    pub fn names_only(self) -> RealSetup {
        let mode = match self.mode {
            Mode::Real(real) => Mode::Real(RealWorld {
                disk: real.disk.names_only(),
                ..real
            }),
            simulated => simulated,
        };
        RealSetup { mode, ..self }
    }

    /// The same setup, whose runs tell `listener` of each event of their
    /// trace the moment it is recorded: the CLI prints a real run's lines
    /// as they happen.
    pub fn telling(self, listener: Listener) -> RealSetup {
        let mode = match self.mode {
            Mode::Real(real) => Mode::Real(RealWorld {
                live: Some(listener),
                ..real
            }),
            simulated => simulated,
        };
        RealSetup { mode, ..self }
    }
}

/// The repository's root folder, where `book/`, `crates/` and `tests/` are.
/// The CLI is run with `cargo run` from a checkout, so the path it was built
/// from is where they are.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
