//! Chapter `under-the-hood`, callback style: the event loop becomes an
//! executor, and a callback program becomes a future.
//!
//! The executor is `crates/event-loop/src/executor.rs`, and its timer
//! future is `Sleep` in `crates/event-loop/src/time.rs`. Here the chapter
//! `download`'s callback program runs on it unchanged: one small adapter
//! turns "call me back" into "poll me, and I will wake you".
//!
//! Compare `crates/async/src/chapters/under_the_hood.rs`, the future the
//! compiler writes for the async `download`, by hand.

use crate::chapters::download::download;
use crate::executor;
use crate::{Done, EventLoop};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use threeways_model::Error;
use threeways_model::lock::lock;

// ANCHOR: from_callback
/// Work that takes a continuation, as a future. The first poll starts the
/// work; its continuation keeps the result and wakes the task; the next
/// poll returns the result.
pub struct FromCallback<T> {
    /// How to start the work, until the first poll does.
    start: Option<Box<dyn Start<T>>>,
    /// What the continuation and the future share.
    slot: Arc<Mutex<Slot<T>>>,
}

/// Starts work on the loop, with a continuation. It crosses to the loop
/// through a handle, so it must be `Send`.
pub trait Start<T>: FnOnce(&mut EventLoop, Box<dyn Done<T>>) + Send {}

impl<T, F: FnOnce(&mut EventLoop, Box<dyn Done<T>>) + Send> Start<T> for F {}

/// The result, once the continuation has it, and the waker to call then.
struct Slot<T> {
    result: Option<Result<T, Error>>,
    waker: Option<Waker>,
}

/// `start(lp, continuation)` as a future.
pub fn from_callback<T>(start: impl Start<T> + 'static) -> FromCallback<T> {
    let slot = Slot {
        result: None,
        waker: None,
    };
    FromCallback {
        start: Some(Box::new(start)),
        slot: Arc::new(Mutex::new(slot)),
    }
}

impl<T: Send + 'static> Future for FromCallback<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T, Error>> {
        let mut slot = lock(&self.slot);
        if let Some(result) = slot.result.take() {
            return Poll::Ready(result);
        }
        slot.waker = Some(cx.waker().clone()); // the newest poller is woken
        drop(slot);
        if let Some(start) = self.start.take() {
            let shared = Arc::clone(&self.slot);
            // The continuation: keep the result, then wake the task.
            let done = Box::new(move |_: &mut EventLoop, result| {
                let mut slot = lock(&shared);
                slot.result = Some(result);
                if let Some(waker) = slot.waker.take() {
                    waker.wake();
                }
            });
            executor::handle().post(move |lp| start(lp, done));
        }
        Poll::Pending
    }
}
// ANCHOR_END: from_callback

// ANCHOR: main
/// The callback `download` of chapter `download`, unchanged, as the main
/// future of our executor: polled once to start it, and once more when
/// its last continuation wakes the task.
pub async fn download_as_a_future(url: String) -> Result<Vec<String>, Error> {
    let filename = from_callback(move |lp, done| download(lp, &url, done)).await?;
    Ok(vec![filename])
}
// ANCHOR_END: main
