//! What the loopback server answers, as far as the two worlds must agree
//! on it: the response heads it sends, the words a client uses for a
//! status line that is not HTTP, and what a client meets from an answer
//! that is slow or endless, after how long.
//!
//! The real server (`threeways_real::server`) sends these heads and drips
//! these answers over TCP; the simulated network (`threeways_sim`)
//! reports, for the same page, the result a correct client gets from
//! them and when. Written once here, the two cannot drift: a dripped
//! head is as many pieces in both worlds as [`head`] has bytes.

use crate::scenario::{Fault, Page};
use crate::timeouts::Timeouts;
use crate::{Error, Oversize};
use std::time::Duration;

/// The reason a client gives when a status line is not HTTP/1.x.
pub const BAD_STATUS_LINE: &str = "the status line is not HTTP/1.x";

/// A response head with status `code`, the header lines that frame the body
/// (each ending in CRLF, or none), and `Connection: close`.
pub fn head(code: u16, framing_headers: &str) -> String {
    let reason = reason_phrase(code);
    format!("HTTP/1.1 {code} {reason}\r\n{framing_headers}Connection: close\r\n\r\n")
}

/// The header line that frames a body of `len` bytes.
pub fn content_length(len: usize) -> String {
    format!("Content-Length: {len}\r\n")
}

/// The words after a status code in a status line: `Not Found` for 404.
pub fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Error",
    }
}

/// What a client meets from a page whose answer is slow or endless, and
/// after how long, if the page's fault is one of those: the simulated
/// network reports this, so that the two worlds agree. The connect and the
/// request take no time here.
pub fn slow_answer(page: &Page, timeouts: &Timeouts) -> Option<(Result<Vec<u8>, Error>, Duration)> {
    // Each slow answer is a number of pieces, one every so often; the
    // client hears each one, and has the whole answer after the last.
    let (pieces, every) = match page.fault? {
        Fault::DripBody { every } => (page.body.len(), every),
        Fault::DripHead { every } => (head(200, &content_length(page.body.len())).len(), every),
        Fault::EndlessInterim { every } => (usize::MAX, every),
        Fault::DeclaredUnsent => return Some(silence(page, timeouts)),
        _ => return None,
    };
    let done_at = every.saturating_mul(u32::try_from(pieces).unwrap_or(u32::MAX));
    if pieces > 0 && every >= timeouts.idle && timeouts.idle < timeouts.deadline.min(done_at) {
        let error = Error::IdleTimedOut {
            url: page.url.clone(),
            after: timeouts.idle,
        };
        return Some((Err(error), timeouts.idle));
    }
    if done_at >= timeouts.deadline {
        let error = Error::TimedOut {
            url: page.url.clone(),
            after: timeouts.deadline,
        };
        return Some((Err(error), timeouts.deadline));
    }
    Some((Ok(page.body.clone()), done_at))
}

/// A server that has answered in part and then says nothing more.
fn silence(page: &Page, timeouts: &Timeouts) -> (Result<Vec<u8>, Error>, Duration) {
    let (error, after) = timeouts.silent_server(&page.url);
    (Err(error), after)
}

/// The smallest chunk of a chunked body: small, so that even the short
/// pages of a scenario come in several chunks.
pub const CHUNK_SIZE: usize = 16;

/// The size of each chunk (but the last) of a chunked body of `len` bytes,
/// as the loopback server sends it: several chunks for any body; a large
/// one in larger chunks, not hundreds of thousands, and not a system call
/// each.
pub fn chunk_size(len: usize) -> usize {
    (len / 8).clamp(CHUNK_SIZE, 64 * 1024)
}

/// How a client that accepts at most `limit` bytes finds out that a
/// chunked body of `len` bytes, sent in [`chunk_size`] chunks, is too
/// large: the first chunk whose announced size goes past the limit, and
/// the bytes before it. The real server sends it so; the simulated network
/// reports it.
pub fn chunk_over_the_limit(len: usize, limit: usize) -> Oversize {
    let size = chunk_size(len);
    let mut after = 0;
    while after < len {
        let chunk = size.min(len - after);
        if after + chunk > limit {
            return Oversize::Chunk {
                size: chunk as u64,
                after,
            };
        }
        after += chunk;
    }
    // A body within the limit: only bytes past its end could go over it.
    Oversize::Sent
}
