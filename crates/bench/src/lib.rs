//! `threeways bench scale`: what it costs to wait for many things at once,
//! in each of the three styles.
//!
//! The chapters wait for a handful of things; this benchmark waits for up
//! to 100,000. It runs two kinds of wait, each N at once:
//!
//! - **timers**: N waits of 100 ms;
//! - **downloads**: N downloads of a 1 KiB page from a loopback server that
//!   answers after 100 ms;
//!
//! in three styles: a thread per wait, callbacks on one
//! `threeways_event_loop::EventLoop`, and tasks on one tokio thread; and a
//! fourth way, the same tasks on our own executor (that event loop, turned
//! into one in the chapter `under-the-hood`). It measures wall time, CPU
//! time and memory, and says which limit stopped a run that could not
//! start all its waits.
//!
//! # How a run is measured
//!
//! Each (kind, style, N) runs in a child process of its own, the same binary
//! started as `threeways bench-one ...`, so that its peak memory is its own
//! and not what an earlier run left behind. The child reads `/proc/self` for
//! its memory and CPU time and prints one JSON line; the parent collects
//! the lines into a [`Record`], prints a table, and writes the record, a
//! chart drawn from it, and the book page's table.
//!
//! # Layout
//!
//! - [`job`]: what one child runs (kind, runner, N) and the fixed settings.
//! - `timers.rs` and `downloads.rs`: the waits, by each runner;
//!   `bare.rs`, a bare `BinaryHeap` loop of timers, the yardstick for the
//!   callback style's loop (`bench-one --style bare`, not in `bench scale`);
//!   `threads.rs` spawns a thread per wait within the system's limits.
//! - `server.rs`: the tokio server the downloads fetch from.
//! - `child.rs`: one run in a child process; `meter.rs`: what it cost.
//! - `procfs.rs`: reading `/proc`; `limits.rs`: the limits on threads and
//!   open files, and sentences that name them; `number.rs`: `12,345`.
//! - [`record`]: the rows and the machine, as JSON.
//! - [`scale`]: the parent: runs every child and writes the outputs.
//! - [`table`] and [`chart`]: the record as text tables and as an SVG.
//! - [`bounds`]: `bench bounds`, 10,000 downloads bounded three ways
//!   (`join_all`, `buffer_unordered(100)`, a pool of 100), with its own
//!   record and table on the same page.
//!
//! The command line (`src/main.rs`) and the test of the generated files use
//! the public modules; the rest are private.

#![forbid(unsafe_code)]

mod bare;
pub mod bounds;
pub mod chart;
mod child;
mod downloads;
pub mod job;
mod limits;
mod meter;
mod number;
mod procfs;
pub mod record;
pub mod scale;
mod server;
pub mod table;
mod threads;
mod timers;

pub use child::run_child;
pub use job::{CHILD_COMMAND, Job, Kind, Runner, parse_runner};
pub use record::{Record, Row};
pub use scale::{ScaleOptions, run_scale};
