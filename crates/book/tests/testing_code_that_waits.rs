//! Testing code that waits, without waiting: the examples of the book's
//! page *Testing code that waits* (`book/src/testing.md`), run by `cargo
//! test` like any other test. Each one checks a program that waits seconds,
//! in a millisecond, and gives the same answer on every run.

use std::cell::Cell;
use std::time::Duration;

// ANCHOR: retry
/// Tries `attempt` up to `tries` times, waiting 100 ms after the first
/// failure, then twice as long after each one: a retry with backoff.
pub async fn with_retries<T, E, A, F>(tries: u32, mut attempt: A) -> Result<T, E>
where
    A: FnMut() -> F,
    F: Future<Output = Result<T, E>>,
{
    let mut pause = Duration::from_millis(100);
    let mut tried = 1;
    loop {
        match attempt().await {
            Err(_) if tried < tries => {
                tokio::time::sleep(pause).await;
                pause *= 2;
                tried += 1;
            }
            result => return result,
        }
    }
}
// ANCHOR_END: retry

// ANCHOR: paused
/// On a paused clock, `sleep` does not wait: when every task is waiting,
/// tokio moves the clock on to the next timer at once. The backoff's
/// 100 + 200 + 400 ms take no real time, and the test can assert them
/// exactly.
#[tokio::test(start_paused = true)]
async fn the_backoff_waits_100_then_200_then_400_ms() {
    let start = tokio::time::Instant::now();
    let calls = Cell::new(0);
    let result = with_retries(5, || {
        calls.set(calls.get() + 1);
        let ok = calls.get() == 4; // fails three times
        async move { if ok { Ok("done") } else { Err("not yet") } }
    })
    .await;
    assert_eq!(result, Ok("done"));
    assert_eq!(start.elapsed(), Duration::from_millis(700));
}
// ANCHOR_END: paused

// ANCHOR: advance
/// A task that ticks every second, and a test that moves the clock by hand
/// with `tokio::time::advance` to see what it has done at each moment.
#[tokio::test(start_paused = true)]
async fn a_ticker_has_ticked_twice_after_two_and_a_half_seconds() {
    let (ticks, mut seen) = tokio::sync::watch::channel(0);
    // Made here, so that it starts now, not when the task is first polled.
    let mut interval = tokio::time::interval(Duration::from_secs(1));
    tokio::spawn(async move {
        interval.tick().await; // the first tick is at once
        for n in 1.. {
            interval.tick().await;
            if ticks.send(n).is_err() {
                return; // the test is over
            }
        }
    });
    tokio::time::advance(Duration::from_millis(2500)).await;
    tokio::task::yield_now().await; // let the ticker run what fell due
    assert_eq!(*seen.borrow_and_update(), 2);
    tokio::time::advance(Duration::from_secs(1)).await;
    tokio::task::yield_now().await;
    assert_eq!(*seen.borrow_and_update(), 3);
}
// ANCHOR_END: advance

// ANCHOR: hang
/// On a paused clock, a timeout turns a hang into a failure at once: when
/// every task waits and the timeout's timer is the only one left, the
/// clock jumps to it. An hour, in no time.
#[tokio::test(start_paused = true)]
async fn a_wait_for_what_never_comes_fails_at_once() {
    let (_kept, mut never) = tokio::sync::mpsc::channel::<u32>(1);
    let waited = tokio::time::timeout(Duration::from_secs(3600), never.recv()).await;
    assert!(waited.is_err(), "nothing was ever sent");
}
// ANCHOR_END: hang

// ANCHOR: injected
/// What blocking code needs of time, as a trait: the real clock in the
/// program, a fake one in its tests.
pub trait Clock {
    /// The time since some start.
    fn now(&self) -> Duration;
    /// Waits `duration`.
    fn sleep(&self, duration: Duration);
}

/// The wall clock: what the program uses.
pub struct WallClock(std::time::Instant);

impl Clock for WallClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that moves only when someone sleeps: what the tests use.
#[derive(Default)]
pub struct FakeClock(Cell<Duration>);

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        self.0.get()
    }
    fn sleep(&self, duration: Duration) {
        self.0.set(self.0.get() + duration); // at once
    }
}

/// Blocking code under test: beats `count` times, one every `every`, and
/// says when each beat came.
pub fn heartbeat(clock: &impl Clock, count: u32, every: Duration) -> Vec<Duration> {
    (0..count)
        .map(|_| {
            clock.sleep(every);
            clock.now()
        })
        .collect()
}

#[test]
fn a_heartbeat_beats_every_second_in_no_time() {
    let beats = heartbeat(&FakeClock::default(), 3, Duration::from_secs(1));
    assert_eq!(beats, [1, 2, 3].map(Duration::from_secs));
}
// ANCHOR_END: injected

/// The program's clock works too, briefly: a real sleep is at least as
/// long as asked (and how much longer depends on the machine).
#[test]
fn the_wall_clock_sleeps_at_least_as_long_as_asked() {
    let clock = WallClock(std::time::Instant::now());
    let beats = heartbeat(&clock, 1, Duration::from_millis(2));
    assert!(beats[0] >= Duration::from_millis(2));
}
