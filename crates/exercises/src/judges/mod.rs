//! One judge per exercise, grouped by chapter.
//!
//! A judge takes the student's function, runs it in the simulated world on
//! a few scenarios (the ordinary case first, then the edges: a missing page,
//! a disk that cannot write, an empty list, a list that names a page twice,
//! a consumer that stops early or is slow; and the ordinary case again with
//! other latencies, delays and counts, so that no constant fits both), runs
//! the blocking program on the same scenarios, and compares:
//!
//! - **results**: what the answer returned or passed to its continuation,
//!   and the files it wrote;
//! - **virtual time**: when the answer finished, so a sequential answer to
//!   a concurrency exercise fails, saying how long it took and how long a
//!   concurrent one takes;
//! - **order**: which pages were fetched, when each fetch began, when each
//!   value came, whether a continuation ran after it should have stopped;
//! - **what is left behind**: the simulated world runs on after the answer
//!   is over until nothing is left to happen (`threeways_sim::RUN_ON`),
//!   so a task nobody awaited, a timer still set or a producer still
//!   ticking shows in the trace, and fails (`judge::check_nothing_after`);
//! - **the thread**: how long the answer held it, computing or blocked,
//!   even in pieces with `.await`s between them.
//!
//! Every message says what happened, what should have, and, where the cause
//! is known, what to change; strings from the answer or a server are quoted
//! with invisible characters shown (`judge::quoted`). A find-the-bug
//! exercise's message stops at the symptom: its hint has the fix.
//!
//! - [`download`] judges `download-callbacks`, `download-async` and
//!   `bug-never-called`;
//! - [`first_await`] judges `first-await-spawn` and `bug-never-awaited`;
//! - [`fan_out`] judges `fan-out-callbacks`, `fan-out-async` and
//!   `bug-sequential-awaits`;
//! - [`ticker`] judges `ticker-callbacks`, `ticker-stream` and
//!   `bug-endless-stream`;
//! - [`under_the_hood`] judges `timer-future`, `executor-wake` and
//!   `state-machine`, futures and an executor's `wake`, by their lives:
//!   how often they were polled, and whether anything woke them;
//! - [`comprehensions`] judges `odd-ticks-stream`, `bug-await-in-loop` and
//!   `bug-lost-order`;
//! - [`failures`] judges `bug-timeout-leaves-file` and
//!   `bug-select-loses-data`: what a cancelled future leaves behind, and
//!   what it loses;
//! - [`cpu_bound`] judges `bug-thread-sleep`;
//! - [`sharing`] judges `shared-state-send`, `backpressure` and
//!   `bug-hang`: shared state that may cross threads, a fetcher kept in
//!   check, and a program that never ends;
//! - [`porting`] judges `port-pool`, step by step, each step against the
//!   blocking function it ports.

pub mod comprehensions;
pub mod cpu_bound;
pub mod download;
pub mod failures;
pub mod fan_out;
pub mod first_await;
pub mod porting;
pub mod sharing;
pub mod ticker;
pub mod under_the_hood;

/// How the answer hands back its result, which changes how messages say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// It calls a continuation.
    Callbacks,
    /// It returns, from an `async fn`.
    Async,
}
