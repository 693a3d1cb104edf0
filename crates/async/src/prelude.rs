//! What an async lesson takes from this crate, and all it takes: the
//! simulated I/O, the clock and CPU work, `note!`, and the runtime items
//! the simulated world must see (tasks, timers, locks and channels), each
//! with exactly the signature of the tokio item it stands for. Everything
//! else a lesson uses is tokio's, futures' or `tracing`'s own (`select!`,
//! `join_all`, `Instrument`...), or a plain data type of the model
//! re-exported here.
//!
//! A lesson imports what it uses by name (`use crate::prelude::{fetch,
//! note, spawn};`), never with a glob, so a reader sees what is ours.
//! `crates/lift` compiles every lesson with a prelude of its own in place
//! of this one, made of tokio's items and a real network and disk; the
//! book's table *What is ours* lists each item beside the real call it
//! stands for (`tests/it/book.rs` checks that it lists them all).

pub use crate::cpu::compute;
pub use crate::io::{fetch, write_file};
pub use crate::note;
pub use crate::sync;
pub use crate::task::{JoinSet, spawn, spawn_blocking, spawn_local, yield_now};
pub use crate::time::{now, sleep, timeout};
pub use threeways_model::crawl::Found;
pub use threeways_model::{
    Body, CpuJob, Error, describe_page, file_name_for, page_name, tick_note, user_url,
};
