//! Waiting for time to pass as a future on our executor: [`Sleep`], which
//! sets a loop timer with the task's waker in it (the callback style's
//! `sleep` sets the same timer with a continuation in it).

use crate::{EventLoop, Handle, TimerId};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use threeways_model::lock::lock;
use threeways_model::trace::OpenSpan;

// ANCHOR: sleep_future
/// `sleep` as a future for our executor: it is ready once the loop's clock
/// has reached its deadline. It does not wait by itself; the first time it
/// is polled too early, it asks the loop for a timer that will wake the
/// task, and returns `Pending`.
pub struct Sleep {
    deadline: Duration,
    /// Once a timer is asked for: the waker it will call, shared with it.
    alarm: Option<Arc<Alarm>>,
    handle: Handle,
}

impl Sleep {
    /// A wait of `delay` from now, on the loop our executor runs.
    pub fn new(delay: Duration) -> Sleep {
        let handle = crate::executor::handle();
        Sleep {
            deadline: handle.now() + delay,
            alarm: None,
            handle,
        }
    }
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.handle.now() >= self.deadline {
            return Poll::Ready(());
        }
        match &self.alarm {
            // Polled again before the timer is due, maybe by another task
            // (a future can move between tasks): keep the newest waker.
            Some(alarm) => alarm.keep(cx.waker()),
            None => {
                let alarm = Arc::new(Alarm::new(cx.waker().clone()));
                let (deadline, ring) = (self.deadline, Arc::clone(&alarm));
                // We cannot borrow the loop here: post the request to it.
                self.handle.post(move |lp| ring.set(lp, deadline));
                self.alarm = Some(alarm);
            }
        }
        Poll::Pending
    }
}
// ANCHOR_END: sleep_future

/// What a [`Sleep`] shares with the loop's timer, behind one lock: the
/// waker to call, and the timer, so that dropping the `Sleep` can cancel
/// it. One small allocation a wait: it is most of what a waiting task
/// costs beyond its future.
struct Alarm(Mutex<Ringing>);

struct Ringing {
    waker: Waker,
    timer: Option<TimerId>,
    /// With polls shown: the span, on the lane `timers`, of the time the
    /// timer holds the waker (boxed: it is rare, and large).
    shown: Option<Box<OpenSpan>>,
}

impl Alarm {
    fn new(waker: Waker) -> Alarm {
        Alarm(Mutex::new(Ringing {
            waker,
            timer: None,
            shown: None,
        }))
    }

    /// Keeps `waker`, the newest, in place of the one it had.
    fn keep(&self, waker: &Waker) {
        lock(&self.0).waker.clone_from(waker);
    }

    /// Sets the loop's timer for `deadline`: when due, it wakes the task.
    fn set(self: Arc<Self>, lp: &mut EventLoop, deadline: Duration) {
        let ring = Arc::clone(&self);
        let delay = deadline.saturating_sub(lp.now());
        let id = lp.set_timer(delay, move |lp| {
            let mut ringing = lock(&ring.0);
            if let Some(span) = ringing.shown.take() {
                lp.end_span(*span);
            }
            ringing.waker.wake_by_ref();
        });
        let label = format!("a timer holds {}'s waker", lp.lane());
        let shown = crate::executor::timer_holds_waker(lp.now(), label).map(Box::new);
        let mut ringing = lock(&self.0);
        ringing.timer = Some(id);
        ringing.shown = shown;
    }

    /// Cancels the timer, if it was set and has not run, on `lp`.
    fn cancel(&self, lp: &mut EventLoop) {
        let mut ringing = lock(&self.0);
        if let Some(id) = ringing.timer.take() {
            lp.cancel_timer(id);
        }
        if let Some(span) = ringing.shown.take() {
            lp.recorder().end_cancelled(*span, lp.now());
        }
    }
}

impl Drop for Sleep {
    /// A `Sleep` dropped before it is due (the task was cancelled) takes
    /// its timer with it, so the loop does not wait for a timer nobody
    /// needs. The cancel is posted after the request, so it finds the id.
    fn drop(&mut self) {
        if let Some(alarm) = self.alarm.take() {
            self.handle.post(move |lp| alarm.cancel(lp));
        }
    }
}
