//! One judge per exercise, grouped by chapter.
//!
//! A judge takes the student's function, runs it in the simulated world on
//! a few scenarios (the ordinary case first, then the edges: a missing page,
//! an empty list, a consumer that stops early), runs the blocking program on
//! the same scenarios, and compares:
//!
//! - **results**: what the answer returned or passed to its continuation,
//!   and the files it wrote;
//! - **virtual time**: when the answer finished, so a sequential answer to
//!   a concurrency exercise fails, saying how long it took and how long a
//!   concurrent one takes;
//! - **order**: which pages were fetched, when each fetch began, when each
//!   value came, whether a continuation ran after it should have stopped.
//!
//! Every message says what happened, what should have, and, where the cause
//! is known, what to change.
//!
//! - [`download`] judges `download-callbacks`, `download-async` and
//!   `bug-never-called`;
//! - [`fan_out`] judges `fan-out-callbacks`, `fan-out-async` and
//!   `bug-sequential-awaits`;
//! - [`ticker`] judges `ticker-callbacks`, `ticker-stream` and
//!   `bug-endless-stream`;
//! - [`cpu_bound`] judges `bug-thread-sleep`.

pub mod cpu_bound;
pub mod download;
pub mod fan_out;
pub mod ticker;

/// How the answer hands back its result, which changes how messages say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// It calls a continuation.
    Callbacks,
    /// It returns, from an `async fn`.
    Async,
}
