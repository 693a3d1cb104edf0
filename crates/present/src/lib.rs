//! How a run is shown: as a picture for the book, as columns in a
//! terminal, and against what a learner predicted it would print.
//!
//! A trace is the model's ([`threeways_model::Trace`]); its text form is
//! too, since the snapshots hold it. Everything else a reader or a student
//! sees of a run is made here, from the trace alone: nothing here runs a
//! program.
//!
//! # Layout
//!
//! - [`timeline`]: a trace drawn as an inline SVG picture (lanes as rows,
//!   overlapping waits stacked in tracks, the theme's colours):
//!   `layout.rs` (where things go), `axis.rs` (round ticks), `draw.rs`
//!   (the elements).
//! - [`svg`]: what the timelines and the bench's chart share: how a
//!   picture opens, coordinates that print the same everywhere, escaping,
//!   text widths.
//! - [`columns`]: traces side by side for `run --columns`, aligned on time.
//! - [`trace_text`]: a run's text read back into a trace, for runs another
//!   program printed (the book's Python twins).
//! - [`prediction`]: "predict the output": a learner's order of a
//!   program's lines and its total, checked against its trace.
//!
//! # Invariants
//!
//! - It depends on the model only: a picture needs a trace, not a world.
//! - The same trace gives the same bytes everywhere (numbers are printed
//!   with fixed decimals; nothing reads the machine's fonts or locale).

#![forbid(unsafe_code)]

pub mod columns;
pub mod prediction;
pub mod svg;
pub mod timeline;
pub mod trace_text;
