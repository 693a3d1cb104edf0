//! Locking a mutex whose data a panic cannot leave half-changed.
//!
//! A `Mutex` is poisoned when a thread panics while holding it, and
//! `lock()` then returns an error. Every mutex in this workspace guards
//! data that is changed in one step (a counter, an insert into a map, an
//! event pushed to a list) or by a short function that does not panic
//! halfway, so what a poisoned mutex holds is still whole. Going on with it
//! lets the panic be reported where it happened (a panic in chapter code
//! reaches whoever joins its thread) instead of as a second panic in
//! whatever locks the mutex next.

use std::sync::{Condvar, LockResult, Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, poisoned or not.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `condvar`, giving up `guard` meanwhile, and locks again,
/// poisoned or not.
pub fn wait<'a, T>(condvar: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    condvar.wait(guard).unwrap_or_else(PoisonError::into_inner)
}

/// `result`, a lock's, with its guard made into another by `wrap`, poisoned
/// or not: for a lock that wraps std's and keeps std's signature
/// (`threeways_blocking::sync::Mutex`).
pub fn wrap_guard<G, H>(result: LockResult<G>, wrap: impl FnOnce(G) -> H) -> LockResult<H> {
    match result {
        Ok(guard) => Ok(wrap(guard)),
        Err(poisoned) => Err(PoisonError::new(wrap(poisoned.into_inner()))),
    }
}
