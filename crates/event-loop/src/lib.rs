//! The event loop that the callback style runs on, and our executor of
//! futures, built on that loop, that the async style can run on instead of
//! tokio. Both styles stand on this crate; neither stands on the other.
//!
//! # Layout
//!
//! - [`EventLoop`] (`event_loop.rs`): the loop, readable in one sitting:
//!   the ready queue, and `run`, which waits for timers, sockets and
//!   worker jobs. Its public surface is what a callback, an executor or a
//!   world needs of it: `post` a callback, `set_timer` and `cancel_timer`,
//!   `watch` a socket, `run` until nothing is pending (or until `stop`),
//!   and `now`; in `event_loop/`: a [`Handle`] (`handle.rs`) for code that
//!   cannot borrow it (a future being polled, a waker, another thread),
//!   `run_on_worker` (`offload.rs`), its chains and the trace
//!   (`trace.rs`), and the world it runs in (`world.rs`: network, disk,
//!   recorder, CPU time, a run's limit). Only those files see its fields.
//! - [`executor`]: the loop as an executor of futures: tasks, a `Waker`
//!   that requeues its task, `spawn`, `block_on`; the executor owns its
//!   tasks and drops the unfinished ones when it ends. [`time::Sleep`] is
//!   its timer future, [`net::TcpStream`] its socket, registered with the
//!   loop's poller, whose readiness wakes the task, and
//!   [`on_worker::on_worker`] a job on the worker thread. The chapter
//!   `under-the-hood` shows the executor, the timer and the socket.
//! - `callback.rs`: what the loop keeps until it runs it, a closure and
//!   its chain in one box.
//! - `timers.rs`, `sockets.rs`, `worker.rs`, `clock.rs`, `inbox.rs`: what
//!   the loop waits for (timers, sockets, jobs on the worker thread that
//!   does file writes and CPU work), its clock, virtual or real, and the
//!   queue of callbacks posted from outside it.
//!
//! # Invariants
//!
//! - No style crate below it: the callback and the async styles both
//!   depend on this crate, and on nothing of each other
//!   (`tests/it/tidy.rs` reads the manifests).
//! - One thread runs every callback; in the simulated world the clock
//!   jumps from timer to timer, so a run's order is the same every time.
//! - The executor's one piece of thread-local state is "the executor
//!   running on this thread", where `spawn` puts tasks: the current-task
//!   context that real runtimes keep too (`ARCHITECTURE.md`).

#![forbid(unsafe_code)]

mod callback;
mod clock;
mod event_loop;
pub mod executor;
mod inbox;
pub mod net;
pub mod on_worker;
mod sockets;
pub mod time;
mod timers;
mod worker;

pub use event_loop::{EventLoop, Handle, OnReady};
pub use timers::TimerId;
