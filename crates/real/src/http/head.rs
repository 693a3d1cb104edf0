//! The head of a response: the status line and headers, which say whether
//! there is a body to read and how it is framed.

use super::body::{Chunks, Framing};
use super::{BAD_STATUS_LINE, Failure, MAX_HEAD_LEN, escaped, quoted};
use threeways_model::Oversize;

/// The most headers a response may have.
const MAX_HEADERS: usize = 64;

/// What a 200 response's head says about its body.
pub(super) struct Head {
    /// The head's length in bytes: the body starts after it.
    pub(super) len: usize,
    /// How the body's end is found.
    pub(super) framing: Framing,
    /// The content codings the server applied (`gzip`), shown escaped, if
    /// any: the request asks for none.
    pub(super) content_coding: Option<String>,
}

/// Reads the head at the start of `received` once all of it has arrived;
/// `Ok(None)` while more bytes are needed. Interim (1xx) responses are
/// dropped from `received` on the way, as RFC 9110 §15.2 asks of every
/// client.
pub(super) fn read_head(received: &mut Vec<u8>, limit: usize) -> Result<Option<Head>, Failure> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        let head_len = match response.parse(received).map_err(head_error)? {
            httparse::Status::Complete(head_len) if head_len <= MAX_HEAD_LEN => head_len,
            httparse::Status::Partial if received.len() <= MAX_HEAD_LEN => return Ok(None),
            _ => {
                return Err(Failure::malformed(format!(
                    "the response head is longer than {} KiB",
                    MAX_HEAD_LEN / 1024
                )));
            }
        };
        // httparse has always read the code when the head is complete.
        let Some(code) = response.code else {
            return Err(Failure::malformed(BAD_STATUS_LINE));
        };
        match code {
            // 101 would switch the connection to another protocol, which a
            // client asks for and this one never does: it is no interim.
            100 | 102..=199 => {
                received.drain(..head_len);
            }
            200 => {
                return Ok(Some(Head {
                    len: head_len,
                    framing: framing(response.headers, limit)?,
                    content_coding: content_coding(response.headers),
                }));
            }
            // 304 Not Modified answers a conditional request, which only a
            // cache makes: it points nowhere, so it is no redirect.
            304 => return Err(Failure::Status(code)),
            300..=399 => return Err(redirect(response.headers)),
            _ => return Err(Failure::Status(code)),
        }
    }
}

/// What an httparse error in the head means for the caller.
fn head_error(error: httparse::Error) -> Failure {
    match error {
        // The errors httparse finds in the status line: the version, then
        // the code and reason. The simulated network gives the same reason.
        httparse::Error::Version | httparse::Error::Status => Failure::malformed(BAD_STATUS_LINE),
        httparse::Error::TooManyHeaders => {
            Failure::malformed(format!("the response has more than {MAX_HEADERS} headers"))
        }
        other => Failure::malformed(format!("the response head is malformed: {other}")),
    }
}

/// The error for a redirect, naming where it points.
fn redirect(headers: &[httparse::Header<'_>]) -> Failure {
    let location = headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case("location"))
        .map(|header| header.value.trim_ascii())
        .filter(|location| !location.is_empty())
        .map_or_else(
            || "another address".to_owned(),
            // A server's header may be long and hold anything: it is shown
            // escaped, and cut to a readable length.
            |location| escaped(location, 200),
        );
    Failure::Unsupported(format!(
        "the server redirects to {location}; redirects are not followed"
    ))
}

/// How the body of a 200 response with `headers` is framed.
fn framing(headers: &[httparse::Header<'_>], limit: usize) -> Result<Framing, Failure> {
    // Chunked framing wins over a Content-Length (RFC 9112 §6.3), which
    // an intermediary may have left behind.
    if is_chunked(headers)? {
        return Ok(Framing::Chunked(Chunks::new()));
    }
    match content_length(headers)? {
        // Refused before a byte of the body is read.
        Some(length) => match usize::try_from(length) {
            Ok(remaining) if remaining <= limit => Ok(Framing::Length { remaining }),
            _ => Err(Failure::TooLarge(Oversize::Declared(length))),
        },
        None => Ok(Framing::Close),
    }
}

/// The content codings in `Content-Encoding`, other than `identity` (which
/// means none), as they are to be shown: `gzip`, or `gzip, br`.
fn content_coding(headers: &[httparse::Header<'_>]) -> Option<String> {
    let codings: Vec<String> = list_header(headers, "content-encoding")
        .filter(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case(b"identity"))
        .map(|coding| escaped(coding, 32))
        .collect();
    (!codings.is_empty()).then(|| codings.join(", "))
}

/// Whether `Transfer-Encoding` says the body is chunked: the only transfer
/// coding this client decodes, and the only one a server may use without
/// being asked.
fn is_chunked(headers: &[httparse::Header<'_>]) -> Result<bool, Failure> {
    let mut chunked = false;
    // HTTP lists may have empty elements (`chunked, `), which mean nothing.
    for coding in list_header(headers, "transfer-encoding").filter(|coding| !coding.is_empty()) {
        if !coding.eq_ignore_ascii_case(b"chunked") {
            return Err(Failure::Unsupported(format!(
                "the server sent the body in the {} transfer coding; only chunked is supported",
                quoted(coding)
            )));
        }
        if chunked {
            return Err(Failure::malformed("the body is chunked twice"));
        }
        chunked = true;
    }
    Ok(chunked)
}

/// The length in `Content-Length`, if the response has one. Repeating the
/// same length (`5, 5`, or two headers) is allowed by RFC 9110 §8.6;
/// differing lengths leave the body's end unknown.
fn content_length(headers: &[httparse::Header<'_>]) -> Result<Option<u64>, Failure> {
    let mut length = None;
    for value in list_header(headers, "content-length") {
        let parsed = match parse_decimal(value) {
            Ok(parsed) => parsed,
            Err(Decimal::NotANumber) => {
                return Err(Failure::malformed(format!(
                    "the Content-Length {} is not a number",
                    quoted(value)
                )));
            }
            // Shown whole: the digits are what the server said.
            Err(Decimal::TooLarge) => {
                return Err(Failure::malformed(format!(
                    "the Content-Length `{}` is larger than any body can be (2^64 bytes)",
                    escaped(value, 200)
                )));
            }
        };
        if length.is_some_and(|length| length != parsed) {
            return Err(Failure::malformed(
                "the response has conflicting Content-Length values",
            ));
        }
        length = Some(parsed);
    }
    Ok(length)
}

/// The comma-separated elements of every header named `name`, trimmed.
fn list_header<'a>(
    headers: &'a [httparse::Header<'a>],
    name: &'a str,
) -> impl Iterator<Item = &'a [u8]> {
    headers
        .iter()
        .filter(move |header| header.name.eq_ignore_ascii_case(name))
        .flat_map(|header| header.value.split(|&byte| byte == b','))
        .map(<[u8]>::trim_ascii)
}

/// Why a header value is no length.
enum Decimal {
    NotANumber,
    /// Digits, but more than 64 bits can count.
    TooLarge,
}

/// A non-empty run of ASCII digits as a number.
fn parse_decimal(digits: &[u8]) -> Result<u64, Decimal> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Decimal::NotANumber);
    }
    digits.iter().try_fold(0_u64, |number, &digit| {
        number
            .checked_mul(10)
            .and_then(|number| number.checked_add(u64::from(digit - b'0')))
            .ok_or(Decimal::TooLarge)
    })
}
