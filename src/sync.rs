//! Locks that outlive a panic elsewhere.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The value, whoever held it last: a panic in another task poisons the
/// lock but leaves what it guards whole (the stores' own transactions guard
/// their data; the rest is replaced, never half-written, under the lock).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
