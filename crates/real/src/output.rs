//! Standard output that a closed pipe or a full disk cannot turn into a
//! panic: what every command of the CLI prints goes through [`out!`] and
//! [`outln!`].
//!
//! `print!` panics when a write fails, and a write fails in ordinary use:
//! `threeways list | head -1` closes the pipe after one line, and so does
//! quitting `less` early. Command-line tools people trust end quietly
//! there: the shell reports them ended by `SIGPIPE`, 141, and says nothing
//! more. Rust ignores `SIGPIPE` (a write gets the error instead), so this
//! module does it by hand: at the first write that fails, the program
//! stops as [`interrupt::stop`] stops it, removing a real run's partial
//! files, quietly with 141 for a reader who went away, and with one line
//! and exit code 1 for any other failure (`>/dev/full`: no space left).
//!
//! Every write is flushed at once, so a failure is seen at the line that
//! met it, not later at some other print or never.
//!
//! [`interrupt::stop`]: crate::interrupt::stop

use crate::interrupt;
use std::fmt;
use std::io::{self, Write as _};

/// The exit code of a program that wrote into a closed pipe: 128 + 13,
/// what a shell reports for one that `SIGPIPE` ended.
pub const CLOSED_PIPE: u8 = 141;

/// Writes `text` to standard output and flushes it; if that fails, stops
/// the program (see the module's doc). [`out!`] and [`outln!`] call this.
pub fn write(text: fmt::Arguments<'_>) {
    let written = {
        let mut stdout = io::stdout().lock();
        stdout.write_fmt(text).and_then(|()| stdout.flush())
    };
    if let Err(error) = written {
        stop_on(&error);
    }
}

/// Stops the program after a write to standard output failed with `error`.
fn stop_on(error: &io::Error) -> ! {
    if error.kind() == io::ErrorKind::BrokenPipe {
        // The reader has gone: nobody is left to read a message either.
        interrupt::stop(CLOSED_PIPE, None);
    }
    interrupt::stop(
        1,
        Some(&format!(
            "error: cannot write to standard output, so stopped: {error}"
        )),
    )
}

/// `print!`, through [`write`](crate::output::write): a failed write stops
/// the program cleanly instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write(::std::format_args!($($arg)*))
    };
}

/// `println!`, through [`write`](crate::output::write): a failed write
/// stops the program cleanly instead of panicking.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::write(::std::format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write(::std::format_args!("{}\n", ::std::format_args!($($arg)*)))
    };
}
