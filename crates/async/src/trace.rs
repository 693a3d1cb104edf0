//! `note!`: how chapter code writes a line into the trace.

use crate::world::current;

/// Records `text` at the current time on the running task's lane.
pub fn note(text: String) {
    current().note(text);
}

/// Writes a line into the trace, with `format!` arguments:
/// `note!("saving {url} as {filename}")`.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::trace::note(::std::format!($($arg)*))
    };
}
