//! Task outputs: written once by the thread that ran the task, read by its
//! dependents without a lock, dropped by the last of them.
//!
//! A lock or a reference count per output would cost several atomic
//! read-modify-writes per dependency edge on the hot path. None is needed,
//! because the run's counters already order every access (see `core`):
//!
//! 1. The producer writes its output before it decrements its dependents'
//!    pending counters (release). A dependent becomes ready when its counter
//!    reaches zero (acquire, which synchronises with every earlier decrement
//!    of that counter) and passes through the ready queue's mutex before it
//!    runs: the write happens before every read.
//! 2. Each dependent decrements the producer's consumer counter (release)
//!    only after its body returned, and the one that brings it to zero
//!    (acquire) takes the output: every read happens before the drop, and no
//!    read comes after it.
//! 3. Sink outputs (no consumers) are taken once every thread has left the
//!    run, which again synchronises with all of their writes.

use crate::graph::TaskId;
use std::cell::UnsafeCell;

/// One slot per task; see the [module docs](self) for the access protocol.
pub(super) struct Outputs<V> {
    slots: Vec<UnsafeCell<Option<V>>>,
}

// SAFETY: slots are shared between threads only under the protocol of the
// module docs, which orders every write and drop after or before every read.
// Values are read by reference on several threads (`V: Sync`) and dropped on
// another thread than the one that made them (`V: Send`).
unsafe impl<V: Send + Sync> Sync for Outputs<V> {}

impl<V> Outputs<V> {
    /// `tasks` empty slots.
    pub(super) fn new(tasks: usize) -> Self {
        Outputs {
            slots: (0..tasks).map(|_| UnsafeCell::new(None)).collect(),
        }
    }

    /// Stores task `id`'s output.
    ///
    /// # Safety
    /// Only the thread that ran task `id` may call it, once, before it
    /// releases any dependent of `id`.
    pub(super) unsafe fn set(&self, id: TaskId, value: V) {
        // SAFETY: no other thread accesses the slot yet (caller contract).
        unsafe { *self.slots[id.index()].get() = Some(value) }
    }

    /// Task `id`'s output, if still held.
    ///
    /// # Safety
    /// Task `id` must have finished (its `set` happened before this call),
    /// and the reference must be dropped before the caller counts itself out
    /// of `id`'s consumers.
    pub(super) unsafe fn get(&self, id: TaskId) -> Option<&V> {
        // SAFETY: the slot is no longer written, and it is not taken while
        // this consumer has not counted itself out (caller contract).
        unsafe { (*self.slots[id.index()].get()).as_ref() }
    }

    /// Takes task `id`'s output out of its slot.
    ///
    /// # Safety
    /// Every consumer of `id` must be done reading it and none may read it
    /// again: the caller brought its consumer count to zero, or every thread
    /// of the run has left.
    pub(super) unsafe fn take(&self, id: TaskId) -> Option<V> {
        // SAFETY: no other access to the slot remains (caller contract).
        unsafe { (*self.slots[id.index()].get()).take() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_holds_its_value_until_taken() {
        let outputs = Outputs::new(2);
        // SAFETY: one thread does everything here, in protocol order.
        unsafe {
            assert_eq!(outputs.get(TaskId(0)), None);
            outputs.set(TaskId(0), "a".to_owned());
            assert_eq!(outputs.get(TaskId(0)).map(String::as_str), Some("a"));
            assert_eq!(outputs.take(TaskId(0)).as_deref(), Some("a"));
            assert_eq!(outputs.get(TaskId(0)), None);
            assert_eq!(outputs.take(TaskId(1)), None);
        }
    }
}
