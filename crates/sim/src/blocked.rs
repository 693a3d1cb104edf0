//! A thread that blocks where it must not: the mistake the book warns
//! against most (the `cpu-bound` chapter, *blocking* in the glossary),
//! caught where it happens.
//!
//! In the simulated world no poll of a task, no callback of the event loop
//! and no waker's `wake` ever needs the operating system to wait: every
//! wait is a timer on a virtual clock. Code that puts the thread to sleep
//! there (`std::thread::sleep`, a blocking read, a lock another thread
//! holds) does it by mistake, and the virtual clock cannot see it, since it
//! moves only while every task waits. The kernel can. It counts each
//! thread's *voluntary* context switches, the times it gave up the CPU to
//! wait (`getrusage(RUSAGE_THREAD)`; `/proc/thread-self/status` shows the
//! same count as `voluntary_ctxt_switches`). Computing leaves the count
//! alone however long it takes and however busy the machine is (a thread
//! the scheduler preempts is counted as *involuntary*), and a 2 ms sleep
//! raises it. So a rise across one poll means that the code blocked, on
//! any machine, under any load, with no threshold of time to tune.
//!
//! [`watch`] runs one poll, callback or wake, and if the count rose it
//! writes a note on the world's lane, in the trace's order before whatever
//! the poll recorded: ``blocked: a poll of `main` blocked the thread for
//! about 30 ms``. How long is the wall clock's word, so only "about"; the
//! note's place and virtual time say where. A page fault that must read
//! from the disk waits too, and is none of the code's doing: such faults
//! are counted apart and left out. Watches nest (a poll inside a callback
//! of the loop, a wake inside a poll): each block is told once, by the
//! innermost watch. Where a world itself must wait (the event loop taking
//! a job's output from its worker thread), it says so with [`allowed`].
//!
//! The worlds watch at three seams, and only when simulated (a real run's
//! waits are real, and its clock shows them): each poll of a task (the
//! async world's tasks and its `main`, on tokio or on our executor, and
//! our executor's polls), each callback the event loop runs, and each
//! `wake` of a waker handed through [`watched_waker`] (the exercises'
//! checker hands one to the tasks of an executor a student writes).
//!
//! The seams watch only in a run whose recorder says so
//! (`Recorder::watching_blocks`, which the world `Mode::Watched` makes):
//! the exercises' checker runs a student's code so, and hands the run that
//! mode as it hands it the scenario. The chapters' own programs, whose traces
//! are the book's snapshots, are never watched, so a wait that is the
//! machine's and not the code's (a page of the program read back from a
//! cold disk, a lock inside the allocator taken by another thread, the
//! process's map of memory while another thread changes it) cannot
//! change a byte of them. The checker, for its part, believes a block only
//! when it comes back at the same place in a second run of the same
//! simulation (`crates/exercises/src/judge.rs`): a student's
//! `std::thread::sleep` always does, the machine's waits do not.
//!
//! Where the count cannot be read (any system but Linux), [`available`] is
//! false: the watch runs its code and says nothing, and the exercises'
//! checker says the check was not made. Never a false failure.

use crate::STOPPED_LANE;
use std::cell::Cell;
use std::ffi::c_long;
use std::sync::Arc;
use std::task::{Wake, Waker};
use std::time::{Duration, Instant};
use threeways_model::trace::{Event, Lane, Recorder, Slot, Trace};

/// Where a thread blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In a poll of a task: `Future::poll`, from the executor's call to
    /// its return.
    Poll,
    /// In a callback the event loop ran.
    Callback,
    /// In a waker's `wake`.
    Wake,
}

impl Place {
    /// How a note names the place, before the lane: `a poll of`.
    fn words(self) -> &'static str {
        match self {
            Place::Poll => "a poll of",
            Place::Callback => "a callback of",
            Place::Wake => "a `wake` of",
        }
    }

    const ALL: [Place; 3] = [Place::Poll, Place::Callback, Place::Wake];
}

/// The words every note of a block begins with.
pub const BLOCKED: &str = "blocked:";

/// What a note of a block says after its place and lane.
const HOW_LONG: &str = " blocked the thread for about ";

/// The note of a block: ``blocked: a poll of `main` blocked the thread for
/// about 30 ms``. `about` is said in whole milliseconds, at least 1.
pub fn note(place: Place, lane: &str, about: Duration) -> String {
    let millis = (about.as_micros() + 500) / 1000;
    format!(
        "{BLOCKED} {} `{lane}`{HOW_LONG}{} ms",
        place.words(),
        millis.max(1)
    )
}

/// A block, as a trace tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where its note is in the trace's events: before what the poll,
    /// callback or wake recorded.
    pub index: usize,
    /// The virtual time it happened at.
    pub at: Duration,
    /// In what.
    pub place: Place,
    /// On which lane: the task polled, the chain of the callback, the task
    /// whose waker it was.
    pub lane: String,
    /// About how long, on the wall clock.
    pub about: Duration,
}

/// Every block `trace` tells of, in its order.
pub fn blocks(trace: &Trace) -> Vec<Block> {
    (trace.events.iter().enumerate())
        .filter_map(|(index, event)| match event {
            Event::Note { at, lane, text } if **lane == *STOPPED_LANE => {
                let (place, lane, about) = read(text)?;
                Some(Block {
                    index,
                    at: *at,
                    place,
                    lane,
                    about,
                })
            }
            _ => None,
        })
        .collect()
}

/// A note of a block read back: the inverse of [`note`].
fn read(text: &str) -> Option<(Place, String, Duration)> {
    let rest = text.strip_prefix(BLOCKED)?.trim_start();
    let (place, rest) = Place::ALL.iter().find_map(|place| {
        let rest = rest.strip_prefix(place.words())?.strip_prefix(" `")?;
        Some((*place, rest))
    })?;
    let (lane, rest) = rest.split_once('`')?;
    let millis = rest.strip_prefix(HOW_LONG)?.strip_suffix(" ms")?;
    Some((
        place,
        lane.to_owned(),
        Duration::from_millis(millis.parse().ok()?),
    ))
}

/// Whether this system lets a thread read how often it blocked: only then
/// are blocks seen.
pub fn available() -> bool {
    counters().is_some()
}

/// What the kernel counts for the calling thread.
#[derive(Clone, Copy, Debug)]
struct Counters {
    /// Voluntary context switches: the times the thread waited.
    voluntary: c_long,
    /// Page faults that read from the disk, each a wait of its own.
    major_faults: c_long,
}

#[cfg(target_os = "linux")]
fn counters() -> Option<Counters> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_THREAD).ok()?;
    Some(Counters {
        voluntary: usage.voluntary_context_switches(),
        major_faults: usage.major_page_faults(),
    })
}

#[cfg(not(target_os = "linux"))]
fn counters() -> Option<Counters> {
    None
}

/// Blocks already told (or allowed) by the watches on this thread: so that
/// a watch around another tells only its own.
#[derive(Clone, Copy, Debug, Default)]
struct Told {
    waits: c_long,
    time: Duration,
}

thread_local! {
    /// The watches' own bookkeeping of nested watches on this thread: read
    /// and written here alone.
    static TOLD: Cell<Told> = const { Cell::new(Told { waits: 0, time: Duration::ZERO }) };
}

/// A watch under way: the counts and the time when it began.
struct Measure {
    before: Counters,
    started: Instant,
    told: Told,
}

impl Measure {
    fn start() -> Option<Measure> {
        Some(Measure {
            before: counters()?,
            started: Instant::now(),
            told: TOLD.get(),
        })
    }

    /// How long the thread was blocked since the start, if it was, and by
    /// none of the watches inside this one; that block is then told.
    fn finish(self) -> Option<Duration> {
        let after = counters()?;
        let elapsed = self.started.elapsed();
        let told = TOLD.get();
        let waits = (after.voluntary - self.before.voluntary)
            - (after.major_faults - self.before.major_faults)
            - (told.waits - self.told.waits);
        if waits <= 0 {
            return None;
        }
        let time = elapsed.saturating_sub(told.time.saturating_sub(self.told.time));
        TOLD.set(Told {
            waits: told.waits + waits,
            time: told.time + time,
        });
        Some(time)
    }
}

/// Runs `f`, one poll, callback or wake in `place` on `lane`, and if the
/// thread blocked in it, notes so into `recorder` at the virtual time `at`
/// gives; in a run not watched (see the module's doc), only runs `f`.
pub fn watch<T>(
    recorder: &Recorder,
    at: impl FnOnce() -> Duration,
    place: Place,
    lane: &Lane,
    f: impl FnOnce() -> T,
) -> T {
    let watch = begin(recorder, place, lane);
    let value = f();
    if let Some(watch) = watch {
        watch.end(at());
    }
    value
}

/// A watch begun by [`begin`] and told by [`Watch::end`]: [`watch`] in two
/// halves, for a seam that is told before and after the code it watches
/// instead of running it (an executor's hooks, before and after a poll).
pub struct Watch {
    measure: Measure,
    recorder: Recorder,
    slot: Slot,
    place: Place,
    lane: Lane,
}

/// Begins watching one poll, callback or wake in `place` on `lane`; `None`
/// in a run not watched, or where the count cannot be read.
pub fn begin(recorder: &Recorder, place: Place, lane: &Lane) -> Option<Watch> {
    let measure = recorder.watches_blocks().then(Measure::start).flatten()?;
    Some(Watch {
        measure,
        recorder: recorder.clone(),
        slot: recorder.slot(),
        place,
        lane: lane.clone(),
    })
}

impl Watch {
    /// Ends the watch: if the thread blocked since [`begin`], notes so at
    /// the virtual time `at`, before whatever was recorded meanwhile.
    pub fn end(self, at: Duration) {
        let lane = self.lane.clone();
        self.end_on(at, &lane);
    }

    /// [`Watch::end`], naming `lane` as where the thread blocked: for a
    /// task that learns its name during the poll watched (from the span it
    /// runs in).
    pub fn end_on(self, at: Duration, lane: &Lane) {
        if let Some(about) = self.measure.finish() {
            let text = note(self.place, lane, about);
            (self.recorder).note_in(self.slot, at, &STOPPED_LANE.into(), text);
        }
    }
}

/// Runs `f`, which waits on purpose (the plumbing of the world that
/// records into `recorder`): the watches around it do not count its waits.
pub fn allowed<T>(recorder: &Recorder, f: impl FnOnce() -> T) -> T {
    let measure = recorder.watches_blocks().then(Measure::start).flatten();
    let Some(measure) = measure else {
        return f();
    };
    let value = f();
    let _ = measure.finish();
    value
}

/// `waker`, watched: each `wake` through it runs under [`watch`], as a
/// `wake` of `lane`, its note at the virtual time `now` gives then.
pub fn watched_waker(
    waker: &Waker,
    recorder: &Recorder,
    lane: &Lane,
    now: impl Fn() -> Duration + Send + Sync + 'static,
) -> Waker {
    Waker::from(Arc::new(Watched {
        waker: waker.clone(),
        recorder: recorder.clone(),
        lane: lane.clone(),
        now: Box::new(now),
    }))
}

/// A waker whose wakes are watched.
struct Watched {
    waker: Waker,
    recorder: Recorder,
    lane: Lane,
    now: Box<dyn Fn() -> Duration + Send + Sync>,
}

impl Wake for Watched {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        watch(&self.recorder, &self.now, Place::Wake, &self.lane, || {
            self.waker.wake_by_ref();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeways_model::Clock;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn main() -> Lane {
        Lane::from("main")
    }

    /// Busy for `millis` of wall time, without ever waiting.
    fn spin(millis: u64) -> u64 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < MS(millis) {
            n = std::hint::black_box(n.wrapping_add(1));
        }
        n
    }

    #[test]
    fn a_sleep_in_a_poll_is_told_and_computing_is_not() {
        if !available() {
            eprintln!("not Linux: blocks cannot be seen here");
            return;
        }
        // In a run not watched, nothing is.
        let unwatched = Recorder::new();
        watch(
            &unwatched,
            || MS(10),
            Place::Poll,
            &main(),
            || {
                std::thread::sleep(MS(2));
            },
        );
        assert_eq!(blocks(&unwatched.finish(MS(10), Clock::Virtual, 1)), []);
        let recorder = Recorder::watching_blocks();
        recorder.note(MS(10), &main(), "before");
        {
            // Computing, however long, is no wait. (A large allocation is
            // not always: its page faults may wait for the process's map
            // of memory, held by another thread of this test process.)
            watch(&recorder, || MS(10), Place::Poll, &main(), || spin(20));
            watch(
                &recorder,
                || MS(10),
                Place::Poll,
                &main(),
                || {
                    recorder.note(MS(10), &main(), "in the poll");
                    std::thread::sleep(MS(2));
                },
            );
        }
        let trace = recorder.finish(MS(10), Clock::Virtual, 1);
        let blocks = blocks(&trace);
        assert_eq!(blocks.len(), 1, "{}", trace.render_text());
        let block = &blocks[0];
        assert_eq!((block.place, block.lane.as_str()), (Place::Poll, "main"));
        assert_eq!((block.index, block.at), (1, MS(10)));
        assert!(block.about >= MS(2), "{block:?}");
        let text = trace.render_text();
        assert!(
            text.contains("world  blocked: a poll of `main` blocked the thread for about "),
            "{text}"
        );
    }

    #[test]
    fn a_block_is_told_once_by_the_innermost_watch() {
        if !available() {
            return;
        }
        let recorder = Recorder::watching_blocks();
        let (outer, inner) = (Lane::from("loop"), Lane::from("task"));
        {
            watch(
                &recorder,
                || MS(5),
                Place::Callback,
                &outer,
                || {
                    watch(
                        &recorder,
                        || MS(5),
                        Place::Poll,
                        &inner,
                        || {
                            std::thread::sleep(MS(2));
                        },
                    );
                    allowed(&recorder, || std::thread::sleep(MS(2)));
                },
            );
        }
        let trace = recorder.finish(MS(5), Clock::Virtual, 1);
        let told: Vec<(Place, String)> = (blocks(&trace).into_iter())
            .map(|block| (block.place, block.lane))
            .collect();
        assert_eq!(told, [(Place::Poll, "task".to_owned())]);
    }

    #[test]
    fn a_wake_through_a_watched_waker_is_watched() {
        if !available() {
            return;
        }
        struct Sleepy;
        impl Wake for Sleepy {
            fn wake(self: Arc<Self>) {
                std::thread::sleep(MS(2));
            }
        }
        let recorder = Recorder::watching_blocks();
        let waker = Waker::from(Arc::new(Sleepy));
        let watched = watched_waker(&waker, &recorder, &main(), || MS(40));
        watched.wake();
        let trace = recorder.finish(MS(40), Clock::Virtual, 1);
        let blocks = blocks(&trace);
        assert_eq!(blocks.len(), 1);
        assert_eq!((blocks[0].place, blocks[0].at), (Place::Wake, MS(40)));
    }

    #[test]
    fn notes_read_back() {
        for place in Place::ALL {
            let text = note(place, "fetcher", Duration::from_micros(29_600));
            assert_eq!(read(&text), Some((place, "fetcher".to_owned(), MS(30))));
        }
        assert_eq!(
            note(Place::Poll, "main", Duration::from_micros(10)),
            "blocked: a poll of `main` blocked the thread for about 1 ms"
        );
        assert_eq!(read("blocked: something else"), None);
    }
}
