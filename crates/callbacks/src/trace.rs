//! How the callback style writes into the trace: `note!` for chapter code.
//! (The loop itself records the spans of fetches, writes, sleeps and CPU
//! work, on the chain of the callback running: `EventLoop::begin_span`.)

/// Writes a line into the trace on the loop's current chain, with `format!`
/// arguments: `note!(lp, "saving {url} as {filename}")`.
#[macro_export]
macro_rules! note {
    ($lp:expr, $($arg:tt)*) => {
        $crate::EventLoop::note($lp, ::std::format!($($arg)*))
    };
}
