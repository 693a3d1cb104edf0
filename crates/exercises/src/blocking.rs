//! The blocking programs behind the exercises: the ones a conversion
//! exercise starts from, and the ones a find-the-bug exercise should behave
//! like.
//!
//! Each judge runs the blocking program on the same scenario as the answer
//! and compares the two: what they return, which files they write, which
//! pages they fetch and when things happen. The expected values are never
//! typed by hand; they are what this code does, as the chapters' three
//! styles are held to what each other does (`tests/it/equivalence.rs`).
//!
//! The book shows the anchored parts next to the exercises that convert
//! them.

use std::time::Duration;
use threeways_blocking::chapters::ticker::Ticker;
use threeways_blocking::prelude::thread::{self, sleep};
use threeways_blocking::prelude::{
    Body, Error, describe_page, fetch, file_name_for, note, page_name, write_file,
};

// ANCHOR: download_latest
/// Fetches `index_url`, whose body is the address of the latest poem, then
/// downloads that poem into a file named after its address. Returns the
/// file's name.
pub fn download_latest(index_url: &str) -> Result<String, Error> {
    let index = fetch(index_url)?;
    let poem_url = String::from_utf8_lossy(&index).trim().to_owned();
    let filename = file_name_for(&poem_url);
    let poem = fetch(&poem_url)?;
    write_file(&filename, &poem)?;
    note!("saved {} bytes to {filename}", poem.len());
    Ok(filename)
}
// ANCHOR_END: download_latest

/// Downloads `url` into a file named after it; if that fetch fails,
/// downloads `backup` instead, into a file named after the backup. Returns
/// the file's name, or, if both fail, the backup's error.
pub fn download_or_backup(url: &str, backup: &str) -> Result<String, Error> {
    let (saved_from, body) = match fetch(url) {
        Ok(body) => (url, body),
        Err(error) => {
            note!("{error}; trying the backup");
            (backup, fetch(backup)?)
        }
    };
    let filename = file_name_for(saved_from);
    write_file(&filename, &body)?;
    Ok(filename)
}

// ANCHOR: status_board
/// Fetches every page at once, a thread each, and says what became of each
/// one, in the order asked for: its size, or its error. A page that fails
/// does not stop the others.
pub fn status_board(urls: &[String]) -> Vec<String> {
    let threads: Vec<_> = urls
        .iter()
        .map(|url| {
            let owned = url.clone(); // the thread needs a copy of its own
            thread::Builder::new()
                .name(page_name(url).to_owned())
                .spawn(move || describe_page(&owned, fetch(&owned)))
                .expect("the system starts a thread")
        })
        .collect();
    // Joining in order gives the lines in order, whichever ends first.
    let joined = threads.into_iter().map(|thread| thread.join());
    joined.map(|line| line.expect("no fetch panics")).collect()
}
// ANCHOR_END: status_board

// ANCHOR: countdown
/// Counts down from `from` to 1, one number every `delay`: `from` comes
/// after the first `delay`, `1` after `from` of them.
pub struct Countdown {
    next: u32,
    delay: Duration,
}

impl Countdown {
    /// A countdown that has produced nothing yet.
    pub fn new(from: u32, delay: Duration) -> Countdown {
        Countdown { next: from, delay }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.next == 0 {
            return None;
        }
        // The consumer's thread sleeps here, before every value.
        sleep(self.delay);
        let value = self.next;
        self.next -= 1;
        note!("countdown: {value}");
        Some(value)
    }
}
// ANCHOR_END: countdown

/// The even numbers below `limit`, one every `delay`: what the stream of the
/// `bug-endless-stream` exercise should produce.
pub struct Evens {
    next: u32,
    limit: u32,
    delay: Duration,
}

impl Evens {
    /// The evens below `limit`, none produced yet.
    pub fn new(limit: u32, delay: Duration) -> Evens {
        Evens {
            next: 0,
            limit,
            delay,
        }
    }
}

impl Iterator for Evens {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.next >= self.limit {
            return None;
        }
        sleep(self.delay);
        let value = self.next;
        self.next += 2;
        Some(value)
    }
}

/// Notes a heartbeat every `every`, `count` times. Run on a thread of its
/// own, it beats on time whatever the other threads do: what the async
/// heartbeat of the `bug-thread-sleep` exercise should do as a task.
pub fn heartbeat(count: u32, every: Duration) {
    for beat in 1..=count {
        sleep(every);
        note!("heartbeat {beat}");
    }
}

// ANCHOR: report_while_working
/// Starts fetching the report at `url` on a thread of its own, works for
/// `work` meanwhile, then waits for the report and returns its length.
pub fn report_while_working(url: &str, work: Duration) -> Result<usize, Error> {
    let owned = url.to_owned();
    let report = thread::Builder::new()
        .name("report".to_owned())
        .spawn(move || fetch(&owned).map(|body| body.len()))
        .expect("the system starts a thread");
    sleep(work); // other work, while the report is on its way
    report.join().expect("the report thread does not panic")
}
// ANCHOR_END: report_while_working

/// Fetches the page at `url`, adds a line to the visit log, and returns
/// the page's length: what `bug-never-awaited` should do.
pub fn fetch_and_log(url: &str) -> Result<usize, Error> {
    let body = fetch(url)?;
    write_file(VISITS, &Body::from(visit_line(url).as_str()))?;
    Ok(body.len())
}

/// The file the visits are logged to.
pub const VISITS: &str = "visits.log";

/// The line the log gets for a visit of `url`.
pub fn visit_line(url: &str) -> String {
    format!("visited {url}\n")
}

// ANCHOR: first_odd_ticks
/// The first `n` odd values of a ticker of `count` values, one every
/// `delay`, taken as they come: Python's
/// `[x async for x in ticker(count) if x % 2]`, cut short at `n`. It stops
/// reading the ticker as soon as it has them.
pub fn first_odd_ticks(count: u32, delay: Duration, n: usize) -> Vec<u32> {
    Ticker::new(count, delay)
        .filter(|x| x % 2 == 1)
        .take(n)
        .collect()
}
// ANCHOR_END: first_odd_ticks

/// Fetches the pages one after another and says what became of each: what
/// the board of `bug-select-loses-data` should hold, and when.
pub fn board_in_turn(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|url| describe_page(url, fetch(url)))
        .collect()
}
