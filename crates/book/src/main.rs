//! `threeways-book`: the book's own binary, which `cargo run -- book build`
//! and `cargo run -- book serve` hand over to.
//!
//! mdBook is this crate's dependency and no other's, so that the
//! `threeways` command, which runs the chapters, builds in a minute without
//! it; `threeways` checks the command line, then runs this binary through
//! cargo, which builds mdBook the first time only. It takes the command
//! line `threeways` hands it, with every value spelled out:
//!
//! ```text
//! threeways-book build --dest DIR
//! threeways-book serve --port PORT
//! ```

#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use threeways_real::outln;

/// What to do, as `threeways` hands it over.
enum Action {
    Build { dest: PathBuf },
    Serve { port: u16 },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let Some(action) = parse(&args) else {
        eprintln!(
            "usage: threeways-book build --dest DIR | serve --port PORT \
             (run it as `cargo run -- book build` or `cargo run -- book serve`)"
        );
        return ExitCode::from(2);
    };
    // This crate lives in `crates/book` of the repository.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let result = match action {
        Action::Build { dest } => threeways_book::build(&root, &dest).map(|()| {
            outln!("built the book in {}", dest.display());
        }),
        Action::Serve { port } => threeways_book::serve(&root, port),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[OsString]) -> Option<Action> {
    let words: Vec<Option<&str>> = args.iter().map(|arg| arg.to_str()).collect();
    match words.as_slice() {
        [Some("build"), Some("--dest"), _] => Some(Action::Build {
            dest: PathBuf::from(&args[2]),
        }),
        [Some("serve"), Some("--port"), Some(port)] => {
            port.parse().ok().map(|port| Action::Serve { port })
        }
        _ => None,
    }
}
