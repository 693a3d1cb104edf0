//! Judges for the `ticker` chapter: producers of values over time, and how
//! they stop.
//!
//! The answer's consumer records each value with the time it came. The
//! blocking iterator (`crate::blocking::Countdown`, `Evens`), consumed the
//! same way, says which values should come when, and when the producer
//! should be over. A stream is read with a budget of virtual time and of
//! values, so one that never ends is reported instead of running forever.
//!
//! The cases vary what an answer cannot see: two delays and two counts, so
//! that no constant fits both; a consumer that stops early, after which
//! nothing may go on (the simulated world runs on after the end, so a
//! producer left ticking shows); and, for streams, a slow consumer, which a
//! stream must not run ahead of.

use crate::blocking::{Countdown, Evens};
use crate::judge::{
    BLOCKING, Checked, Judge, and_list, attempt, check_nothing_after, judge, ms, numbers, wrong,
    wrong_beside,
};
use crate::registry::Kind;
use crate::verdict::Verdict;
use futures::{Stream, StreamExt};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;
use threeways_callbacks::EventLoop;
use threeways_callbacks::chapters::ticker::OnTick;
use threeways_model::{Run, Scenario};
use threeways_world::Mode;

/// How long most producers here wait before each value.
const DELAY: Duration = Duration::from_millis(100);
/// Another delay, for another count, so that no constant fits both: with
/// no step in common with `DELAY`.
const OTHER_DELAY: Duration = Duration::from_millis(73);
/// How long the slow consumer takes over each value.
const SLOW: Duration = Duration::from_millis(150);
/// How much virtual time a stream gets before it is declared endless.
const TIME_BUDGET: Duration = Duration::from_secs(10);
/// How many values a stream may give before it is declared endless (for a
/// stream that never waits, whose clock never reaches the time budget).
const VALUE_BUDGET: usize = 1000;

/// One way to consume a producer.
struct Case {
    /// How a message begins: "Reading countdown(5, 100 ms) to the end".
    when: String,
    /// The producer's arguments: where a countdown starts, the limit of
    /// evens; and the delay before each value.
    from: u32,
    delay: Duration,
    /// How many values the consumer takes before it stops; `None` to read
    /// to the end.
    take: Option<usize>,
    /// How long the consumer takes over each value before it asks for the
    /// next; zero for a consumer that asks at once.
    pause: Duration,
    /// Whether the producer pushes its values (callbacks) rather than being
    /// pulled (a stream).
    pushed: bool,
}

impl Case {
    /// A stream, read to the end or until `take` values have come.
    fn pulled(function: &str, from: u32, delay: Duration, take: Option<usize>) -> Case {
        let name = format!("{function}({from}, {})", ms(delay));
        let when = match take {
            None => format!("Reading {name} to the end"),
            Some(n) => format!("Taking the first {n} values of {name}"),
        };
        Case {
            when,
            from,
            delay,
            take,
            pause: Duration::ZERO,
            pushed: false,
        }
    }

    /// A stream read to the end by a consumer that takes [`SLOW`] over
    /// each value.
    fn slowly(function: &str, from: u32, delay: Duration) -> Case {
        let when = format!(
            "Reading {function}({from}, {}) with a consumer that takes {} over each value",
            ms(delay),
            ms(SLOW)
        );
        Case {
            when,
            pause: SLOW,
            ..Case::pulled(function, from, delay, None)
        }
    }

    /// A callback producer, whose consumer says `Break` after `take` values.
    fn pushed(function: &str, from: u32, delay: Duration, take: Option<usize>) -> Case {
        let name = format!("{function}({from}, {})", ms(delay));
        let when = match take {
            None => format!("With a consumer that takes every value of {name}"),
            Some(n) => format!("With a consumer that says `Break` after {n} values of {name}"),
        };
        Case {
            when,
            from,
            delay,
            take,
            pause: Duration::ZERO,
            pushed: true,
        }
    }
}

/// What a consumer saw.
#[derive(Debug, Default)]
struct Seen {
    /// Each value, with the time it came.
    values: Vec<(u32, Duration)>,
    /// When the producer was over: it said so (`on_done`, `None`), or the
    /// consumer stopped. `None` if neither happened.
    over: Option<Duration>,
    /// Values pushed after the consumer said `Break`.
    after_break: Vec<(u32, Duration)>,
    /// A stream that was still producing when its budget ran out.
    endless: bool,
    /// A stream that neither gave a value nor ended for the whole budget.
    stuck: bool,
}

/// The blocking iterator, consumed as `case` says.
fn consume_blocking(mode: &Mode, case: &Case, iterator: impl Iterator<Item = u32>) -> (Seen, Run) {
    let mut seen = Seen::default();
    let run = threeways_blocking::run_program(mode, &Scenario::default(), || {
        for value in iterator.take(case.take.unwrap_or(usize::MAX)) {
            seen.values.push((value, threeways_blocking::cpu::now()));
            if !case.pause.is_zero() {
                threeways_blocking::thread::sleep(case.pause);
            }
        }
        seen.over = Some(threeways_blocking::cpu::now());
        Ok(Vec::new())
    });
    (seen, run)
}

/// The countdown of `ticker-callbacks`, pushing values into a consumer that
/// says `Break` after `case.take` of them.
fn consume_pushed(
    mode: &Mode,
    case: &Case,
    answer: &impl Fn(&mut EventLoop, u32, Duration, OnTick, Box<dyn FnOnce(&mut EventLoop)>),
) -> (Seen, Run) {
    let seen = Rc::new(RefCell::new(Seen::default()));
    let (on_tick_seen, on_done_seen) = (Rc::clone(&seen), Rc::clone(&seen));
    let take = case.take;
    let run = threeways_callbacks::run_program(mode, &Scenario::default(), |lp, finish| {
        let on_value: OnTick = Box::new(move |lp: &mut EventLoop, value| {
            let mut seen = on_tick_seen.borrow_mut();
            if take.is_some_and(|take| seen.values.len() >= take) {
                lp.note(format!("consumer: got {value} after it said Break"));
                seen.after_break.push((value, lp.now()));
                return ControlFlow::Break(());
            }
            lp.note(format!("consumer: got {value}"));
            seen.values.push((value, lp.now()));
            if take.is_some_and(|take| seen.values.len() >= take) {
                lp.note("consumer: Break".to_owned());
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let on_done = Box::new(move |lp: &mut EventLoop| {
            lp.note("on_done".to_owned());
            on_done_seen.borrow_mut().over = Some(lp.now());
            finish(lp, Ok(Vec::new()));
        });
        answer(lp, case.from, case.delay, on_value, on_done);
    });
    let seen = seen.take();
    (seen, run)
}

/// A stream, read as `case` says, within the budgets.
fn consume_stream<S: Stream<Item = u32>>(
    mode: &Mode,
    case: &Case,
    stream: impl FnOnce() -> S,
) -> (Seen, Run) {
    let seen = Rc::new(RefCell::new(Seen::default()));
    let slot = Rc::clone(&seen);
    let run = threeways_async::run_program(mode, &Scenario::default(), move || async move {
        let now = threeways_async::time::now;
        let mut seen = Seen::default();
        {
            let mut stream = pin!(stream());
            loop {
                if case.take.is_some_and(|take| seen.values.len() >= take) {
                    threeways_async::trace::note("consumer: stops".to_owned());
                    seen.over = Some(now());
                    break;
                }
                if seen.values.len() >= VALUE_BUDGET || now() >= TIME_BUDGET {
                    seen.endless = true;
                    break;
                }
                let left = TIME_BUDGET.saturating_sub(now());
                match tokio::time::timeout(left, stream.next()).await {
                    Ok(Some(value)) => {
                        threeways_async::trace::note(format!("consumer: got {value}"));
                        seen.values.push((value, now()));
                        if !case.pause.is_zero() {
                            threeways_async::time::sleep(case.pause).await;
                        }
                    }
                    Ok(None) => {
                        threeways_async::trace::note("consumer: the stream ended".to_owned());
                        seen.over = Some(now());
                        break;
                    }
                    Err(_) => {
                        seen.stuck = true;
                        break;
                    }
                }
            }
        } // the stream is dropped here, as a consumer that stops drops it
        *slot.borrow_mut() = seen;
        Ok(Vec::new())
    });
    let seen = seen.take();
    (seen, run)
}

/// Judges `ticker-callbacks`: `countdown(lp, from, delay, on_value, on_done)`.
pub fn ticker_callbacks(
    answer: impl Fn(&mut EventLoop, u32, Duration, OnTick, Box<dyn FnOnce(&mut EventLoop)>),
) -> Verdict {
    judge(|judge| {
        let cases = [
            Case::pushed("countdown", 5, DELAY, None),
            Case::pushed("countdown", 5, DELAY, Some(2)),
            Case::pushed("countdown", 3, OTHER_DELAY, None),
            Case::pushed("countdown", 0, DELAY, None),
        ];
        for case in cases {
            judge.case(|judge| {
                let want = consume_blocking(
                    &Mode::Simulated,
                    &case,
                    Countdown::new(case.from, case.delay),
                );
                let got = attempt(&case.when, |mode| consume_pushed(mode, &case, &answer))?;
                check_pushed(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Judges `ticker-stream`: `countdown(from, delay)` as a `Stream`.
pub fn ticker_stream<S: Stream<Item = u32>>(answer: impl Fn(u32, Duration) -> S) -> Verdict {
    judge(|judge| {
        let cases = [
            Case::pulled("countdown", 5, DELAY, None),
            Case::pulled("countdown", 5, DELAY, Some(2)),
            Case::pulled("countdown", 3, OTHER_DELAY, None),
            Case::slowly("countdown", 3, OTHER_DELAY),
            Case::pulled("countdown", 0, DELAY, None),
        ];
        for case in cases {
            judge.case(|judge| {
                let want = consume_blocking(
                    &Mode::Simulated,
                    &case,
                    Countdown::new(case.from, case.delay),
                );
                let got = attempt(&case.when, |mode| {
                    consume_stream(mode, &case, || answer(case.from, case.delay))
                })?;
                check_pulled(judge, Kind::Convert, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Judges `bug-endless-stream`: `evens(limit, delay)` as a `Stream`.
pub fn bug_endless_stream<S: Stream<Item = u32>>(answer: impl Fn(u32, Duration) -> S) -> Verdict {
    judge(|judge| {
        let cases = [
            Case::pulled("evens", 8, DELAY, None),
            Case::pulled("evens", 7, DELAY, None),
            Case::pulled("evens", 1, DELAY, None),
            Case::pulled("evens", 5, OTHER_DELAY, None),
            Case::slowly("evens", 5, OTHER_DELAY),
            Case::pulled("evens", 0, DELAY, None),
        ];
        for case in cases {
            judge.case(|judge| {
                let want =
                    consume_blocking(&Mode::Simulated, &case, Evens::new(case.from, case.delay));
                let got = attempt(&case.when, |mode| {
                    consume_stream(mode, &case, || answer(case.from, case.delay))
                })?;
                check_pulled(judge, Kind::FindTheBug, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn values(seen: &Seen) -> Vec<u32> {
    seen.values.iter().map(|(value, _)| *value).collect()
}

fn times(seen: &Seen) -> String {
    let times: Vec<String> = seen.values.iter().map(|(_, at)| ms(*at)).collect();
    and_list(&times)
}

/// `5 at 100 ms, 4 at 200 ms`.
fn values_at(seen: &Seen) -> String {
    let shown: Vec<String> = seen
        .values
        .iter()
        .map(|(value, at)| format!("{value} at {}", ms(*at)))
        .collect();
    and_list(&shown)
}

/// Fails if the values or their times differ from the blocking ones, run
/// in `reference`. `tip` is what to do when nothing waited at all.
fn check_values(
    case: &Case,
    seen: &Seen,
    (want, reference): (&Seen, &Run),
    run: &Run,
    tip: &str,
) -> Checked {
    let when = &case.when;
    let (got_values, want_values) = (values(seen), values(want));
    if got_values != want_values {
        let gave = if got_values.is_empty() {
            "nothing".to_owned()
        } else {
            numbers(&got_values)
        };
        let should = if want_values.is_empty() {
            "nothing".to_owned()
        } else {
            numbers(&want_values)
        };
        let message = if case.pushed {
            format!("{when}, the consumer got {gave}; it should get {should}.")
        } else {
            format!("{when}, it gave {gave}; it should give {should}.")
        };
        return Err(wrong(message, run));
    }
    if seen.values == want.values {
        return Ok(());
    }
    let early = seen
        .values
        .iter()
        .zip(&want.values)
        .any(|((_, at), (_, want_at))| at < want_at);
    let message = if seen.values.iter().all(|(_, at)| at.is_zero()) {
        format!("{when}, every value came at 0 ms: nothing waited. {tip}")
    } else if !case.pause.is_zero() && early {
        format!(
            "{when}, the values came at {}; they should come at {}: a stream makes its next \
             value only when the consumer asks for it, and waits `delay` then. This consumer \
             asks {} after each value; a value made ahead, while the consumer was busy, comes \
             too early.",
            times(seen),
            times(want),
            ms(case.pause)
        )
    } else {
        format!(
            "{when}, the values came at {}; they should come at {}: wait `delay` ({} here) \
             before each value, the first one included.",
            times(seen),
            times(want),
            ms(case.delay)
        )
    };
    Err(wrong_beside(message, run, reference, BLOCKING))
}

fn check_pushed(judge: &mut Judge, case: &Case, got: &(Seen, Run), want: &(Seen, Run)) -> Checked {
    let when = &case.when;
    let ((seen, run), (want_seen, reference)) = (got, want);
    if let Some((_, last)) = seen.after_break.last() {
        let n = seen.after_break.len();
        let times = if n == 1 { "time" } else { "times" };
        return Err(wrong(
            format!(
                "{when}, your countdown went on after the consumer said `Break`: it called \
                 `on_value` {n} more {times}, until {}. A producer that pushes must stop when the \
                 consumer tells it to.",
                ms(*last)
            ),
            run,
        ));
    }
    let Some(over) = seen.over else {
        return Err(wrong(
            format!(
                "{when}, `on_done` was never called: the consumer never learns that the \
                 countdown is over. Call it once the countdown ends: after the last value, or as \
                 soon as the consumer says `Break`."
            ),
            run,
        ));
    };
    check_values(
        case,
        seen,
        (want_seen, reference),
        run,
        "Set a timer with `sleep(lp, delay, ..)` before each value.",
    )?;
    let want_over = want_seen.over.expect("the blocking consumer finishes");
    if over != want_over {
        return Err(wrong_beside(
            format!(
                "{when}, `on_done` was called at {}; it should be called at {}, right after the \
                 last value.",
                ms(over),
                ms(want_over)
            ),
            run,
            reference,
            BLOCKING,
        ));
    }
    check_nothing_after(
        when,
        run,
        over,
        &format!("`on_done` was called at {}", ms(over)),
        "Once the countdown is over, it must set no more timers.",
    )?;
    judge.pass(if seen.values.is_empty() {
        format!("{when}, no value comes and `on_done` is called at once.")
    } else {
        format!(
            "{when}, the consumer gets {}, `on_done` is called at {}, and nothing goes on after \
             that.",
            values_at(seen),
            ms(over)
        )
    });
    Ok(())
}

fn check_pulled(
    judge: &mut Judge,
    kind: Kind,
    case: &Case,
    got: &(Seen, Run),
    want: &(Seen, Run),
) -> Checked {
    let when = &case.when;
    let ((seen, run), (want_seen, reference)) = (got, want);
    if seen.endless {
        let mut first: Vec<String> = values(seen).iter().take(6).map(u32::to_string).collect();
        first.push("…".to_owned());
        return Err(wrong(
            format!(
                "{when}, it was still producing after {} s of virtual time, {} values in ({}): \
                 it never returns `None`, so a consumer that reads it to the end never finishes.",
                run.trace.total.min(TIME_BUDGET).as_secs(),
                seen.values.len(),
                first.join(", ")
            ),
            run,
        ));
    }
    if seen.stuck {
        return Err(wrong(
            format!(
                "{when}, it gave {} and then, for {}, neither gave a value nor ended: it waits \
                 for something that never comes.",
                numbers(&values(seen)),
                ms(TIME_BUDGET)
            ),
            run,
        ));
    }
    check_values(
        case,
        seen,
        (want_seen, reference),
        run,
        &format!(
            "A future does nothing until it is awaited: did you forget `.await` after \
             `sleep(delay)`? {}",
            crate::thread::REAL_SLEEP
        ),
    )?;
    let over = seen.over.expect("a stream that is not endless is over");
    let want_over = want_seen.over.expect("the blocking consumer finishes");
    if over != want_over {
        return Err(wrong_beside(
            format!(
                "{when}, it ended at {}; it should end right after its last value, at {}.",
                ms(over),
                ms(want_over)
            ),
            run,
            reference,
            BLOCKING,
        ));
    }
    let ended = if case.take.is_some() {
        format!("the consumer stopped at {}", ms(over))
    } else {
        format!("the stream ended at {}", ms(over))
    };
    // A find-the-bug message stops at the symptom; the hint has the fix.
    let advice = match kind {
        Kind::Convert | Kind::Finish | Kind::Predict => {
            "A stream works only while its consumer asks for values: its waits belong in its \
             own steps, not in a task that produces by itself and goes on when nobody listens."
        }
        Kind::FindTheBug => "",
    };
    check_nothing_after(when, run, over, &ended, advice)?;
    judge.pass(match (seen.values.is_empty(), case.take) {
        (true, _) => format!("{when}, it ends at once, with no value."),
        (false, None) => format!("{when}, it gives {} and ends.", values_at(seen)),
        (false, Some(_)) => format!(
            "{when}, they come at {}, and nothing goes on once the consumer stops.",
            times(seen)
        ),
    });
    Ok(())
}
