//! The real world (`--real`): sockets, a server and files, with what the
//! three styles' real clients share, so that they differ only in how they
//! wait.
//!
//! # Layout
//!
//! - [`http`]: HTTP/1.1 without I/O: the request, the response's head and
//!   body read from bytes that somebody else read, and [`http::Fetch`],
//!   one fetch's reader and timeouts. Each style's client does its own I/O
//!   around it (`crates/<style>/src/http.rs`).
//! - [`spool`]: where a fetch's body goes as it arrives (memory, then a
//!   file).
//! - [`server`]: the loopback server that `--real` runs and the tests
//!   fetch from: a scenario's pages, with real delays and every fault.
//! - [`world`]: [`RealWorld`]: [`RealNet`] (where URLs go, timeouts, body
//!   limit, where large bodies spool) and [`RealDisk`] (partial files in a
//!   hidden folder of their own, renamed into place when complete).
//! - [`interrupt`]: the folders a real run has on disk, and `stop`, which
//!   removes them and ends the process (a signal, a lost output).
//! - [`output`]: standard output that a closed pipe or a full disk cannot
//!   turn into a panic (`out!`, `outln!`): the first write that fails
//!   stops the program through `interrupt::stop`.
//!
//! # Invariants
//!
//! - It depends on the model only, and knows nothing of the simulated
//!   world: the two agree because both follow the model's timeout rules
//!   and answers (`threeways_model::timeouts`, `threeways_model::answer`),
//!   which `tests/it/real.rs` holds them to.
//! - Nothing is half-written: a file appears whole, under its name, or
//!   not at all; Ctrl-C removes what a run had under way.
//! - The server binds 127.0.0.1 only.

#![forbid(unsafe_code)]

pub mod http;
pub mod interrupt;
pub mod output;
pub mod server;
pub mod spool;
pub mod world;

pub use world::{RealDisk, RealNet, RealWorld, Written};
