//! After `main` returns, the simulated world runs on until no task is left.
//!
//! A tokio runtime ends its tasks when `block_on(main)` returns, so a task
//! that nobody awaited, or a producer that goes on after its consumer
//! stopped, would vanish without a trace. The simulated world lets them run
//! on instead, on the paused clock, until none is alive (tokio's
//! `RuntimeMetrics::num_alive_tasks` counts every task, ours and those
//! spawned with `tokio::spawn` or into a `JoinSet`), and for at most
//! [`RUN_ON`](threeways_sim::RUN_ON) of virtual time; then it stops
//! them, and the world says so in the trace.
//!
//! Waiting for "no task is alive" must not move the clock past the moment
//! it happens. `main` therefore waits for a wake-up from tokio's
//! `on_thread_park` hook, which runs each time every task is waiting: if
//! none is alive then, the hook wakes `main` before the clock moves on (a
//! wake from that hook keeps the runtime from parking); if some are, the
//! clock jumps to the next timer as usual.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::task::{Poll, Waker};
use threeways_model::lock::lock;
use tokio::runtime::RuntimeMetrics;

/// What `main`, once it has returned, shares with the park hook.
#[derive(Debug, Default)]
pub(crate) struct RunOn {
    /// Whether `main` is waiting for the last task to end.
    waiting: AtomicBool,
    /// `main`'s waker, while it waits.
    waker: Mutex<Option<Waker>>,
    /// The runtime's metrics, set once the runtime is built.
    metrics: OnceLock<RuntimeMetrics>,
}

impl RunOn {
    /// Gives the hook the runtime's metrics.
    pub(crate) fn watch(&self, metrics: RuntimeMetrics) {
        let _ = self.metrics.set(metrics);
    }

    /// The `on_thread_park` hook: every task waits. If none is alive, wakes
    /// `main`.
    pub(crate) fn on_park(&self) {
        if self.waiting.load(Ordering::Relaxed) && self.alive() == 0 {
            let waker = lock(&self.waker).take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }

    fn alive(&self) -> usize {
        self.metrics
            .get()
            .map_or(0, RuntimeMetrics::num_alive_tasks)
    }

    /// Called by `main` once it has returned: lets the tasks it left behind
    /// run on until none is alive, or until `limit` (a sleep of
    /// `RUN_ON`) ends. Returns how many were still alive then, if any.
    pub(crate) async fn until_no_task_is_left(&self, limit: impl Future) -> Option<usize> {
        if self.alive() == 0 {
            return None;
        }
        self.waiting.store(true, Ordering::Relaxed);
        let mut limit = pin!(limit);
        let stopped = poll_fn(|context| {
            if self.alive() == 0 {
                return Poll::Ready(false);
            }
            if limit.as_mut().poll(context).is_ready() {
                return Poll::Ready(true);
            }
            *lock(&self.waker) = Some(context.waker().clone());
            Poll::Pending
        })
        .await;
        self.waiting.store(false, Ordering::Relaxed);
        stopped.then(|| self.alive())
    }
}

#[cfg(test)]
mod tests {
    use crate::time::{now, sleep};
    use threeways_model::{Run, Scenario};
    use threeways_sim::RUN_ON;
    use threeways_world::Mode;
    use tracing::{Instrument, info_span};

    use threeways_test_support::ms;

    fn run<F: Future<Output = ()> + 'static>(main: impl FnOnce() -> F) -> Run {
        let tokio = crate::Executor::Tokio;
        crate::world::run(
            tokio,
            &Scenario::default(),
            &Mode::Simulated,
            || async move {
                main().await;
                Ok(vec![format!("returned at {} ms", now().as_millis())])
            },
        )
    }

    #[test]
    fn tasks_nobody_awaited_run_on_and_show_ours_and_tokios() {
        let run = run(|| async {
            drop(crate::task::spawn(sleep(ms(30))));
            tokio::spawn(async { sleep(ms(70)).await });
            let mut set = tokio::task::JoinSet::new();
            set.spawn(async { sleep(ms(50)).await });
            set.detach_all();
            sleep(ms(10)).await;
        });
        assert_eq!(run.outcome.result, Ok(vec!["returned at 10 ms".to_owned()]));
        assert_eq!(run.trace.total, ms(70), "{}", run.trace.render_text());
        let ends: Vec<u128> = run
            .trace
            .events
            .iter()
            .map(|event| match event {
                threeways_model::trace::Event::Span { end, .. } => end.as_millis(),
                threeways_model::trace::Event::Note { at, .. } => at.as_millis(),
            })
            .collect();
        assert_eq!(ends, [10, 30, 70, 50]);
    }

    #[test]
    fn the_run_ends_when_the_last_task_does_not_at_the_next_timer() {
        // A task waits for nothing the clock can bring: it ends when `main`
        // drops its sender, at once.
        let run = run(|| async {
            let (sender, receiver) = futures::channel::oneshot::channel::<()>();
            tokio::spawn(async move {
                let _ = receiver.await;
                sleep(ms(5)).await;
            });
            sleep(ms(10)).await;
            drop(sender);
        });
        assert_eq!(run.trace.total, ms(15));
    }

    /// A task waits for a message that `main` will never send, and `main`
    /// waits for the task: nothing can wake either, and no timer is set.
    /// Tokio's paused clock would wait for ever; the world ends the run
    /// where it stopped, and says who waits on what, on either executor.
    fn forever(executor: crate::Executor) -> Run {
        crate::world::run(executor, &Scenario::default(), &Mode::Simulated, || async {
            let (sender, mut receiver) = crate::sync::mpsc::unbounded_channel::<u32>();
            let waiter = crate::task::spawn(
                async move {
                    sleep(ms(5)).await;
                    receiver.recv().await
                }
                .instrument(info_span!("waiter")),
            );
            sleep(ms(10)).await;
            let _ = waiter.await;
            drop(sender);
            Ok(vec![])
        })
    }

    #[test]
    fn tasks_that_all_wait_with_no_timer_end_the_run_with_a_report() {
        use crate::{Executor, Polls};
        let run = forever(Executor::Tokio);
        assert_eq!(run.outcome.result, Err(threeways_model::Error::Hung));
        assert_eq!(
            run.trace.render_text(),
            " 0 ms  main    [wait 10 ms] sleep 10 ms\n\
             \x200 ms  waiter  [wait 5 ms] sleep 5 ms\n\
             \x205 ms  waiter  [wait 5 ms] recv (hung)\n\
             10 ms  world   hung: every task waits, and no timer is left to wake one\n\
             10 ms  world   hung: waiter waits: recv\n\
             10 ms  world   hung: main waits: join waiter\n\
             total: 10 ms (virtual), 1 thread\n"
        );
        assert_eq!(
            forever(Executor::Ours(Polls::Hidden)).render_text(),
            run.render_text()
        );
    }

    #[test]
    fn a_task_that_ticks_for_ever_is_stopped_and_said() {
        let run = run(|| async {
            tokio::spawn(async {
                loop {
                    sleep(ms(1000)).await;
                }
            });
            sleep(ms(300)).await;
        });
        assert_eq!(run.trace.total, ms(300) + RUN_ON);
        let last = run.trace.events.last().expect("a note");
        assert_eq!(
            last.describe(run.trace.clock),
            "stopped: still going 10000 ms after the program ended (1 task)"
        );
        assert_eq!(&**last.lane(), "world");
    }

    /// A run that hangs drops its tasks when it ends, on either executor:
    /// a task that waits for ever, on a channel whose sender it holds
    /// itself, is gone once the run has returned, with what it holds.
    #[test]
    fn a_hung_run_leaves_no_task_behind() {
        use crate::{Executor, Polls};
        for executor in [Executor::Tokio, Executor::Ours(Polls::Hidden)] {
            let held = std::sync::Arc::new("what the task holds");
            let watch = std::sync::Arc::downgrade(&held);
            let run = crate::world::run(
                executor,
                &Scenario::default(),
                &Mode::Simulated,
                || async move {
                    let stuck = crate::task::spawn(async move {
                        let _held = held;
                        let (sender, receiver) = futures::channel::oneshot::channel::<()>();
                        let _sender = sender; // held, so the channel never ends
                        let _ = receiver.await;
                    });
                    let _ = stuck.await;
                    Ok(vec![])
                },
            );
            assert_eq!(run.outcome.result, Err(threeways_model::Error::Hung));
            assert!(
                watch.upgrade().is_none(),
                "{executor:?}: the stuck task outlived its run"
            );
        }
    }
}
