//! `note!`: how chapter code writes a line into the trace.

/// Writes a line into the trace on the loop's current chain, with `format!`
/// arguments: `note!(lp, "saving {url} as {filename}")`.
#[macro_export]
macro_rules! note {
    ($lp:expr, $($arg:tt)*) => {
        $crate::EventLoop::note($lp, ::std::format!($($arg)*))
    };
}
