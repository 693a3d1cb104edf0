//! One fetch, as the three clients share it: the response reader, the
//! timeout clock, and what each I/O error means, without doing any I/O.

use super::{BodySink, ResponseReader};
use std::io;
use std::time::{Duration, Instant};
use threeways_model::Error;
use threeways_model::timeouts::{FetchClock, Timeouts};

/// A fetch in progress. The client connects, writes the request, and reads,
/// telling it what happened; it answers with the body's end, an error, or
/// how long the client may wait for the next event.
#[derive(Debug)]
pub struct Fetch {
    url: String,
    reader: ResponseReader,
    clock: FetchClock,
}

impl Fetch {
    /// A fetch of `url` (as errors name it) that starts connecting at `now`,
    /// with `timeouts`, accepting bodies of at most `limit` bytes.
    pub fn start(url: &str, timeouts: Timeouts, limit: usize, now: Instant) -> Fetch {
        Fetch {
            url: url.to_owned(),
            reader: ResponseReader::new(url, limit),
            clock: FetchClock::start(timeouts, now),
        }
    }

    /// The URL, as errors name it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection came up at `now`.
    pub fn connected(&mut self, now: Instant) {
        self.clock.heard(now);
    }

    /// `bytes` arrived at `now`; the body's part of them goes to `sink`.
    /// True once the body is complete.
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::feed`].
    pub fn received(
        &mut self,
        bytes: &[u8],
        now: Instant,
        sink: &mut dyn BodySink,
    ) -> Result<bool, Error> {
        self.clock.heard(now);
        self.reader.feed(bytes, sink)
    }

    /// The server closed the connection.
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::end_of_stream`].
    pub fn closed(&mut self) -> Result<(), Error> {
        self.reader.end_of_stream()
    }

    /// How long the client may wait from `now` for the next event.
    ///
    /// # Errors
    ///
    /// The timeout that has run out, if one has.
    pub fn time_left(&self, now: Instant) -> Result<Duration, Error> {
        self.clock.time_left(now, &self.url)
    }

    /// The moment the fetch gives up unless something happens before.
    pub fn gives_up_at(&self) -> Instant {
        self.clock.gives_up_at()
    }

    /// The error the fetch ends with when a wait runs out.
    pub fn timed_out(&self) -> Error {
        self.clock.timed_out(&self.url)
    }

    /// What an I/O error from the connection means for this fetch. The
    /// three clients map every socket error here, so they agree on it.
    pub fn io_error(&self, error: &io::Error) -> Error {
        use io::ErrorKind;
        let url = self.url.clone();
        match error.kind() {
            ErrorKind::ConnectionRefused => Error::Refused { url },
            ErrorKind::TimedOut | ErrorKind::WouldBlock => self.timed_out(),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof => {
                if self.reader.has_head() {
                    Error::Reset { url }
                } else {
                    Error::NoResponse { url }
                }
            }
            _ => Error::Network {
                url,
                reason: error.to_string(),
            },
        }
    }
}
