//! Cross-style tests: one binary, so the workspace links it once.
//!
//! - `snapshots`: every chapter in every style, as text, against the
//!   reviewed snapshots in `tests/snapshots/` (the book shows these files).
//! - `equivalence`: the styles agree on results, and runs repeat byte for byte.
//! - `timing`: the totals the chapters explain, from the scenarios, and
//!   for random scenarios (proptest).
//! - `book`: the book builds, shows exactly the snapshots, and fails loudly
//!   on a missing anchor, include or snapshot.
//! - `cli`: the command line's contract, bad input included.
//! - `edges`: the command line at its edges: a closed or full output,
//!   numbers too large, symbolic links in `--out`, odd servers.
//! - `real`: the real world over loopback: the same outcomes as simulated,
//!   every fault as a typed error, and no file left behind.
//! - `porting`: each step of the `porting` page returns what the blocking
//!   original returns, in the time the page says.
//! - `sharing`: the crawlers agree, each `Mutex` and each queue costs what
//!   the chapter says, and each of the three hangs is ended and reported.
//! - `hangs`: real hangs, looked at while stuck: gdb's backtraces,
//!   tokio's task dump, Python's `faulthandler` and `all_tasks`.
//! - `tidy`: conventions every file keeps.

mod book;
mod cli;
mod edges;
mod equivalence;
mod executors;
mod hangs;
mod porting;
mod python;
mod real;
mod sharing;
mod snapshots;
mod tidy;
mod timing;
