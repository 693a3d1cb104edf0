//! Judges for the `comprehensions` chapter: a comprehension over values
//! that arrive over time, and an `await` inside a comprehension.
//!
//! - `odd-ticks-stream`: the first `n` odd ticks, as the blocking iterator
//!   chain takes them: the right values, at the right times, and not a tick
//!   read after the last one is in.
//! - `bug-await-in-loop` and `bug-lost-order`: the free names, checked at
//!   most `k` at a time and listed in the order of the names. The
//!   reference is the chapter's own `buffered` version; an answer may be
//!   faster (a free place taken at once, the order restored after), never
//!   slower, never with more than `k` checks under way, never out of order.

use crate::blocking;
use crate::judge::{
    BLOCKING, Checked, Judge, Returned, and_list, attempt, check_nothing_after, judge, late_wait,
    most_at_once, ms, numbers, quoted, run_async, run_blocking, wrong, wrong_beside,
};
use crate::verdict::Verdict;
use std::num::NonZeroUsize;
use std::time::Duration;
use threeways_model::{Error, Fault, Page, Scenario, user_url};
use threeways_world::Mode;

/// One run of the odd ticks.
struct Ticks {
    count: u32,
    delay: Duration,
    n: usize,
}

impl Ticks {
    fn when(&self) -> String {
        format!(
            "Taking {} odd values from a ticker of {} values, one every {}",
            self.n,
            self.count,
            ms(self.delay)
        )
    }
}

/// Judges `odd-ticks-stream`: `first_odd_ticks(count, delay, n).await`.
pub fn odd_ticks_stream(answer: impl AsyncFn(u32, Duration, usize) -> Vec<u32>) -> Verdict {
    judge(|judge| {
        for ticks in [
            Ticks {
                count: 10,
                delay: Duration::from_millis(100),
                n: 3,
            },
            // Only three odd values come: the ticker ends first. A delay
            // with no step in common with the first case's.
            Ticks {
                count: 6,
                delay: Duration::from_millis(73),
                n: 5,
            },
            Ticks {
                count: 8,
                delay: Duration::from_millis(50),
                n: 0,
            },
        ] {
            judge.case(|judge| {
                let scenario = Scenario::default();
                let Ticks { count, delay, n } = ticks;
                let want = run_blocking(&Mode::Simulated, &scenario, || {
                    blocking::first_odd_ticks(count, delay, n)
                });
                let got = attempt(&ticks.when(), |mode| {
                    run_async(mode, &scenario, || answer(count, delay, n))
                })?;
                check_ticks(judge, &ticks, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_ticks(
    judge: &mut Judge,
    ticks: &Ticks,
    got: &Returned<Vec<u32>>,
    want: &Returned<Vec<u32>>,
) -> Checked {
    let when = ticks.when();
    let (run, reference) = (&got.run, &want.run);
    let (want_values, want_at) = want.reference();
    let (values, at) = got.got(&when, "your function")?;
    if values != want_values {
        return Err(wrong(
            format!(
                "{when}, your function returned {}; it should return {}: the odd values, the \
                 first {} of them at most.",
                listed(values),
                listed(want_values),
                ticks.n
            ),
            run,
        ));
    }
    if at != want_at {
        let message = if at > want_at {
            format!(
                "{when}, your function returned at {}; it should stop reading the ticker at {}, \
                 once it has its {} values (or the ticker has ended). A comprehension over a \
                 stream reads it only as far as it must: filter, then `take(n)`, and collect \
                 what comes.",
                ms(*at),
                ms(*want_at),
                ticks.n
            )
        } else {
            format!(
                "{when}, your function returned at {}; the values are in only at {}.",
                ms(*at),
                ms(*want_at)
            )
        };
        return Err(wrong_beside(message, run, reference, BLOCKING));
    }
    check_nothing_after(
        &when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "Nothing should read the ticker once you have your values.",
    )?;
    judge.pass(format!(
        "{when}, your function returns {} at {}, and reads no tick after that.",
        listed(values),
        ms(*at)
    ));
    Ok(())
}

/// `[1, 3, 5]` as a message lists it: `1, 3 and 5`, or `nothing`.
fn listed(values: &[u32]) -> String {
    numbers(values)
}

/// The names of a case: each with its answer and how long the server
/// takes to give it.
struct Names {
    when: &'static str,
    users: Vec<(&'static str, &'static str, u64)>,
    k: usize,
}

impl Names {
    fn scenario(&self) -> Scenario {
        Scenario {
            pages: self
                .users
                .iter()
                .map(|(name, answer, millis)| {
                    let page = Page::new(user_url(name), *answer, *millis);
                    if *answer == "missing" {
                        page.failing(Fault::Status(404))
                    } else {
                        page
                    }
                })
                .collect(),
            ..Scenario::default()
        }
    }

    fn names(&self) -> Vec<String> {
        self.users
            .iter()
            .map(|(name, ..)| (*name).to_owned())
            .collect()
    }

    fn k(&self) -> NonZeroUsize {
        NonZeroUsize::new(self.k).expect("a case checks at least one at a time")
    }
}

fn name_cases() -> Vec<Names> {
    vec![
        Names {
            when: "With the chapter's five names, two at a time",
            users: vec![
                ("ada", "taken", 80),
                ("grace", "free", 150),
                ("alan", "taken", 60),
                ("edsger", "free", 120),
                ("barbara", "free", 90),
            ],
            k: 2,
        },
        Names {
            // Times with no step in common with the first case's.
            when: "With six other names, three at a time",
            users: vec![
                ("ken", "free", 197),
                ("dennis", "taken", 41),
                ("bjarne", "free", 73),
                ("guido", "free", 31),
                ("niklaus", "taken", 89),
                ("john", "free", 53),
            ],
            k: 3,
        },
        Names {
            when: "When the last name cannot be checked",
            users: vec![
                ("ada", "taken", 80),
                ("grace", "free", 150),
                ("alan", "missing", 60),
            ],
            k: 2,
        },
        Names {
            when: "With no names",
            users: vec![],
            k: 2,
        },
    ]
}

/// Judges `bug-await-in-loop`: `free_names(&names, k).await`.
pub fn bug_await_in_loop(
    answer: impl AsyncFn(&[String], NonZeroUsize) -> Result<Vec<String>, Error>,
) -> Verdict {
    judge_free_names(answer)
}

/// Judges `bug-lost-order`: the same function.
pub fn bug_lost_order(
    answer: impl AsyncFn(&[String], NonZeroUsize) -> Result<Vec<String>, Error>,
) -> Verdict {
    judge_free_names(answer)
}

/// The column of the reference in a side-by-side view.
const BUFFERED: &str = "the chapter's version";

fn judge_free_names(
    answer: impl AsyncFn(&[String], NonZeroUsize) -> Result<Vec<String>, Error>,
) -> Verdict {
    judge(|judge| {
        for case in name_cases() {
            judge.case(|judge| {
                let (scenario, names, k) = (case.scenario(), case.names(), case.k());
                let want = run_async(&Mode::Simulated, &scenario, || {
                    threeways_async::chapters::comprehensions::free_names_buffered(&names, k)
                });
                let got = attempt(case.when, |mode| {
                    run_async(mode, &scenario, || answer(&names, k))
                })?;
                check_free_names(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_free_names(
    judge: &mut Judge,
    case: &Names,
    got: &Returned<Result<Vec<String>, Error>>,
    want: &Returned<Result<Vec<String>, Error>>,
) -> Checked {
    let when = case.when;
    let (run, reference) = (&got.run, &want.run);
    let (want_result, want_at) = want.reference();
    let (result, at) = got.got(when, "your function")?;
    if result != want_result {
        return Err(wrong(names_mismatch(when, result, want_result, run), run));
    }
    let (at_once, since) = most_at_once(&run.trace);
    if at_once > case.k {
        return Err(wrong(
            format!(
                "{when}, your function had {at_once} checks under way at once (from {}); no more \
                 than {} may be: the server allows no more.",
                ms(since),
                case.k
            ),
            run,
        ));
    }
    if at > want_at {
        let mut message = format!(
            "{when}, your function returned at {}; checking {} at a time, the names are in by \
             {}.",
            ms(*at),
            case.k,
            ms(*want_at)
        );
        if let Some(late) = late_wait(&run.trace, &reference.trace) {
            message.push(' ');
            let sentence = late.sentence(BUFFERED);
            message.push_str(&sentence.replace("The fetch of", "The check of"));
        }
        if at_once == 1 && case.users.len() > 1 {
            message.push_str(" The checks took turns: one at a time.");
        }
        return Err(wrong_beside(message, run, reference, BUFFERED));
    }
    check_nothing_after(
        when,
        run,
        *at,
        &format!("your function returned at {}", ms(*at)),
        "No check should go on once the function has returned.",
    )?;
    judge.pass(match result {
        Ok(free) if free.is_empty() => format!("{when}, your function returns no names, at once."),
        Ok(free) => format!(
            "{when}, your function returns {} at {}, with at most {} checks under way at once.",
            and_list(free),
            ms(*at),
            case.k
        ),
        Err(error) => format!(
            "{when}, your function returns the error {}.",
            quoted(&error.to_string())
        ),
    });
    Ok(())
}

/// What is wrong with the names returned: another order, other names, or
/// an error where there should be none (or none where there should be).
fn names_mismatch(
    when: &str,
    result: &Result<Vec<String>, Error>,
    want: &Result<Vec<String>, Error>,
    run: &threeways_model::Run,
) -> String {
    let (free, want_free) = match (result, want) {
        (Ok(free), Ok(want_free)) => (free, want_free),
        (Ok(free), Err(error)) => {
            return format!(
                "{when}, your function returned {}; it should return the error {}.",
                and_list(free),
                quoted(&error.to_string())
            );
        }
        (Err(error), Ok(want_free)) => {
            return format!(
                "{when}, your function returned the error {}; it should return {}.",
                quoted(&error.to_string()),
                and_list(want_free)
            );
        }
        (Err(error), Err(want_error)) => {
            return format!(
                "{when}, your function returned the error {}; it should return the error {}.",
                quoted(&error.to_string()),
                quoted(&want_error.to_string())
            );
        }
    };
    let mut sorted = free.clone();
    let mut want_sorted = want_free.clone();
    sorted.sort();
    want_sorted.sort();
    if sorted != want_sorted {
        return format!(
            "{when}, your function returned {}; the free names are {}.",
            and_list(free),
            and_list(want_free)
        );
    }
    // The same names, in another order: which one?
    let answered: Vec<String> = {
        let mut checks = crate::judge::fetches(&run.trace);
        checks.sort_by_key(|check| check.end);
        checks
            .iter()
            .map(|check| threeways_model::page_name(&check.url).to_owned())
            .filter(|name| free.contains(name))
            .collect()
    };
    let order = if answered == *free {
        "in the order their checks came back"
    } else if free.is_sorted() {
        "in alphabetical order"
    } else {
        "in another order"
    };
    format!(
        "{when}, your function returned {} {order}; it should return them in the order of \
         `names`: {}.",
        and_list(free),
        and_list(want_free)
    )
}
