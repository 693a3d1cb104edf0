//! What every judge uses: running an answer with its panics caught and its
//! thread watched, reading a trace, and writing times and lists the way the
//! messages say them.
//!
//! A judge runs its cases (scenarios) one after another, each through
//! [`Judge::case`]: a list of checks that stops at the case's first
//! failure. A failing case does not stop the others, so an answer that is
//! late in one case and leaves a file behind in another hears of both.
//! Answers are run inside [`attempt`]: a `todo!()` means "not started yet",
//! and any other panic becomes a failure that says where the answer
//! panicked and why, instead of a backtrace. The panic hook stays quiet only
//! while an answer runs on this thread; any other panic (a test's own
//! assertion, a bug in a judge) is reported as usual.
//!
//! [`attempt`] also runs the answer with its thread watched
//! (`threeways_sim::blocked`), in the world `Mode::Watched` it hands it:
//! a poll, a callback or a `wake` of the student's that blocks it (a
//! `std::thread::sleep`, a blocking call) fails the case before any other
//! check, naming where and about how long. The simulated clock cannot see
//! such a block, so every other check would be misled by it. A block is
//! believed only when a second run of the same (deterministic) simulation
//! shows it at the same place: a student's sleep always does, a wait that
//! is the machine's (a page read back from a cold disk, a lock inside the
//! allocator) does not.

use crate::verdict::{Failure, Verdict};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path};
use std::rc::Rc;
use std::sync::Once;
use std::time::Duration;
use threeways_model::trace::{Event, format_ms};
use threeways_model::{Clock, Run, Scenario, SpanKind, Trace, page_name};
use threeways_present::columns::render_columns;
use threeways_sim::blocked::{self, Block, Place};
use threeways_sim::{RUN_ON, STOPPED, STOPPED_LANE};
use threeways_world::Mode;

/// The result of a check: `Err` stops the judge.
pub(crate) type Checked = Result<(), Failure>;

/// The checks that have passed so far, and the cases that failed.
#[derive(Debug, Default)]
pub(crate) struct Judge {
    passed: Vec<String>,
    failed: Vec<Failure>,
}

impl Judge {
    /// Records a check that passed.
    pub(crate) fn pass(&mut self, sentence: String) {
        self.passed.push(sentence);
    }

    /// Runs one case's `checks`, which stop at their first failure; a
    /// failure is recorded, and the judge goes on with the next case. An
    /// answer not started yet stops the judge: `Err` then.
    pub(crate) fn case(&mut self, checks: impl FnOnce(&mut Judge) -> Checked) -> Checked {
        match checks(self) {
            Ok(()) => Ok(()),
            Err(Failure::NotStarted) => Err(Failure::NotStarted),
            Err(failure) => {
                self.failed.push(failure);
                Ok(())
            }
        }
    }
}

/// Runs `checks` and says what passed, which case failed first, and what
/// the others that failed said.
pub(crate) fn judge(checks: impl FnOnce(&mut Judge) -> Checked) -> Verdict {
    install_quiet_hook();
    let mut judge = Judge::default();
    let stopped = checks(&mut judge).err();
    let mut failures = judge.failed.into_iter().chain(stopped);
    let failed = failures.next();
    let mut more: Vec<String> = Vec::new();
    for failure in failures {
        // A step still to write fails every case of it in the same words.
        if let Failure::Wrong { message, .. } = failure
            && failed.as_ref().and_then(Failure::message) != Some(message.as_str())
            && !more.contains(&message)
        {
            more.push(message);
        }
    }
    let unchecked = if threeways_sim::blocked::available() {
        Vec::new()
    } else {
        vec![NOT_WATCHED.to_owned()]
    };
    Verdict {
        passed: judge.passed,
        failed,
        more,
        unchecked,
    }
}

/// A failed check, with the trace of the run it looked at.
pub(crate) fn wrong(message: String, run: &Run) -> Failure {
    wrong_in(message, &run.trace)
}

/// A failed check, with `trace`.
/// The trace is shown with what would not show made visible, as
/// [`quoted`] does: a fetch of an address with a line break at its end
/// stays on one line.
pub(crate) fn wrong_in(message: String, trace: &Trace) -> Failure {
    Failure::wrong(message, Some(made_visible(trace).render_text()))
}

/// A failed check on order or time, with the answer's trace beside the
/// reference's, aligned on time (`run --columns`): the student sees which
/// wait started late, and what the reference was doing then. `reference`
/// names the reference's column: "the blocking program".
pub(crate) fn wrong_beside(message: String, run: &Run, reference: &Run, named: &str) -> Failure {
    wrong_beside_in(message, &run.trace, &reference.trace, named)
}

/// [`wrong_beside`], with traces.
pub(crate) fn wrong_beside_in(
    message: String,
    trace: &Trace,
    reference: &Trace,
    named: &str,
) -> Failure {
    let shown = made_visible(trace);
    let columns = [("your program", &shown), (named, reference)];
    Failure::Wrong {
        message,
        trace: Some(shown.render_text()),
        beside: Some(render_columns(&columns, BESIDE_WIDTH)),
    }
}

/// The reference's column when it is the blocking program.
pub(crate) const BLOCKING: &str = "the blocking program";

/// How wide the side-by-side view is: `exercise check` wraps at 88
/// columns and indents a trace by 4.
const BESIDE_WIDTH: usize = 84;

/// `trace` with what would not show made visible, as [`quoted`] does: a
/// fetch of an address with a line break at its end stays on one line.
fn made_visible(trace: &Trace) -> Trace {
    let mut shown = trace.clone();
    for event in &mut shown.events {
        let (Event::Note { text, .. } | Event::Span { label: text, .. }) = event;
        *text = visible(text);
    }
    shown
}

thread_local! {
    /// Whether an answer is running on this thread, under [`attempt`].
    static ANSWERING: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic under [`attempt`] happened, as `file:line`.
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// Replaces the panic hook, once per process, with one that records where an
/// answer panicked instead of printing it, and leaves every other panic to
/// the hook that was there before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if ANSWERING.get() {
                let place = info
                    .location()
                    .map(|at| format!("{}:{}", tidy_path(at.file()), at.line()));
                PANICKED_AT.set(place);
            } else {
                previous(info);
            }
        }));
    });
}

/// What a judge keeps of one run of an answer: the run is in it.
pub(crate) trait OneRun {
    /// The run.
    fn run(&self) -> &Run;
}

impl OneRun for Run {
    fn run(&self) -> &Run {
        self
    }
}

impl<T> OneRun for (T, Run) {
    fn run(&self) -> &Run {
        &self.1
    }
}

impl<T> OneRun for Returned<T> {
    fn run(&self) -> &Run {
        &self.run
    }
}

/// How many times at most [`attempt`] runs an answer whose thread blocked,
/// to see the block come back at the same place.
const RUNS_FOR_A_BLOCK: usize = 3;

/// Runs `run`, which runs the answer in the world it is handed (the
/// simulated world, its thread watched: `Mode::Watched`), and turns a
/// panic into a failure, and a block of the thread into the failure that
/// names it (see the module's doc). `when` says which case was running, as
/// a message begins: "When the index page is missing".
pub(crate) fn attempt<T: OneRun>(when: &str, run: impl Fn(&Mode) -> T) -> Result<T, Failure> {
    let mut seen: Vec<(T, Vec<Block>)> = Vec::new();
    for _ in 0..RUNS_FOR_A_BLOCK {
        let ran = caught(when, || run(&Mode::Watched))?;
        let blocks = blocked::blocks(&ran.run().trace);
        if blocks.is_empty() {
            return Ok(ran);
        }
        if seen.iter().any(|(_, earlier)| same_place(earlier, &blocks)) {
            return Err(blocked_failure(when, ran.run(), &blocks));
        }
        seen.push((ran, blocks));
    }
    // Blocks that never came back at the same place are the machine's:
    // judge the last run as it is.
    let (ran, _) = seen.pop().expect("at least one run");
    Ok(ran)
}

/// Whether two runs blocked at the same places: the same first block, in
/// the same place of the trace.
fn same_place(one: &[Block], other: &[Block]) -> bool {
    match (one.first(), other.first()) {
        (Some(a), Some(b)) => (a.index, a.place, &a.lane) == (b.index, b.place, &b.lane),
        _ => false,
    }
}

/// Runs `run`, which runs the answer, and turns a panic into a failure.
fn caught<T>(when: &str, run: impl FnOnce() -> T) -> Result<T, Failure> {
    install_quiet_hook();
    let was_answering = ANSWERING.replace(true);
    PANICKED_AT.set(None);
    let result = panic::catch_unwind(AssertUnwindSafe(run));
    ANSWERING.set(was_answering);
    result.map_err(|payload| {
        let message = panic_message(&*payload);
        if message.starts_with("not yet implemented") {
            return Failure::NotStarted;
        }
        let place = PANICKED_AT
            .take()
            .map(|place| format!(" at {place}"))
            .unwrap_or_default();
        Failure::wrong(
            format!(
                "{when}, your code panicked{place}: {message}. A panic stops the whole \
                 program; pass errors on instead (with `?`, or to the continuation)."
            ),
            None,
        )
    })
}

/// What the verdict says where the thread cannot be watched.
const NOT_WATCHED: &str = "Whether your code blocks the thread (a `std::thread::sleep` in a \
    task, say) was not checked: the checker reads that from the kernel, on Linux only.";

/// The failure of a run whose thread blocked: where, about how long, and
/// why it matters.
fn blocked_failure(when: &str, run: &Run, blocks: &[Block]) -> Failure {
    let first = &blocks[0];
    let place = match first.place {
        Place::Poll => format!("inside a poll of `{}`", first.lane),
        Place::Callback => format!("inside a callback of `{}`", first.lane),
        Place::Wake => format!("inside the `wake` of {}", first.lane),
    };
    let between = match first.place {
        Place::Wake => format!(", at {}", ms(first.at)),
        Place::Poll | Place::Callback => between(&run.trace, first),
    };
    let more = match &blocks[1..] {
        [] => String::new(),
        rest => {
            let all: Duration = blocks.iter().map(|block| block.about).sum();
            format!(
                ", and {} more (about {} in all)",
                count(rest.len(), "time", "times"),
                real_ms(all)
            )
        }
    };
    let advice = match first.place {
        Place::Poll => {
            "A task that blocks holds the thread, and every other task on it waits \
             too; the simulated clock cannot see it, but the kernel can. Wait with \
             `.await` (`sleep(duration).await`), and hand blocking work to \
             `spawn_blocking`."
        }
        Place::Callback => {
            "A callback that blocks holds up the whole loop: no other callback, \
             timer or socket is served meanwhile. Set a timer and carry on in its \
             callback instead (`sleep(lp, duration, then)`)."
        }
        Place::Wake => {
            "`wake` may be called from anywhere, from inside a poll or a timer's \
             callback, and everything waits while it runs: it should only put the \
             task back on the queue, and return."
        }
    };
    let message = format!(
        "{when}, your code blocked the thread for about {} {place}{between}{more}. {advice}",
        real_ms(first.about)
    );
    wrong(message, run)
}

/// `30 ms`: a wall-clock time, as measured, in whole milliseconds.
fn real_ms(time: Duration) -> String {
    format!("{} ms", time.as_millis().max(1))
}

/// Where on its lane `block` happened, between which waits: `, between the
/// fetches of index and poem`, `, after the fetch of index came back`.
fn between(trace: &Trace, block: &Block) -> String {
    let on_lane = |event: &Event| **event.lane() == *block.lane;
    let waits = |events: &[Event]| -> Vec<(String, Duration, Duration)> {
        events
            .iter()
            .filter(|event| on_lane(event))
            .filter_map(|event| match event {
                Event::Span {
                    start,
                    end,
                    label,
                    kind: SpanKind::Wait,
                    ..
                } => Some((label.trim_end_matches(CANCELLED).to_owned(), *start, *end)),
                _ => None,
            })
            .collect()
    };
    let before = waits(&trace.events[..block.index])
        .into_iter()
        .filter(|(_, _, end)| *end <= block.at)
        .max_by_key(|(_, _, end)| *end);
    let after = waits(&trace.events[block.index + 1..]).into_iter().next();
    fn fetched(label: &str) -> Option<&str> {
        label.strip_prefix("fetch ").map(page_name)
    }
    match (&before, &after) {
        (Some((a, ..)), Some((b, ..))) => match (fetched(a), fetched(b)) {
            (Some(a), Some(b)) => format!(", between the fetches of {a} and {b}"),
            _ => format!(", between {} and {}", wait_name(a), wait_name(b)),
        },
        (Some((a, ..)), None) => format!(", after {} was over", wait_name(a)),
        (None, Some((b, ..))) => format!(", before {} began", wait_name(b)),
        (None, None) => format!(", at {}", ms(block.at)),
    }
}

/// A wait as a message names it: `the fetch of index`, `` `sleep 50 ms` ``.
fn wait_name(label: &str) -> String {
    match label.strip_prefix("fetch ") {
        Some(url) => format!("the fetch of {}", page_name(url)),
        None => format!("`{label}`"),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

/// A source path as a student knows it: `src/bin/../../exercises/x.rs`
/// becomes `exercises/x.rs`.
pub(crate) fn tidy_path(file: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(file).components() {
        match component {
            Component::ParentDir if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_str().unwrap_or_default()),
        }
    }
    parts.join("/")
}

/// `120 ms`: a virtual time as the messages say it.
pub(crate) fn ms(time: Duration) -> String {
    format!("{} ms", format_ms(time, Clock::Virtual))
}

/// `a, b and c`.
pub(crate) fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// `5, 4 and 3`: numbers as the messages list them.
pub(crate) fn numbers(values: &[u32]) -> String {
    let shown: Vec<String> = values.iter().map(u32::to_string).collect();
    and_list(&shown)
}

/// `“text”`: a string from the student's code or from a server, quoted,
/// with what would not show made visible: line breaks and tabs as `\n` and
/// `\t`, other control and zero-width characters as `\u{..}`. An address
/// with a line break at its end then looks different from the one without.
pub(crate) fn quoted(text: &str) -> String {
    format!("“{}”", visible(text))
}

/// `text` with what would not show made visible, as in [`quoted`].
fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let invisible = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}');
        if invisible {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with its first letter small: a sentence continued after a
/// comma.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `1 line`, `2 lines`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// Fails if anything happened in `run` after `end`, the moment the answer
/// was over (it returned, or called its last continuation, or its consumer
/// stopped): work left running shows in the trace, since the simulated
/// world runs on until nothing is left to happen. `over` says what ended
/// then, as a message goes on after "{when}, ": "your board was returned
/// at 200 ms". `advice` says what to do about it.
pub(crate) fn check_nothing_after(
    when: &str,
    run: &Run,
    end: Duration,
    over: &str,
    advice: &str,
) -> Checked {
    let trace = &run.trace;
    if trace.total <= end {
        return Ok(());
    }
    let stopped = trace.events.iter().any(|event| {
        matches!(event, Event::Note { lane, text, .. }
            if **lane == *STOPPED_LANE && text.starts_with(STOPPED))
    });
    let after: Vec<String> = trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Span {
                end: until,
                lane,
                label,
                ..
            } if *until > end => Some(format!("{label} on `{lane}` until {}", ms(*until))),
            Event::Note { at, lane, text } if *at > end && **lane != *STOPPED_LANE => {
                Some(format!("{} on `{lane}` at {}", quoted(text), ms(*at)))
            }
            _ => None,
        })
        .collect();
    let mut shown: Vec<String> = after.iter().take(3).cloned().collect();
    if after.len() > 3 {
        shown.push(format!("{} more", after.len() - 3));
    }
    let what = if shown.is_empty() {
        String::new()
    } else {
        format!(" ({})", and_list(&shown))
    };
    let how_long = if stopped {
        format!(
            "and was still going {} after that, when the checker stopped it{what}",
            ms(RUN_ON)
        )
    } else {
        format!("until {}{what}", ms(trace.total))
    };
    let message = format!("{when}, {over}, but the program went on {how_long}. {advice}");
    Err(wrong(message.trim_end().to_owned(), run))
}

/// The CPU time in `trace`, on every lane: what the code held the thread
/// for, computing or blocked (`thread::sleep`), as `(pieces, time)`.
pub(crate) fn cpu_held(trace: &Trace) -> (usize, Duration) {
    (trace.spans())
        .filter(|span| span.kind == SpanKind::Cpu)
        .map(|span| span.took())
        .fold((0, Duration::ZERO), |(n, total), took| {
            (n + 1, total + took)
        })
}

/// One fetch the trace recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fetch {
    pub(crate) url: String,
    pub(crate) start: Duration,
    pub(crate) end: Duration,
    /// Whether it was dropped before it came back.
    pub(crate) cancelled: bool,
}

/// What the trace adds to the label of a wait that was dropped.
const CANCELLED: &str = " (cancelled)";

/// Every fetch in `trace`, in the order they began.
pub(crate) fn fetches(trace: &Trace) -> Vec<Fetch> {
    (trace.spans())
        .filter_map(|span| {
            let url = span.label.strip_prefix("fetch ")?;
            let (url, cancelled) = match url.strip_suffix(CANCELLED) {
                Some(url) => (url, true),
                None => (url, false),
            };
            Some(Fetch {
                url: url.to_owned(),
                start: span.start,
                end: span.end,
                cancelled,
            })
        })
        .collect()
}

/// The most fetches under way at once in `trace`, and when that was.
pub(crate) fn most_at_once(trace: &Trace) -> (usize, Duration) {
    let fetched = fetches(trace);
    fetched
        .iter()
        .map(|fetch| {
            let under_way = fetched
                .iter()
                .filter(|other| other.start <= fetch.start && fetch.start < other.end)
                .count();
            (under_way, fetch.start)
        })
        .max_by_key(|(under_way, at)| (*under_way, std::cmp::Reverse(*at)))
        .unwrap_or_default()
}

/// A wait that began later in an answer's run than in the reference's.
#[derive(Clone, Debug)]
pub(crate) struct LateWait {
    /// What waited, as a message says it: `the fetch of sports`, or
    /// `` the wait `sleep 50 ms` ``.
    pub(crate) what: String,
    /// When it began in the answer's run.
    pub(crate) began: Duration,
    /// When it begins in the reference's.
    pub(crate) should: Duration,
    /// `, when news had come back`: the wait of the answer that ended as
    /// it began, if one did.
    pub(crate) after: String,
}

/// The first wait of `run` (in the order they began) that began later
/// than the same wait of `reference`: waits are matched by what they wait
/// for, the first fetch of a page with its first fetch, and so on.
pub(crate) fn late_wait(run: &Trace, reference: &Trace) -> Option<LateWait> {
    let waits = |trace: &Trace| -> Vec<(String, Duration, Duration)> {
        (trace.waits(""))
            .map(|span| {
                let label = span.label.trim_end_matches(CANCELLED).to_owned();
                (label, span.start, span.end)
            })
            .collect()
    };
    let (got, want) = (waits(run), waits(reference));
    let mut matched = vec![false; want.len()];
    for (label, start, _) in &got {
        let Some(i) = (0..want.len()).find(|&i| !matched[i] && want[i].0 == *label) else {
            continue;
        };
        matched[i] = true;
        if *start <= want[i].1 {
            continue;
        }
        let name = |label: &str| match label.strip_prefix("fetch ") {
            Some(url) => page_name(url).to_owned(),
            None => format!("`{label}`"),
        };
        let after = got
            .iter()
            .find(|(other, _, end)| end == start && other != label)
            .map(|(other, ..)| match other.strip_prefix("fetch ") {
                Some(url) => format!(", when {} had come back", page_name(url)),
                None => format!(", when `{other}` was over"),
            })
            .unwrap_or_default();
        let what = match label.strip_prefix("fetch ") {
            Some(_) => format!("the fetch of {}", name(label)),
            None => format!("the wait {}", name(label)),
        };
        return Some(LateWait {
            what,
            began: *start,
            should: want[i].1,
            after,
        });
    }
    None
}

impl LateWait {
    /// `The fetch of sports began at 120 ms, when news had come back; in
    /// the blocking program it begins at 40 ms.` `reference` names the
    /// reference as the sentence does.
    pub(crate) fn sentence(&self, reference: &str) -> String {
        let what = self.what[..1].to_uppercase() + &self.what[1..];
        format!(
            "{what} began at {}{}; in {reference} it begins at {}.",
            ms(self.began),
            self.after,
            ms(self.should)
        )
    }
}

/// The times of the notes written on `lane`.
pub(crate) fn notes_on(trace: &Trace, lane: &str) -> Vec<Duration> {
    trace
        .events
        .iter()
        .filter_map(|event| match event {
            Event::Note { at, lane: on, .. } if &**on == lane => Some(*at),
            _ => None,
        })
        .collect()
}

/// What one run of a function gave: its value and the moment it returned
/// (`None` if it never did), and the whole run.
pub(crate) struct Returned<T> {
    pub(crate) value: Option<(T, Duration)>,
    pub(crate) run: Run,
}

impl<T> Returned<T> {
    /// The value and when it came, or a failure saying that `what`
    /// ("your function") never returned, `when` (a case) beginning it.
    pub(crate) fn got(&self, when: &str, what: &str) -> Result<(&T, &Duration), Failure> {
        match &self.value {
            Some((value, at)) => Ok((value, at)),
            None => Err(wrong(format!("{when}, {what} never returned."), &self.run)),
        }
    }

    /// The reference's value and when it came: a reference always returns.
    pub(crate) fn reference(&self) -> (&T, &Duration) {
        let (value, at) = self.value.as_ref().expect("the reference returns");
        (value, at)
    }
}

/// Runs the async function `answer` makes as the main task, in the world
/// of `mode` on `scenario`, and notes in the trace when it returns.
/// One that has not returned after [`RUN_ON`] of virtual time is stopped
/// and said so: it would otherwise wait, or loop on its waits, for ever.
pub(crate) fn run_async<T: 'static, F: Future<Output = T>>(
    mode: &Mode,
    scenario: &Scenario,
    answer: impl FnOnce() -> F,
) -> Returned<T> {
    let slot = Rc::new(RefCell::new(None));
    let filled = Rc::clone(&slot);
    let run = threeways_async::run_program(mode, scenario, move || async move {
        match tokio::time::timeout(RUN_ON, answer()).await {
            Ok(value) => {
                threeways_async::trace::note("returned".to_owned());
                *filled.borrow_mut() = Some((value, threeways_async::time::now()));
            }
            Err(_elapsed) => {
                let stopped = threeways_sim::stopped_note(false, "your function");
                threeways_async::trace::note(stopped);
            }
        }
        Ok(Vec::new())
    });
    let value = slot.borrow_mut().take();
    Returned { value, run }
}

/// Runs the blocking function `reference` as the main thread, in the
/// world of `mode` on `scenario`.
pub(crate) fn run_blocking<T>(
    mode: &Mode,
    scenario: &Scenario,
    reference: impl FnOnce() -> T,
) -> Returned<T> {
    let mut value = None;
    let run = threeways_blocking::run_program(mode, scenario, || {
        let returned = reference();
        threeways_blocking::note!("returned");
        value = Some((returned, threeways_blocking::cpu::now()));
        Ok(Vec::new())
    });
    Returned { value, run }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::{Instrument, info_span};

    #[test]
    fn paths_are_shown_as_students_know_them() {
        assert_eq!(
            tidy_path("crates/exercises/src/bin/../../exercises/x.rs"),
            "crates/exercises/exercises/x.rs"
        );
        assert_eq!(
            tidy_path("crates/exercises/tests/../solutions/x.rs"),
            "crates/exercises/solutions/x.rs"
        );
        assert_eq!(tidy_path("../x.rs"), "../x.rs");
    }

    #[test]
    fn quotes_show_what_would_not_show() {
        assert_eq!(quoted("a b"), "“a b”");
        assert_eq!(quoted("x.txt\n"), "“x.txt\\n”");
        assert_eq!(quoted("\tzero\u{200b}width"), "“\\tzero\\u{200b}width”");
        assert_eq!(quoted("“é”"), "““é””");
    }

    #[test]
    fn a_trace_shown_with_a_failure_keeps_each_event_on_its_line() {
        let recorder = threeways_model::Recorder::new();
        let lane = threeways_model::Lane::from("main");
        recorder.note(Duration::ZERO, &lane, "fetching x.txt\n");
        let trace = recorder.finish(Duration::ZERO, Clock::Virtual, 1);
        let Failure::Wrong { trace, .. } = wrong_in(String::new(), &trace) else {
            unreachable!()
        };
        assert_eq!(
            trace.as_deref(),
            Some("0 ms  main  fetching x.txt\\n\ntotal: 0 ms (virtual), 1 thread\n")
        );
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(numbers(&[]), "nothing");
        assert_eq!(numbers(&[5]), "5");
        assert_eq!(numbers(&[5, 4, 3]), "5, 4 and 3");
        assert_eq!(ms(Duration::from_millis(120)), "120 ms");
    }

    #[test]
    fn every_failing_case_is_said_once_and_a_todo_stops_the_judge() {
        let said = |text: &str| Err(Failure::wrong(text.to_owned(), None));
        let verdict = judge(|judge| {
            judge.case(|judge| {
                judge.pass("one passes".to_owned());
                Ok(())
            })?;
            judge.case(|_| said("late"))?;
            judge.case(|_| said("left a file"))?;
            judge.case(|_| said("late"))?;
            judge.case(|_| Err(Failure::NotStarted))?;
            judge.case(|_| said("never checked"))
        });
        assert_eq!(verdict.passed, ["one passes"]);
        assert_eq!(verdict.message(), Some("late"));
        assert_eq!(verdict.more, ["left a file"]);
    }

    /// A run of the simulated world in which a task spawned by `main`
    /// sleeps 2 ms on the wall clock (`std::thread::sleep`), between two
    /// waits, if `sleeps` says so; watched as `mode` says.
    fn sleeping(mode: &Mode, sleeps: bool) -> Run {
        let scenario = Scenario {
            pages: vec![threeways_model::Page::new("http://example.com/a", "a", 20)],
            ..Scenario::default()
        };
        threeways_async::run_program(mode, &scenario, || async move {
            let task = threeways_async::task::spawn(
                async move {
                    let page = threeways_async::io::fetch("http://example.com/a").await;
                    if sleeps {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    threeways_async::time::sleep(Duration::from_millis(10)).await;
                    page.map(|_| ())
                }
                .instrument(info_span!("task")),
            );
            task.await.expect("no panic")?;
            Ok(Vec::new())
        })
    }

    /// A 2 ms sleep in an async task is caught, whatever the load:
    /// `.ci/blocked-under-load` runs this 20 times with a core kept busy.
    #[test]
    fn a_thread_that_blocks_is_named_when_the_block_comes_back() {
        if !blocked::available() {
            return;
        }
        // Unwatched, the sleep is not seen: the chapters run so.
        let unwatched = sleeping(&Mode::Simulated, true);
        assert!(blocked::blocks(&unwatched.trace).is_empty());
        let Err(failure) = attempt("When testing", |mode| sleeping(mode, true)) else {
            panic!("a sleep in a poll passes");
        };
        let message = failure.message().unwrap_or_default();
        assert!(
            message.starts_with("When testing, your code blocked the thread for about "),
            "{message}"
        );
        let place = " inside a poll of `task`, between the fetch of a and `sleep 10 ms`. ";
        assert!(message.contains(place), "{message}");
        // A block the next run does not repeat is the machine's, not the
        // code's: the clean run is judged.
        let runs = Cell::new(0);
        let ran = attempt("When testing", |mode| {
            runs.set(runs.get() + 1);
            sleeping(mode, runs.get() == 1)
        });
        assert_eq!(runs.get(), 2);
        assert!(ran.is_ok_and(|run| blocked::blocks(&run.trace).is_empty()));
    }

    #[test]
    fn a_todo_is_not_started_and_other_panics_say_where() {
        let not_started = caught("When testing", || -> u32 { todo!("later") });
        assert_eq!(not_started, Err(Failure::NotStarted));
        let panicked = caught("When testing", || -> u32 { panic!("boom") });
        let Err(Failure::Wrong { message, .. }) = panicked else {
            panic!("{panicked:?}")
        };
        assert!(
            message
                .starts_with("When testing, your code panicked at crates/exercises/src/judge.rs:"),
            "{message}"
        );
        assert!(message.contains(": boom."), "{message}");
        assert_eq!(caught("When testing", || 7), Ok(7));
    }
}
