//! What a blocking lesson takes from this crate, and all it takes: the
//! simulated I/O, the clock and CPU work, `note!`, and the runtime items
//! the simulated world must see, each with exactly the signature of the
//! std item it stands for. Everything else a lesson uses is std's, or a
//! plain data type of the model re-exported here.
//!
//! A lesson imports what it uses by name (`use crate::prelude::{fetch,
//! note, thread};`), never with a glob, so a reader sees what is ours.
//! `crates/lift` compiles every lesson with a prelude of its own in place
//! of this one, made of `std::thread`, `std::sync` and a real network and
//! disk; the book's table *What is ours* lists each item beside the real
//! call it stands for (`tests/it/book.rs` checks that it lists them all).

pub use crate::cpu::{compute, now};
pub use crate::io::{fetch, fetch_within, write_file};
pub use crate::note;
pub use crate::{sync, thread};
pub use threeways_model::crawl::Found;
pub use threeways_model::{
    Body, CpuJob, Error, describe_page, file_name_for, page_name, tick_note, user_url,
};
