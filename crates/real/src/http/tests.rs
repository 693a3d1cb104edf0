//! The response reader, fed every way a response can be cut into reads.

use super::*;
use threeways_model::url::Url;

const URL: &str = "http://example.com/page";
const LIMIT: usize = 1024;

fn url(host: &str, port: u16, path: &str) -> Url {
    Url {
        host: host.to_owned(),
        port,
        path: path.to_owned(),
    }
}

#[test]
fn request_is_a_get_that_asks_to_close_and_for_no_encoding() {
    let url = url("example.com", 80, "/search?q=tyger");
    assert_eq!(
        String::from_utf8(request(&url)),
        Ok("GET /search?q=tyger HTTP/1.1\r\n\
            Host: example.com\r\n\
            User-Agent: threeways\r\n\
            Accept: */*\r\n\
            Accept-Encoding: identity\r\n\
            Connection: close\r\n\
            \r\n"
            .to_owned())
    );
}

#[test]
fn request_names_a_port_other_than_80_in_host() {
    let url = url("127.0.0.1", 8080, "/news");
    assert_eq!(
        String::from_utf8(request(&url)),
        Ok("GET /news HTTP/1.1\r\n\
            Host: 127.0.0.1:8080\r\n\
            User-Agent: threeways\r\n\
            Accept: */*\r\n\
            Accept-Encoding: identity\r\n\
            Connection: close\r\n\
            \r\n"
            .to_owned())
    );
}

// ---- Responses: helpers ----

/// What a client gets from reading `pieces`, one read each: the body
/// from the first `feed` that completes it, or else what `end_of_stream`
/// says when the server closes after the last piece.
fn read(pieces: &[&[u8]], limit: usize) -> Result<Vec<u8>, Error> {
    let mut reader = Reading::new(limit);
    for piece in pieces {
        if let Some(body) = reader.feed(piece)? {
            return Ok(body);
        }
    }
    reader.end_of_stream()
}

/// A reader with a `Vec` for a sink: the body once it is complete.
struct Reading {
    reader: ResponseReader,
    body: Vec<u8>,
}

impl Reading {
    fn new(limit: usize) -> Reading {
        Reading {
            reader: ResponseReader::new(URL, limit),
            body: Vec::new(),
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        let done = self.reader.feed(bytes, &mut self.body)?;
        Ok(done.then(|| std::mem::take(&mut self.body)))
    }

    fn end_of_stream(&mut self) -> Result<Vec<u8>, Error> {
        self.reader.end_of_stream()?;
        Ok(std::mem::take(&mut self.body))
    }
}

/// Reads `response` in one piece, byte by byte, and cut in two at every
/// point; checks that every way gives the same, and returns that.
fn read_every_way(response: impl AsRef<[u8]>, limit: usize) -> Result<Vec<u8>, Error> {
    let response = response.as_ref();
    let whole = read(&[response], limit);
    let bytes: Vec<&[u8]> = response.chunks(1).collect();
    assert_eq!(read(&bytes, limit), whole, "byte by byte");
    for cut in 0..=response.len() {
        let (first, second) = response.split_at(cut);
        assert_eq!(read(&[first, second], limit), whole, "cut at {cut}");
    }
    whole
}

fn body(bytes: &str) -> Result<Vec<u8>, Error> {
    Ok(bytes.as_bytes().to_vec())
}

fn malformed(reason: &str) -> Result<Vec<u8>, Error> {
    Err(Error::Malformed {
        url: URL.to_owned(),
        reason: reason.to_owned(),
    })
}

fn reset() -> Result<Vec<u8>, Error> {
    Err(Error::Reset {
        url: URL.to_owned(),
    })
}

fn too_large(limit: usize, how: Oversize) -> Result<Vec<u8>, Error> {
    Err(Error::TooLarge {
        url: URL.to_owned(),
        limit,
        how,
    })
}

fn no_response() -> Result<Vec<u8>, Error> {
    Err(Error::NoResponse {
        url: URL.to_owned(),
    })
}

fn status(code: u16) -> Result<Vec<u8>, Error> {
    Err(Error::Status {
        url: URL.to_owned(),
        code,
    })
}

/// The reason of a `Malformed` result, checking that it is one.
fn malformed_reason(result: Result<Vec<u8>, Error>) -> String {
    match result {
        Err(Error::Malformed { reason, .. }) => reason,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

/// A 200 response with `body`, framed by `Content-Length`.
fn with_length(body: &[u8]) -> Vec<u8> {
    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
    [head.as_bytes(), body].concat()
}

/// A 200 response whose body is `chunks`, chunked (empty ones left out,
/// since an empty chunk is the last).
fn chunked(chunks: &[&[u8]]) -> Vec<u8> {
    let mut response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for chunk in chunks.iter().filter(|chunk| !chunk.is_empty()) {
        response.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        response.extend_from_slice(chunk);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"0\r\n\r\n");
    response
}

/// A 200 response with `body`, ended by the server's close.
fn close_delimited(body: &[u8]) -> Vec<u8> {
    [b"HTTP/1.1 200 OK\r\n\r\n".as_slice(), body].concat()
}

// ---- Responses: framing ----

#[test]
fn reads_a_body_framed_by_content_length() {
    let response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    assert_eq!(read_every_way(response, LIMIT), body("hello"));
    let response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), body(""));
}

#[test]
fn content_length_ends_the_body_without_waiting_for_the_close() {
    let mut reader = Reading::new(LIMIT);
    let response = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and more";
    assert_eq!(reader.feed(response), Ok(Some(b"hello".to_vec())));
    let mut reader = Reading::new(LIMIT);
    let response = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(reader.feed(response), Ok(Some(Vec::new())));
}

#[test]
fn reads_a_chunked_body() {
    let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                    5\r\nhello\r\n7\r\n, world\r\nA\r\n0123456789\r\n0\r\n\r\n";
    assert_eq!(
        read_every_way(response, LIMIT),
        body("hello, world0123456789")
    );
    let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), body(""));
}

#[test]
fn chunked_bodies_may_have_extensions_and_trailers() {
    let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                    5;name=value\r\nhello\r\n\
                    6 ; last=\"yes\"\r\n world\r\n\
                    0;done\r\nExpires: never\r\nX-Checksum: 1234\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), body("hello world"));
}

#[test]
fn chunked_wins_over_content_length() {
    let response = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n\
                    5\r\nhello\r\n0\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), body("hello"));
}

#[test]
fn bytes_after_a_chunked_body_are_ignored() {
    let mut reader = Reading::new(LIMIT);
    let response =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 junk";
    assert_eq!(reader.feed(response), Ok(Some(b"ok".to_vec())));
}

#[test]
fn a_body_without_length_or_chunks_ends_with_the_stream() {
    let response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), body("all of this\r\n\r\n"));
    assert_eq!(read_every_way("HTTP/1.1 200 OK\r\n\r\n", LIMIT), body(""));
    // Only the close can end it.
    let mut reader = Reading::new(LIMIT);
    assert_eq!(reader.feed(response.as_bytes()), Ok(None));
    assert_eq!(reader.end_of_stream(), body("all of this\r\n\r\n"));
}

#[test]
fn a_truncated_body_is_a_reset() {
    for response in [
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n",
    ] {
        assert_eq!(read_every_way(response, LIMIT), reset(), "{response:?}");
    }
}

#[test]
fn a_truncated_head_is_no_response() {
    for response in [
        "",
        "HTTP/1.1 20",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
    ] {
        assert_eq!(
            read_every_way(response, LIMIT),
            no_response(),
            "{response:?}"
        );
    }
}

// ---- Responses: heads ----

#[test]
fn a_status_line_that_is_not_http_1_x_is_a_bad_status_line() {
    for status_line in [
        "HTTP/1.1 two hundred OK",
        "FOO 200 OK",
        "HTTP/2 200",
        "HTTP/1.2 200 OK",
        "http/1.1 200 OK",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 200OK",
    ] {
        let response = format!("{status_line}\r\nContent-Length: 2\r\n\r\nok");
        assert_eq!(
            read_every_way(response, LIMIT),
            malformed(BAD_STATUS_LINE),
            "{status_line}"
        );
    }
}

#[test]
fn http_1_0_and_1_1_are_both_answers() {
    for version in ["HTTP/1.0", "HTTP/1.1"] {
        let response = format!("{version} 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assert_eq!(read_every_way(response, LIMIT), body("ok"), "{version}");
    }
}

#[test]
fn a_status_other_than_200_is_reported_without_reading_the_body() {
    // 304 is no redirect: it points nowhere.
    for code in [404, 500, 201, 204, 304, 400] {
        let response = format!("HTTP/1.1 {code} Whatever\r\nContent-Length: 3\r\n\r\nabc");
        assert_eq!(read_every_way(response, LIMIT), status(code));
    }
    let mut reader = Reading::new(LIMIT);
    let head = b"HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\n";
    assert_eq!(reader.feed(head), status(404).map(Some));
}

#[test]
fn a_redirect_is_unsupported_and_says_where_it_points() {
    let unsupported = |reason: &str| {
        Err(Error::Unsupported {
            url: URL.to_owned(),
            reason: reason.to_owned(),
        })
    };
    let response = "HTTP/1.1 301 Moved Permanently\r\nLocation: http://example.org/new\r\n\r\n";
    assert_eq!(
        read_every_way(response, LIMIT),
        unsupported("the server redirects to http://example.org/new; redirects are not followed")
    );
    let response = "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(
        read_every_way(response, LIMIT),
        unsupported("the server redirects to another address; redirects are not followed")
    );
}

#[test]
fn a_long_location_is_cut_and_escaped() {
    let location = format!("http://example.org/{}\tz", "a".repeat(60_000));
    let response = format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\n\r\n");
    let Err(Error::Unsupported { reason, .. }) = read(&[response.as_bytes()], LIMIT) else {
        panic!("a redirect is unsupported");
    };
    assert!(reason.len() < 300, "{} bytes", reason.len());
    assert!(reason.contains("http://example.org/aaa"), "{reason}");
    assert!(
        reason.contains("...; redirects are not followed"),
        "{reason}"
    );
}

#[test]
fn a_sink_that_fails_fails_the_fetch() {
    struct Full;
    impl BodySink for Full {
        fn write(&mut self, _: &[u8]) -> Result<(), Error> {
            Err(Error::Disk {
                name: "x".to_owned(),
                reason: "full".to_owned(),
            })
        }
    }
    let mut reader = ResponseReader::new(URL, LIMIT);
    let response = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    assert_eq!(
        reader.feed(response, &mut Full),
        Err(Error::Disk {
            name: "x".to_owned(),
            reason: "full".to_owned()
        })
    );
}

#[test]
fn interim_responses_before_the_answer_are_skipped() {
    let response = "HTTP/1.1 100 Continue\r\n\r\n\
                    HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n\
                    HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    assert_eq!(read_every_way(response, LIMIT), body("ok"));
    // Switching protocols is no interim answer: the HTTP would end there.
    let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
    assert_eq!(read_every_way(response, LIMIT), status(101));
}

#[test]
fn a_malformed_header_is_malformed_but_not_a_bad_status_line() {
    for header in ["Bad Name: x", "Name\0: x", "Value: a\rb"] {
        let response = format!("HTTP/1.1 200 OK\r\n{header}\r\nContent-Length: 0\r\n\r\n");
        let reason = malformed_reason(read_every_way(response, LIMIT));
        assert!(
            reason.starts_with("the response head is malformed: "),
            "{reason}"
        );
    }
}

#[test]
fn more_than_64_headers_are_malformed() {
    let headers = |count: usize| {
        (1..count)
            .map(|i| format!("X-{i}: {i}\r\n"))
            .collect::<String>()
    };
    // 63 headers and the Content-Length: the most there may be.
    let response = format!(
        "HTTP/1.1 200 OK\r\n{}Content-Length: 2\r\n\r\nok",
        headers(64)
    );
    assert_eq!(read(&[response.as_bytes()], LIMIT), body("ok"));
    let response = format!(
        "HTTP/1.1 200 OK\r\n{}Content-Length: 2\r\n\r\nok",
        headers(65)
    );
    assert_eq!(
        read(&[response.as_bytes()], LIMIT),
        malformed("the response has more than 64 headers")
    );
}

#[test]
fn a_head_longer_than_64_kib_is_malformed() {
    let too_long = malformed("the response head is longer than 64 KiB");
    let long_header = format!("X-Long: {}\r\n", "a".repeat(MAX_HEAD_LEN + 4096));
    let head = format!("HTTP/1.1 200 OK\r\n{long_header}Content-Length: 2\r\n\r\n");
    // Refused before the rest of the head arrives...
    let mut reader = Reading::new(LIMIT);
    let mut pieces = head.as_bytes().chunks(1024);
    let refused = pieces
        .by_ref()
        .map(|piece| reader.feed(piece))
        .find(Result::is_err);
    assert_eq!(refused, Some(too_long.clone().map(Some)));
    assert!(
        pieces.next().is_some(),
        "refused before the head's end arrived"
    );
    // ...and also when all of it comes in one read.
    let response = format!("{head}ok");
    assert_eq!(read(&[response.as_bytes()], LIMIT), too_long);
    // Just under the bound is fine.
    let long_header = format!("X-Long: {}\r\n", "a".repeat(MAX_HEAD_LEN - 100));
    let response = format!("HTTP/1.1 200 OK\r\n{long_header}Content-Length: 2\r\n\r\nok");
    assert_eq!(read(&[response.as_bytes()], LIMIT), body("ok"));
}

#[test]
fn repeating_the_same_content_length_is_allowed() {
    let response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok";
    assert_eq!(read_every_way(response, LIMIT), body("ok"));
}

#[test]
fn conflicting_content_lengths_are_malformed() {
    for lengths in [
        "Content-Length: 2\r\nContent-Length: 3",
        "Content-Length: 2, 3",
    ] {
        let response = format!("HTTP/1.1 200 OK\r\n{lengths}\r\n\r\nok");
        assert_eq!(
            read_every_way(response, LIMIT),
            malformed("the response has conflicting Content-Length values")
        );
    }
}

#[test]
fn a_content_length_that_is_not_a_number_is_malformed() {
    for length in ["two", "+2", "-2", "2 2", "0x2", ""] {
        let response = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\nok");
        let expected = format!("the Content-Length `{length}` is not a number");
        assert_eq!(read_every_way(response, LIMIT), malformed(&expected));
    }
}

#[test]
fn a_transfer_coding_other_than_chunked_is_refused() {
    let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
    assert_eq!(
        read_every_way(response, LIMIT),
        Err(Error::Unsupported {
            url: URL.to_owned(),
            reason:
                "the server sent the body in the `gzip` transfer coding; only chunked is supported"
                    .to_owned()
        })
    );
    let response =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n";
    assert_eq!(
        read_every_way(response, LIMIT),
        malformed("the body is chunked twice")
    );
}

#[test]
fn broken_chunk_framing_is_malformed() {
    let not_a_size = |line: &str| format!("`{line}` is not a chunk-size line");
    let data_end = "a chunk's data is not followed by a line end where its size says it ends";
    for (chunks, reason) in [
        ("xyz\r\nhello\r\n0\r\n\r\n", not_a_size("xyz")),
        ("-5\r\nhello\r\n0\r\n\r\n", not_a_size("-5")),
        // No digits: httparse alone would read these as the last chunk.
        ("\r\nhello\r\n0\r\n\r\n", not_a_size("")),
        (";ext\r\nhello\r\n0\r\n\r\n", not_a_size(";ext")),
        // 17 hex digits do not fit in 64 bits.
        (
            "10000000000000000\r\n",
            "the chunk size `10000000000000000` is larger than any body can be (2^64 bytes)"
                .to_owned(),
        ),
        ("3\r\nhello\r\n0\r\n\r\n", data_end.to_owned()),
        ("5\r\nhello0\r\n\r\n", data_end.to_owned()),
    ] {
        let response = format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");
        assert_eq!(
            read_every_way(response, LIMIT),
            malformed(&reason),
            "{chunks:?}"
        );
    }
}

#[test]
fn chunk_lines_may_end_in_a_bare_line_feed_as_the_head_may() {
    let response = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n\
        5\nhello\n6;ext\n world\r\n0\nX-Trailer: t\n\n";
    assert_eq!(read_every_way(response, LIMIT), body("hello world"));
}

#[test]
fn a_body_encoded_though_asked_for_none_is_kept_and_said() {
    /// A sink that remembers what it was told.
    #[derive(Default)]
    struct Told(Vec<u8>, Option<String>);
    impl BodySink for Told {
        fn write(&mut self, data: &[u8]) -> Result<(), Error> {
            self.0.extend_from_slice(data);
            Ok(())
        }
        fn encoded(&mut self, coding: &str) {
            self.1 = Some(coding.to_owned());
        }
    }
    for (header, told) in [
        ("Content-Encoding: gzip\r\n", Some("gzip")),
        ("Content-Encoding: identity\r\n", None),
        ("Content-Encoding: gzip, br\r\n", Some("gzip, br")),
        ("", None),
    ] {
        let mut sink = Told::default();
        let head = format!("HTTP/1.1 200 OK\r\n{header}Content-Length: 3\r\n\r\n");
        let response = [head.as_bytes(), b"\x1f\x8b\x08"].concat();
        let mut reader = ResponseReader::new(URL, LIMIT);
        assert_eq!(reader.feed(&response, &mut sink), Ok(true));
        assert_eq!(sink.0, b"\x1f\x8b\x08", "the bytes as they came");
        assert_eq!(sink.1.as_deref(), told, "{header:?}");
    }
}

#[test]
fn chunk_lines_and_trailers_are_bounded() {
    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    let long_extension = format!("{head}5;{}\r\nhello\r\n0\r\n\r\n", "x".repeat(8 * 1024));
    assert_eq!(
        read(&[long_extension.as_bytes()], LIMIT),
        malformed("a line of chunked framing is longer than 8 KiB")
    );
    let trailer = format!("X-T: {}\r\n", "t".repeat(1000));
    let many_trailers = format!("{head}0\r\n{}\r\n", trailer.repeat(70));
    assert_eq!(
        read(&[many_trailers.as_bytes()], LIMIT),
        malformed("the trailer fields are longer than 64 KiB")
    );
}

#[test]
fn an_error_is_returned_again_if_the_caller_goes_on() {
    let mut reader = Reading::new(LIMIT);
    let head = b"HTTP/1.1 404 Not Found\r\n\r\n";
    assert_eq!(reader.feed(head), status(404).map(Some));
    assert_eq!(
        reader.feed(b"HTTP/1.1 200 OK\r\n\r\n"),
        status(404).map(Some)
    );
    assert_eq!(reader.end_of_stream(), status(404));
}

// ---- Responses: the limit ----

/// `body` in each framing; the chunked one in several chunks, to show
/// that the limit counts them together.
fn every_framing(body: &[u8]) -> [Vec<u8>; 3] {
    let chunks: Vec<&[u8]> = body.chunks(3).collect();
    [with_length(body), chunked(&chunks), close_delimited(body)]
}

#[test]
fn a_body_of_exactly_the_limit_is_accepted_in_every_framing() {
    for response in every_framing(b"0123456789") {
        assert_eq!(read_every_way(&response, 10), body("0123456789"));
    }
}

#[test]
fn a_body_one_byte_over_the_limit_is_too_large_in_every_framing() {
    let [length, chunked, close] = every_framing(b"0123456789");
    // Content-Length declares it before the body; a chunk announces its
    // size before its data; a body that ends at the close is sent.
    assert_eq!(
        read_every_way(&length, 9),
        too_large(9, Oversize::Declared(10))
    );
    assert_eq!(
        read_every_way(&chunked, 9),
        too_large(9, Oversize::Chunk { size: 1, after: 9 })
    );
    assert_eq!(read_every_way(&close, 9), too_large(9, Oversize::Sent));
}

#[test]
fn a_huge_content_length_is_refused_before_the_body() {
    for (length, declared) in [("1025", 1025), ("18446744073709551615", u64::MAX)] {
        let mut reader = Reading::new(LIMIT);
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
        assert_eq!(
            reader.feed(head.as_bytes()),
            too_large(LIMIT, Oversize::Declared(declared)).map(Some),
            "{length}"
        );
    }
    // Past what 64 bits count: said as it was sent, not as 2^64 - 1, and
    // refused whatever the limit.
    let length = "99999999999999999999999";
    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
    assert_eq!(
        Reading::new(usize::MAX).feed(head.as_bytes()),
        malformed(&format!(
            "the Content-Length `{length}` is larger than any body can be (2^64 bytes)"
        ))
        .map(Some)
    );
}

#[test]
fn a_chunk_over_the_limit_is_refused_when_announced() {
    for (size, announced) in [("401", 0x401), ("ffffffffffffffff", u64::MAX)] {
        let mut reader = Reading::new(LIMIT);
        let head =
            format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n{size}\r\n");
        assert_eq!(
            reader.feed(head.as_bytes()),
            too_large(
                LIMIT,
                Oversize::Chunk {
                    size: announced,
                    after: 3
                }
            )
            .map(Some),
            "{size}"
        );
    }
}

// ---- Responses: random bodies ----

/// A tiny deterministic random generator (xorshift64): no dependency,
/// and every run tests the same cases.
struct XorShift(u64);

impl XorShift {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// `bytes` cut at up to four random points; pieces may be empty.
    fn cut<'a>(&mut self, bytes: &'a [u8]) -> Vec<&'a [u8]> {
        let mut cuts: Vec<usize> = (0..self.below(5))
            .map(|_| self.below(bytes.len() + 1))
            .collect();
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut start = 0;
        for cut in cuts {
            pieces.push(&bytes[start..cut]);
            start = cut;
        }
        pieces.push(&bytes[start..]);
        pieces
    }
}

#[test]
fn random_bodies_come_back_whole_in_every_framing_and_any_pieces() {
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let len = random.below(300);
        let sent: Vec<u8> = (0..len).map(|_| random.next_u64() as u8).collect();
        let chunks = random.cut(&sent);
        for response in [with_length(&sent), chunked(&chunks), close_delimited(&sent)] {
            let reads = random.cut(&response);
            // A limit of exactly the body's length, which must be enough.
            assert_eq!(read(&reads, sent.len()), Ok(sent.clone()), "round {round}");
        }
    }
}

#[test]
fn corrupted_responses_give_an_answer_within_the_limit_not_a_panic() {
    let mut random = XorShift(0x2545_F491_4F6C_DD1D);
    for round in 0..400 {
        let sent: Vec<u8> = (0..random.below(100))
            .map(|_| random.next_u64() as u8)
            .collect();
        let chunks = random.cut(&sent);
        for mut response in [with_length(&sent), chunked(&chunks), close_delimited(&sent)] {
            for _ in 0..=random.below(3) {
                let at = random.below(response.len());
                response[at] = random.next_u64() as u8;
            }
            let limit = random.below(120);
            if let Ok(body) = read(&random.cut(&response), limit) {
                assert!(body.len() <= limit, "round {round}");
            }
        }
    }
}
