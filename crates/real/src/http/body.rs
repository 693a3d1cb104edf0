//! The body of a 200 response, framed by `Content-Length`, by chunks, or by
//! the server's close, and never longer than the limit.

use super::{BodySink, Failure, MAX_HEAD_LEN, escaped, quoted};
use threeways_model::Oversize;

/// The longest line of chunked framing: a chunk-size line with its
/// extensions, or one trailer field.
const MAX_LINE_LEN: usize = 8 * 1024;

/// Reads a 200 response's body, framed as its head said.
#[derive(Debug)]
pub(super) struct BodyReader {
    framing: Framing,
    body: Body,
}

/// How a body's end is found: [`threeways_model::Framing`], with what decoding it
/// needs to remember between reads.
#[derive(Debug)]
pub(super) enum Framing {
    /// `Content-Length`: this many bytes are still to come.
    Length { remaining: usize },
    /// `Transfer-Encoding: chunked`.
    Chunked(Chunks),
    /// Neither: the body ends when the server closes the connection.
    Close,
}

impl BodyReader {
    pub(super) fn new(framing: Framing, limit: usize) -> BodyReader {
        BodyReader {
            framing,
            body: Body { received: 0, limit },
        }
    }

    /// Decodes `bytes` into `sink`. True once the body is complete; bytes
    /// after its end are left unread.
    pub(super) fn feed(&mut self, bytes: &[u8], sink: &mut dyn BodySink) -> Result<bool, Failure> {
        match &mut self.framing {
            Framing::Length { remaining } => {
                let data = &bytes[..bytes.len().min(*remaining)];
                self.body.push(data, sink)?;
                *remaining -= data.len();
                Ok(*remaining == 0)
            }
            Framing::Chunked(chunks) => chunks.decode(bytes, &mut self.body, sink),
            Framing::Close => {
                self.body.push(bytes, sink)?;
                Ok(false)
            }
        }
    }

    /// Whether the server's close ends the body, or cuts it short.
    pub(super) fn end_of_stream(&mut self) -> Result<(), Failure> {
        match self.framing {
            Framing::Close => Ok(()),
            // The head promised an end that never came.
            Framing::Length { .. } | Framing::Chunked(_) => Err(Failure::Reset),
        }
    }
}

/// How much of the body has arrived, never more than the limit. The bytes
/// themselves go to the caller's sink as they come: memory or a file.
#[derive(Debug)]
struct Body {
    received: usize,
    limit: usize,
}

impl Body {
    /// How many more bytes the body may take.
    fn room(&self) -> usize {
        self.limit.saturating_sub(self.received)
    }

    /// Adds `data`, unless that would take the body past the limit.
    fn push(&mut self, data: &[u8], sink: &mut dyn BodySink) -> Result<(), Failure> {
        if data.len() > self.room() {
            // Sent, not declared: a declared length (a Content-Length, a
            // chunk's size) is refused up front.
            return Err(Failure::TooLarge(Oversize::Sent));
        }
        self.received += data.len();
        sink.write(data).map_err(Failure::Sink)
    }
}

/// Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1), however it is split
/// into reads: chunks of `size in hex [;extensions] CRLF, data, CRLF`, then a
/// chunk of size 0, trailer fields, and an empty line.
#[derive(Debug)]
pub(super) struct Chunks {
    expecting: Expecting,
    /// The part of a line of framing that has arrived so far.
    line: Vec<u8>,
}

/// What comes next in a chunked body.
#[derive(Debug)]
enum Expecting {
    /// A chunk's data, of which this many bytes are still to come.
    Data { remaining: usize },
    /// A line of framing, collected in [`Chunks::line`].
    Line(LineKind),
}

/// The lines of chunked framing.
#[derive(Clone, Copy, Debug)]
enum LineKind {
    /// A chunk-size line: `1a;name=value CRLF`.
    Size,
    /// The CRLF after a chunk's data.
    DataEnd,
    /// A trailer field, or the empty line that ends the body. `so_far`
    /// counts the trailer bytes before it, to bound them.
    Trailer { so_far: usize },
}

impl Chunks {
    pub(super) fn new() -> Chunks {
        Chunks {
            expecting: Expecting::Line(LineKind::Size),
            line: Vec::new(),
        }
    }

    /// Decodes `input` into `body`. True once the body has ended; the rest
    /// of `input` is then left unread.
    fn decode(
        &mut self,
        mut input: &[u8],
        body: &mut Body,
        sink: &mut dyn BodySink,
    ) -> Result<bool, Failure> {
        while !input.is_empty() {
            match &mut self.expecting {
                Expecting::Data { remaining } => {
                    let (data, rest) = input.split_at(input.len().min(*remaining));
                    body.push(data, sink)?;
                    *remaining -= data.len();
                    if *remaining == 0 {
                        self.expecting = Expecting::Line(LineKind::DataEnd);
                    }
                    input = rest;
                }
                Expecting::Line(kind) => {
                    let kind = *kind;
                    if take_line(&mut self.line, &mut input)? && self.end_line(kind, body)? {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Acts on the complete line of `kind` in `self.line`, in `body`. True
    /// if the line ended the body.
    fn end_line(&mut self, kind: LineKind, body: &Body) -> Result<bool, Failure> {
        // A bare LF ends a line too, as it does in the head (RFC 9112 §2.2).
        let is_empty_line = self.line == b"\r\n" || self.line == b"\n";
        self.expecting = match kind {
            LineKind::Size => match chunk_size(&self.line)? {
                0 => Expecting::Line(LineKind::Trailer { so_far: 0 }),
                // Refused when announced, before its data is read.
                size => match usize::try_from(size) {
                    Ok(remaining) if remaining <= body.room() => Expecting::Data { remaining },
                    _ => {
                        let after = body.received;
                        return Err(Failure::TooLarge(Oversize::Chunk { size, after }));
                    }
                },
            },
            LineKind::DataEnd if is_empty_line => Expecting::Line(LineKind::Size),
            LineKind::DataEnd => {
                return Err(Failure::malformed(
                    "a chunk's data is not followed by a line end where its size says it ends",
                ));
            }
            LineKind::Trailer { .. } if is_empty_line => return Ok(true),
            LineKind::Trailer { so_far } => {
                let so_far = so_far + self.line.len();
                if so_far > MAX_HEAD_LEN {
                    return Err(Failure::malformed(format!(
                        "the trailer fields are longer than {} KiB",
                        MAX_HEAD_LEN / 1024
                    )));
                }
                // Trailers are skipped: nothing here needs them.
                Expecting::Line(LineKind::Trailer { so_far })
            }
        };
        self.line.clear();
        Ok(false)
    }
}

/// Moves bytes from the front of `input` to `line`, up to and including the
/// first LF. True once `line` holds a whole line.
fn take_line(line: &mut Vec<u8>, input: &mut &[u8]) -> Result<bool, Failure> {
    let (len, complete) = match input.iter().position(|&byte| byte == b'\n') {
        Some(lf) => (lf + 1, true),
        None => (input.len(), false),
    };
    if line.len() + len > MAX_LINE_LEN {
        return Err(Failure::malformed(format!(
            "a line of chunked framing is longer than {} KiB",
            MAX_LINE_LEN / 1024
        )));
    }
    let (taken, rest) = input.split_at(len);
    line.extend_from_slice(taken);
    *input = rest;
    Ok(complete)
}

/// The size on a complete chunk-size line, such as `1a;name=value\r\n`
/// (or with a bare LF at its end).
fn chunk_size(line: &[u8]) -> Result<u64, Failure> {
    let text = line
        .strip_suffix(b"\n")
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .unwrap_or(line);
    // httparse wants CRLF: a line that ended in a bare LF gets one.
    let line = [text, b"\r\n"].concat();
    let digits = text
        .iter()
        .take_while(|byte| byte.is_ascii_hexdigit())
        .count();
    let significant = text[..digits].iter().skip_while(|&&byte| byte == b'0');
    if significant.count() > 16 {
        return Err(Failure::malformed(format!(
            "the chunk size `{}` is larger than any body can be (2^64 bytes)",
            escaped(&text[..digits], 200)
        )));
    }
    // httparse reads a line with no digits at all (`\r\n`, `;x\r\n`) as
    // size 0, which would end the body early; the RFC wants a digit.
    match httparse::parse_chunk_size(&line) {
        // The line ends at its first LF, so httparse must read all of it.
        // (It answers Partial for an LF without a CR in an extension.)
        Ok(httparse::Status::Complete((len, size))) if digits > 0 && len == line.len() => Ok(size),
        _ => Err(Failure::malformed(format!(
            "{} is not a chunk-size line",
            quoted(text.trim_ascii_end())
        ))),
    }
}
