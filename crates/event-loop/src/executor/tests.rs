//! The executor seen from outside: what its polls and wakes look like in
//! the trace, and that it owns its tasks, so that one that can never
//! finish is dropped when the executor ends.

use super::*;
use crate::time::Sleep;
use std::sync::Weak;
use threeways_model::{Clock, Recorder, Scenario};
use threeways_test_support::ms;
use threeways_world::Mode;

/// A fresh simulated loop.
fn new_loop() -> EventLoop {
    let (net, disk) = Mode::Simulated.net_and_disk(&Scenario::default());
    EventLoop::new(net, disk, Recorder::new()).expect("a loop")
}

/// What `main` made of a fresh simulated loop, as trace text.
fn run_shown<T>(main: impl FnOnce() -> BoxFuture<'static, T>) -> (Option<T>, String) {
    let mut lp = new_loop();
    let entered = enter(&lp, Polls::Shown);
    let output = block_on(&mut lp, main());
    lp.run();
    assert_eq!(entered.tasks_alive(), 0);
    let trace = lp.recorder().finish(lp.now(), Clock::Virtual, 1);
    (output, trace.render_text())
}

#[test]
fn a_task_is_polled_when_it_starts_and_when_its_timer_wakes_it() {
    let (output, trace) = run_shown(|| {
        Box::pin(async {
            let other = spawn("other", async {
                Sleep::new(ms(30)).await;
                7
            });
            Sleep::new(ms(10)).await;
            other.await.expect("the task finished")
        })
    });
    assert_eq!(output, Some(7));
    let expected = [
        " 0 ms  main    poll",
        " 0 ms  other   spawned",
        " 0 ms  main    poll returns Pending",
        " 0 ms  other   poll",
        " 0 ms  other   poll returns Pending",
        " 0 ms  timers  [wait 10 ms] a timer holds main's waker",
        " 0 ms  timers  [wait 30 ms] a timer holds other's waker",
        "10 ms  main    woken",
        "10 ms  main    poll",
        "10 ms  main    poll returns Pending",
        "30 ms  other   woken",
        "30 ms  other   poll",
        "30 ms  main    woken",
        "30 ms  other   poll returns Ready",
        "30 ms  main    poll",
        "30 ms  main    poll returns Ready",
        "total: 30 ms (virtual), 1 thread",
    ];
    assert_eq!(trace.lines().collect::<Vec<_>>(), expected, "{trace}");
}

/// A task awaits a one-shot channel whose sender it holds itself, so it
/// can never finish, and `main` awaits the task: the run hangs. The task's
/// future holds the channel, the channel holds the task's waker, and the
/// waker holds the task: nothing outside owns it but the executor. Once
/// the executor and the loop are dropped, the task must be gone, with what
/// it held, as on tokio's current-thread runtime when it shuts down.
#[test]
fn a_task_that_can_never_finish_is_dropped_with_its_executor() {
    let held = Arc::new("what the task holds");
    let watch: Weak<&str> = Arc::downgrade(&held);
    let mut lp = new_loop();
    let entered = enter(&lp, Polls::Hidden);
    let output = block_on(&mut lp, async move {
        let task = spawn("stuck", async move {
            let _held = held;
            let (sender, receiver) = oneshot::channel::<()>();
            let _sender = sender; // never sends, never dropped: the task holds it
            let _ = receiver.await;
        });
        let _ = task.await;
    });
    assert_eq!(output, None, "nothing can wake main: the run hangs");
    assert_eq!(entered.tasks_alive(), 1);
    drop(entered);
    drop(lp);
    assert!(
        watch.upgrade().is_none(),
        "the task, and what it holds, outlived its executor"
    );
}

/// A task dropped when the executor ends may wake another as it goes (its
/// channel's sender, dropped, wakes the receiver): that wake finds the
/// other task's future dropped too, and does nothing.
#[test]
fn tasks_dropped_at_the_end_may_wake_each_other_harmlessly() {
    let mut lp = new_loop();
    let entered = enter(&lp, Polls::Shown);
    let output = block_on(&mut lp, async {
        let (sender, receiver) = oneshot::channel::<()>();
        let (_never, stuck) = oneshot::channel::<()>();
        let waiting = spawn("waiting", async move {
            let _ = receiver.await;
        });
        let holding = spawn("holding", async move {
            let _sender = sender;
            let _ = stuck.await;
        });
        Sleep::new(ms(10)).await;
        drop((waiting, holding));
        std::future::pending::<()>().await;
    });
    assert_eq!(output, None);
    assert_eq!(entered.tasks_alive(), 2);
    drop(entered);
    lp.run(); // the wake posted as a task was dropped finds nothing to poll
}
