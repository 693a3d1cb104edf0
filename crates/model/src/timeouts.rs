//! The one timeout model of the three real clients: how long a fetch may
//! wait, and which error ends it when it waits too long.
//!
//! Three limits, the same in every style:
//!
//! - **connect**: how long the server may take to accept the connection;
//! - **idle**: how long the server may send nothing at all, from the
//!   moment the connection is up (a slow server that keeps sending is
//!   never idle);
//! - **deadline**: how long the whole fetch may take, from the first try
//!   to connect to the body's last byte, interim `1xx` replies included.
//!
//! [`FetchClock`] makes the decisions and never waits: the client tells it
//! when the fetch starts and when bytes arrive, and asks it how long it may
//! wait now. The blocking client turns the answer into a socket timeout,
//! the callback client into a timer on its loop, the async client into
//! `tokio::time::timeout_at`.

use crate::Error;
use std::time::{Duration, Instant};

/// How long a fetch may wait: to connect, between two bytes, and in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// How long the server may take to accept the connection.
    pub connect: Duration,
    /// How long the server may go without sending a byte.
    pub idle: Duration,
    /// How long the whole fetch may take.
    pub deadline: Duration,
}

impl Timeouts {
    /// The defaults: 5 s to connect, 10 s of silence, 60 s in all. A slow
    /// but steady server is never cut off by the idle timeout; a large
    /// download over a slow link needs a longer deadline (`--deadline`).
    pub const DEFAULT: Timeouts = Timeouts {
        connect: Duration::from_secs(5),
        idle: Duration::from_secs(10),
        deadline: Duration::from_secs(60),
    };

    /// The same, with the deadline brought forward to `limit` if that is
    /// sooner: a program that gives a fetch less time than the network does.
    pub fn within(self, limit: Duration) -> Timeouts {
        Timeouts {
            deadline: self.deadline.min(limit),
            ..self
        }
    }

    /// What a fetch from a server that accepts the connection and then
    /// sends nothing ends with, and after how long: the idle timeout or the
    /// deadline, whichever comes first (the deadline, on a tie). The
    /// simulated network reports this for a silent server.
    pub fn silent_server(&self, url: &str) -> (Error, Duration) {
        let expired = if self.idle < self.deadline {
            Expired::Idle
        } else {
            Expired::Deadline
        };
        (expired.error(url, self), expired.after(self))
    }
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts::DEFAULT
    }
}

/// Which of the three limits ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expired {
    Connect,
    Idle,
    Deadline,
}

impl Expired {
    fn after(self, timeouts: &Timeouts) -> Duration {
        match self {
            Expired::Connect => timeouts.connect,
            Expired::Idle => timeouts.idle,
            Expired::Deadline => timeouts.deadline,
        }
    }

    fn error(self, url: &str, timeouts: &Timeouts) -> Error {
        let (url, after) = (url.to_owned(), self.after(timeouts));
        match self {
            Expired::Connect => Error::ConnectTimedOut { url, after },
            Expired::Idle => Error::IdleTimedOut { url, after },
            Expired::Deadline => Error::TimedOut { url, after },
        }
    }
}

/// The timeouts of one fetch in progress.
#[derive(Clone, Debug)]
pub struct FetchClock {
    timeouts: Timeouts,
    started: Instant,
    /// When the connection came up or a byte last arrived; `None` while
    /// connecting.
    last_heard: Option<Instant>,
}

impl FetchClock {
    /// The clock of a fetch that starts connecting at `now`.
    pub fn start(timeouts: Timeouts, now: Instant) -> FetchClock {
        FetchClock {
            timeouts,
            started: now,
            last_heard: None,
        }
    }

    /// The connection came up, or bytes arrived, at `now`: the idle timeout
    /// counts from here. The deadline does not move.
    pub fn heard(&mut self, now: Instant) {
        self.last_heard = Some(now);
    }

    /// The moment the fetch gives up unless it hears from the server before.
    pub fn gives_up_at(&self) -> Instant {
        self.next().0
    }

    /// How long the client may wait from `now` for the next thing to
    /// happen, or the error that ends the fetch if that time is up.
    ///
    /// # Errors
    ///
    /// [`Error::ConnectTimedOut`], [`Error::IdleTimedOut`] or
    /// [`Error::TimedOut`] (the deadline), naming `url`.
    pub fn time_left(&self, now: Instant, url: &str) -> Result<Duration, Error> {
        let (at, expired) = self.next();
        match at.checked_duration_since(now) {
            Some(left) if !left.is_zero() => Ok(left),
            _ => Err(expired.error(url, &self.timeouts)),
        }
    }

    /// The error for the limit that runs out next: what a wait that timed
    /// out ran into.
    pub fn timed_out(&self, url: &str) -> Error {
        self.next().1.error(url, &self.timeouts)
    }

    /// The next limit to run out, and when. The deadline wins a tie: it is
    /// the one a user sets for the whole fetch.
    fn next(&self) -> (Instant, Expired) {
        let deadline = self.started + self.timeouts.deadline;
        let (other, which) = match self.last_heard {
            None => (self.started + self.timeouts.connect, Expired::Connect),
            Some(heard) => (heard + self.timeouts.idle, Expired::Idle),
        };
        if other < deadline {
            (other, which)
        } else {
            (deadline, Expired::Deadline)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://example.com/page";

    use threeways_test_support::ms;

    fn timeouts(connect: u64, idle: u64, deadline: u64) -> Timeouts {
        Timeouts {
            connect: ms(connect),
            idle: ms(idle),
            deadline: ms(deadline),
        }
    }

    #[test]
    fn connecting_is_limited_by_the_connect_timeout_or_the_deadline() {
        let start = Instant::now();
        let clock = FetchClock::start(timeouts(100, 50, 1000), start);
        assert_eq!(clock.time_left(start, URL), Ok(ms(100)));
        assert_eq!(
            clock.time_left(start + ms(100), URL),
            Err(Error::ConnectTimedOut {
                url: URL.to_owned(),
                after: ms(100)
            })
        );
        let clock = FetchClock::start(timeouts(100, 50, 80), start);
        assert_eq!(
            clock.timed_out(URL),
            Error::TimedOut {
                url: URL.to_owned(),
                after: ms(80)
            }
        );
    }

    #[test]
    fn each_byte_restarts_the_idle_timeout_but_not_the_deadline() {
        let start = Instant::now();
        let mut clock = FetchClock::start(timeouts(100, 50, 200), start);
        clock.heard(start + ms(10));
        assert_eq!(clock.time_left(start + ms(10), URL), Ok(ms(50)));
        // A byte every 40 ms keeps it going, until the deadline.
        for at in (50..=170).step_by(40) {
            assert!(clock.time_left(start + ms(at), URL).is_ok(), "{at}");
            clock.heard(start + ms(at));
        }
        assert_eq!(clock.gives_up_at(), start + ms(200));
        assert_eq!(
            clock.time_left(start + ms(200), URL),
            Err(Error::TimedOut {
                url: URL.to_owned(),
                after: ms(200)
            })
        );
        // Silence for the idle timeout ends it earlier.
        let mut clock = FetchClock::start(timeouts(100, 50, 200), start);
        clock.heard(start);
        assert_eq!(
            clock.time_left(start + ms(50), URL),
            Err(Error::IdleTimedOut {
                url: URL.to_owned(),
                after: ms(50)
            })
        );
    }

    #[test]
    fn a_silent_server_meets_the_sooner_of_idle_and_deadline() {
        let (error, after) = timeouts(10, 50, 200).silent_server(URL);
        assert_eq!(
            (error, after),
            (
                Error::IdleTimedOut {
                    url: URL.to_owned(),
                    after: ms(50)
                },
                ms(50)
            )
        );
        let (error, after) = timeouts(10, 200, 200).silent_server(URL);
        assert_eq!(
            (error, after),
            (
                Error::TimedOut {
                    url: URL.to_owned(),
                    after: ms(200)
                },
                ms(200)
            )
        );
        assert_eq!(timeouts(10, 200, 500).within(ms(300)).deadline, ms(300));
        assert_eq!(timeouts(10, 200, 500).within(ms(900)).deadline, ms(500));
    }
}
