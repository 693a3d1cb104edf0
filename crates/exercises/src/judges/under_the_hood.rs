//! Judges for the `under-the-hood` chapter: a timer written as a future,
//! the `wake` of an executor, and a future written by hand.
//!
//! The answers run on our executor (`threeways_callbacks::executor`), or,
//! for `executor-wake`, are the executor, in the simulated world. Every
//! future a judge runs is wrapped in a [`Counted`] future, which counts its
//! polls and notes when it is done. So the judges can say what went wrong
//! in a future's life, not only in its result:
//!
//! - a future that answers `Pending` without handing its waker to anything
//!   is **polled once and never again**: our executor ends the run when
//!   nothing is left that could wake it (tokio would wait for ever);
//! - a future that wakes its own task every time it is polled (a busy wait)
//!   is stopped after [`POLL_BUDGET`] polls, and said so;
//! - a future that is ready at the wrong moment is caught by its time, and
//!   one written by hand is held to the trace of the `async fn` it stands
//!   for, line by line.

use crate::judge::{Checked, Judge, attempt, check_nothing_after, judge, ms, wrong};
use crate::verdict::{Failure, Verdict};
use futures::future::BoxFuture;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use threeways_async::io::fetch;
use threeways_async::time::sleep;
use threeways_async::{Executor, Polls};
use threeways_callbacks::executor;
use threeways_callbacks::time::Sleep;
use threeways_callbacks::{EventLoop, Handle};
use threeways_model::lock::lock;
use threeways_model::{Error, Page, Run, Scenario};
use threeways_world::Mode;

/// How often a future may be polled before a judge calls it a busy wait.
const POLL_BUDGET: usize = 1000;

/// What became of one future a judge ran.
#[derive(Clone, Debug, Default)]
struct Life {
    /// How often it was polled.
    polls: usize,
    /// When it returned `Ready`; `None` if it never did.
    done_at: Option<Duration>,
    /// Whether it was stopped at [`POLL_BUDGET`].
    busy: bool,
}

/// A future, and its [`Life`] as it goes.
struct Counted<F> {
    future: Pin<Box<F>>,
    life: Arc<Mutex<Life>>,
    /// The clock of the world it runs in.
    now: fn() -> Duration,
    /// For a task of a student's executor, its name: the waker it is
    /// polled with is the student's, and its wakes are watched for a thread
    /// that blocks (`threeways_sim::blocked`).
    wakes_of: Option<&'static str>,
}

impl<F: Future> Counted<F> {
    /// `future`, counted; the returned handle reads its life afterwards.
    fn new(future: F, now: fn() -> Duration) -> (Counted<F>, Arc<Mutex<Life>>) {
        let life = Arc::default();
        let counted = Counted {
            future: Box::pin(future),
            life: Arc::clone(&life),
            now,
            wakes_of: None,
        };
        (counted, life)
    }
}

impl<F: Future> Future for Counted<F> {
    /// `None` if the future was stopped as a busy wait.
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        {
            let mut life = lock(&self.life);
            life.polls += 1;
            if life.polls > POLL_BUDGET {
                life.busy = true;
                return Poll::Ready(None);
            }
        }
        let poll = match self.wakes_of {
            Some(task) => {
                let waker = executor::watched(cx.waker(), task);
                self.future.as_mut().poll(&mut Context::from_waker(&waker))
            }
            None => self.future.as_mut().poll(cx),
        };
        match poll {
            Poll::Pending => Poll::Pending,
            Poll::Ready(output) => {
                lock(&self.life).done_at = Some((self.now)());
                Poll::Ready(Some(output))
            }
        }
    }
}

/// `failure`, or, if it is a panic whose message has `panic_says` in it
/// (a panic the mistake causes, not the answer's own), `said` instead: the
/// mistake named, not the panic.
fn a_panic_said(failure: Failure, panic_says: &str, said: String) -> Failure {
    match failure {
        Failure::Wrong { message, trace, .. } if message.contains(panic_says) => {
            Failure::wrong(said, trace)
        }
        other => other,
    }
}

/// The time on the loop our executor runs.
fn loop_now() -> Duration {
    executor::handle().now()
}

/// How a future that was never polled again is said: after "its `poll`
/// returned `Pending`, and ...".
const NOTHING_WOKE_IT: &str = "nothing was left that would ever call its waker";

/// What a future's life says went wrong, if it did not end at `want`:
/// `what` names the future in the message ("the timer"); `stuck` says
/// why a future was never polled again.
fn check_life(
    when: &str,
    (what, stuck): (&str, &str),
    life: &Life,
    want: Duration,
    run: &Run,
    advice: &str,
) -> Checked {
    if life.busy {
        return Err(wrong(
            format!(
                "{when}, {what} was polled {POLL_BUDGET} times without the loop's clock moving \
                 on: it wakes its own task every time it is polled, so the task is polled again \
                 at once, a busy wait. {advice}"
            ),
            run,
        ));
    }
    let Some(done_at) = life.done_at else {
        let polled = match life.polls {
            1 => "was polled once and never again".to_owned(),
            n => format!("was polled {n} times and then never again"),
        };
        return Err(wrong(
            format!(
                "{when}, {what} {polled}: its `poll` returned `Pending`, and {stuck}. {advice}"
            ),
            run,
        ));
    };
    if done_at != want {
        let early = if done_at < want { "early" } else { "late" };
        return Err(wrong(
            format!(
                "{when}, {what} was ready at {}; it should be ready at {}, {early} by {}. {advice}",
                ms(done_at),
                ms(want),
                ms(done_at.abs_diff(want))
            ),
            run,
        ));
    }
    Ok(())
}

// The exercise `timer-future`.

/// What a timer should do, said once for every message.
const TIMER_ADVICE: &str = "`poll` returns `Ready` once the loop's clock (`self.handle.now()`) \
    has reached `self.deadline`; before that, the first time, it asks the loop for a timer \
    that calls the task's waker at the deadline, and returns `Pending`.";

/// One way to use timers.
struct TimerCase {
    when: &'static str,
    /// The delays of the timers, each in a task of its own, or (`joined`)
    /// all in one task, awaited together.
    delays: &'static [u64],
    joined: bool,
}

const TIMER_CASES: [TimerCase; 4] = [
    TimerCase {
        when: "When a task waits 100 ms",
        delays: &[100],
        joined: false,
    },
    TimerCase {
        when: "When two tasks wait, one 71 ms and one 29 ms",
        delays: &[71, 29],
        joined: false,
    },
    TimerCase {
        when: "When one task waits for two timers at once, 10 ms and 40 ms",
        delays: &[10, 40],
        joined: true,
    },
    TimerCase {
        when: "When a task waits 0 ms",
        delays: &[0],
        joined: false,
    },
];

/// Judges `timer-future`: `Timer::new(delay)`, awaited on our executor.
pub fn timer_future<T>(answer: impl Fn(Duration) -> T + Copy) -> Verdict
where
    T: Future<Output = ()> + Send + 'static,
{
    judge(|judge| {
        for case in &TIMER_CASES {
            judge.case(|judge| {
                let (lives, run) = attempt(case.when, |mode| run_timers(mode, case, answer))?;
                for (delay, life) in case.delays.iter().zip(&lives) {
                    let what = format!("the timer of {delay} ms");
                    let want = Duration::from_millis(*delay);
                    let what = (what.as_str(), NOTHING_WOKE_IT);
                    check_life(case.when, what, life, want, &run, TIMER_ADVICE)?;
                }
                let end = Duration::from_millis(case.delays.iter().copied().max().unwrap_or(0));
                check_nothing_after(
                    case.when,
                    &run,
                    end,
                    &format!("the last timer was ready at {}", ms(end)),
                    "Ask the loop for one timer, due at the deadline.",
                )?;
                let times: Vec<String> = case.delays.iter().map(|d| format!("{d} ms")).collect();
                judge.pass(format!(
                    "{}, each timer is ready at its deadline ({}).",
                    case.when,
                    times.join(", ")
                ));
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Runs the timers of `case` on our executor; their lives, in the order of
/// `case.delays`, and the run.
fn run_timers<T>(
    mode: &Mode,
    case: &TimerCase,
    answer: impl Fn(Duration) -> T + Copy,
) -> (Vec<Life>, Run)
where
    T: Future<Output = ()> + Send + 'static,
{
    let lives: Arc<Mutex<Vec<Arc<Mutex<Life>>>>> = Arc::default();
    let found = Arc::clone(&lives);
    let (delays, joined) = (case.delays, case.joined);
    let run = threeways_callbacks::run_future_program(
        mode,
        &Scenario::default(),
        threeways_callbacks::executor::Polls::Shown,
        async move {
            let mut timers = Vec::new();
            for delay in delays {
                let (timer, life) = Counted::new(answer(Duration::from_millis(*delay)), loop_now);
                lock(&found).push(life);
                timers.push(timer);
            }
            if joined {
                futures::future::join_all(timers).await;
            } else {
                let tasks: Vec<_> = (timers.into_iter().enumerate())
                    .map(|(i, timer)| executor::spawn(&format!("task-{}", i + 1), timer))
                    .collect();
                for task in tasks {
                    let _ = task.await;
                }
            }
            Ok(Vec::new())
        },
    );
    let lives = lock(&lives).iter().map(|life| lock(life).clone()).collect();
    (lives, run)
}

// The exercise `executor-wake`.

/// What `wake` is for, said once for every message.
const WAKE_ADVICE: &str = "`wake` puts the task back on the loop's queue: it posts the loop a \
    callback that polls the task.";

/// One task, as the judge spawns it on the answer's executor.
struct WakeTask {
    /// Its name in messages.
    name: &'static str,
    /// When it should be done.
    done_at: u64,
}

/// One set of tasks, and what they do.
struct WakeCase {
    when: &'static str,
    tasks: &'static [WakeTask],
    /// What the tasks do: sleep, yield, or wait for each other.
    make: fn() -> Vec<BoxFuture<'static, ()>>,
}

/// A future that wakes its own task once, as `yield_now` does.
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await;
}

fn sleeps_for(millis: u64) -> BoxFuture<'static, ()> {
    Box::pin(Sleep::new(Duration::from_millis(millis)))
}

const WAKE_CASES: [WakeCase; 4] = [
    WakeCase {
        when: "When a task sleeps 30 ms",
        tasks: &[WakeTask {
            name: "the task",
            done_at: 30,
        }],
        make: || vec![sleeps_for(30)],
    },
    WakeCase {
        when: "When two tasks sleep, one 53 ms and one 19 ms",
        tasks: &[
            WakeTask {
                name: "the first task",
                done_at: 53,
            },
            WakeTask {
                name: "the second task",
                done_at: 19,
            },
        ],
        make: || vec![sleeps_for(53), sleeps_for(19)],
    },
    WakeCase {
        when: "When a task yields three times (it wakes itself while it runs)",
        tasks: &[WakeTask {
            name: "the task",
            done_at: 0,
        }],
        make: || {
            vec![Box::pin(async {
                for _ in 0..3 {
                    yield_once().await;
                }
            })]
        },
    },
    WakeCase {
        when: "When a task waits for a second one, which sleeps 40 ms and then answers",
        tasks: &[
            WakeTask {
                name: "the waiting task",
                done_at: 40,
            },
            WakeTask {
                name: "the answering task",
                done_at: 40,
            },
        ],
        make: || {
            let (answer, answered) = futures::channel::oneshot::channel::<()>();
            vec![
                Box::pin(async {
                    let _ = answered.await;
                }),
                Box::pin(async move {
                    Sleep::new(Duration::from_millis(40)).await;
                    let _ = answer.send(());
                }),
            ]
        },
    },
];

/// Judges `executor-wake`: the answer's `spawn(handle, future)`, whose
/// tasks are woken by its `wake`.
pub fn executor_wake(spawn: impl Fn(&Handle, BoxFuture<'static, ()>)) -> Verdict {
    judge(|judge| {
        for case in &WAKE_CASES {
            judge.case(|judge| {
                let (lives, run) =
                    attempt(case.when, |mode| run_tasks(mode, case, &spawn)).map_err(|failure| {
                        let said = format!(
                            "{}, the task was polled while it was already being polled: `wake` \
                             polled it itself. A waker may be called from anywhere, even from inside \
                             the task's own `poll` (a task that yields wakes itself). {WAKE_ADVICE} \
                             The loop polls it later, once the running callback is over.",
                            case.when
                        );
                        a_panic_said(failure, "already being polled", said)
                    })?;
                for (task, life) in case.tasks.iter().zip(&lives) {
                    let want = Duration::from_millis(task.done_at);
                    let stuck = "when what it waited for called `wake`, nothing polled it again";
                    check_life(case.when, (task.name, stuck), life, want, &run, WAKE_ADVICE)?;
                }
                let done: Vec<String> = (case.tasks.iter())
                    .map(|task| format!("{} at {} ms", task.name, task.done_at))
                    .collect();
                judge.pass(format!(
                    "{}, every task is done in time: {}.",
                    case.when,
                    done.join(", ")
                ));
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Spawns the tasks of `case` with the answer's `spawn`, and runs the loop.
fn run_tasks(
    mode: &Mode,
    case: &WakeCase,
    spawn: &impl Fn(&Handle, BoxFuture<'static, ()>),
) -> (Vec<Life>, Run) {
    let mut lives = Vec::new();
    let run =
        threeways_callbacks::run_loop_program(mode, &Scenario::default(), |lp: &mut EventLoop| {
            let handle = lp.handle();
            for (future, task) in (case.make)().into_iter().zip(case.tasks) {
                let (mut counted, life) = Counted::new(future, loop_now);
                counted.wakes_of = Some(task.name);
                lives.push(life);
                spawn(
                    &handle,
                    Box::pin(async move {
                        counted.await;
                    }),
                );
            }
        });
    let lives = lives.iter().map(|life| lock(life).clone()).collect();
    (lives, run)
}

// The exercise `state-machine`.

// ANCHOR: fetch_then_wait
/// Fetches `url`, waits `pause`, and returns how long the page was.
pub async fn fetch_then_wait(url: &str, pause: Duration) -> Result<usize, Error> {
    let body = fetch(url).await?;
    threeways_async::note!("got {} bytes; waiting {} ms", body.len(), pause.as_millis());
    sleep(pause).await;
    Ok(body.len())
}
// ANCHOR_END: fetch_then_wait

/// Where `fetch_then_wait` fetches from.
const REPORT: &str = "http://example.com/report";

/// One scenario `fetch_then_wait` is run on.
struct MachineCase {
    when: &'static str,
    page: Page,
    pause: u64,
}

fn machine_cases() -> Vec<MachineCase> {
    vec![
        MachineCase {
            when: "When the page takes 120 ms and the pause is 50 ms",
            page: Page::new(REPORT, "all systems go", 120),
            pause: 50,
        },
        MachineCase {
            when: "When the page takes 47 ms and the pause is 83 ms",
            page: Page::new(REPORT, "all systems go, and more", 47),
            pause: 83,
        },
        MachineCase {
            when: "When the page is missing",
            page: Page::new(REPORT, "", 30).failing(threeways_model::Fault::Status(404)),
            pause: 50,
        },
    ]
}

/// What one run of a `fetch_then_wait` gave: its result, its life, and the
/// run.
struct Machine {
    result: Option<Result<usize, Error>>,
    life: Life,
    run: Run,
}

impl crate::judge::OneRun for Machine {
    fn run(&self) -> &Run {
        &self.run
    }
}

fn run_machine<F>(
    mode: &Mode,
    case: &MachineCase,
    start: impl FnOnce(&'static str, Duration) -> F,
) -> Machine
where
    F: Future<Output = Result<usize, Error>>,
{
    let scenario = Scenario {
        pages: vec![case.page.clone()],
        ..Scenario::default()
    };
    let pause = Duration::from_millis(case.pause);
    let result = Arc::new(Mutex::new(None));
    let lived: Arc<Mutex<Option<Arc<Mutex<Life>>>>> = Arc::default();
    let (slot, life_slot) = (Arc::clone(&result), Arc::clone(&lived));
    let run = threeways_async::run_program_on(
        Executor::Ours(Polls::Hidden),
        mode,
        &scenario,
        || async move {
            let (counted, life) = Counted::new(start(REPORT, pause), threeways_async::time::now);
            *lock(&life_slot) = Some(life);
            if let Some(returned) = counted.await {
                *lock(&slot) = Some(returned);
            }
            Ok(Vec::new())
        },
    );
    let life = lock(&lived)
        .as_ref()
        .map(|life| lock(life).clone())
        .unwrap_or_default();
    let result = lock(&result).take();
    Machine { result, life, run }
}

/// What a future written by hand must do, said once for every message.
const MACHINE_ADVICE: &str = "Each turn of `poll` runs the body from one `.await` to the next, \
    and returns `Pending` only when a future it polled returned `Pending`: that future has handed \
    the waker on.";

/// Judges `state-machine`: `fetch_then_wait(url, pause)`, written by hand.
pub fn state_machine<F>(answer: impl Fn(&'static str, Duration) -> F) -> Verdict
where
    F: Future<Output = Result<usize, Error>>,
{
    judge(|judge| {
        for case in machine_cases() {
            judge.case(|judge| {
                let want = run_machine(&Mode::Simulated, &case, fetch_then_wait);
                let got = attempt(case.when, |mode| run_machine(mode, &case, &answer)).map_err(|failure| {
                    let said = format!(
                        "{}, your `poll` polled a future again after it had returned `Ready`. \
                             Once a wait is over, move on to the next state (`*self = ...`), so that \
                             the rest of `poll` starts from there.",
                        case.when
                    );
                    a_panic_said(failure, "resumed after completion", said)
                })?;
                check_machine(judge, &case, &got, &want)?;
                Ok(())
            })?;
        }
        Ok(())
    })
}

fn check_machine(judge: &mut Judge, case: &MachineCase, got: &Machine, want: &Machine) -> Checked {
    let when = case.when;
    let want_done = want.life.done_at.expect("the async fn finishes");
    check_life(
        when,
        ("your future", NOTHING_WOKE_IT),
        &got.life,
        want_done,
        &got.run,
        MACHINE_ADVICE,
    )?;
    if got.result != want.result {
        return Err(wrong(
            format!(
                "{when}, your future returned {:?}; the `async fn` returns {:?}.",
                got.result, want.result
            ),
            &got.run,
        ));
    }
    let (got_text, want_text) = (
        got.run.trace.render_events(),
        want.run.trace.render_events(),
    );
    if got_text != want_text {
        let line = (got_text.lines().zip(want_text.lines()))
            .position(|(got, want)| got != want)
            .unwrap_or_else(|| got_text.lines().count().min(want_text.lines().count()));
        let shown = |text: &str| {
            text.lines()
                .nth(line)
                .unwrap_or("(nothing)")
                .trim()
                .to_owned()
        };
        return Err(wrong(
            format!(
                "{when}, the trace differs from the `async fn`'s at line {}: yours has “{}”, the \
                 `async fn`'s has “{}”. The body must do the same, in the same order.",
                line + 1,
                shown(&got_text),
                shown(&want_text)
            ),
            &got.run,
        ));
    }
    judge.pass(format!(
        "{when}, your future returns {:?} at {}, with the trace of the `async fn`.",
        want.result,
        ms(want_done)
    ));
    Ok(())
}
