//! The ready queue: the tasks whose dependencies have all finished, highest
//! priority first, behind the one lock of a run.
//!
//! A thread passes through the lock once per task: in the same critical
//! section it hands back what its last task released (a [`Handback`]),
//! counts that task as finished and takes its next task. Idle threads wait on a condition variable; a thread that leaves work
//! queued wakes as many of them as there are queued tasks, and the end of the
//! run (all finished, or stopped) wakes them all, so no wake-up is ever
//! missed and waits need no timeout.
//!
//! Entries are `u64` keys (see [`key`]) so the heap compares plain integers
//! and holds 8 bytes per ready task.

use super::core::lock;
use crate::graph::TaskId;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

/// A ready task's place in the queue: its priority in the high 32 bits (as
/// `f32` bits, which order like the numbers for non-negative floats), the
/// complement of its id in the low 32 bits. The max-heap thus pops the
/// highest priority first and, among equal priorities (at `f32` precision),
/// the lowest id: the notebook's creation order.
pub(super) fn key(priority: f64, id: TaskId) -> u64 {
    let priority = priority as f32;
    let bits = if priority > 0.0 {
        priority.to_bits()
    } else {
        0
    };
    (u64::from(bits) << 32) | u64::from(!id.0)
}

/// The task a [`key`] stands for.
fn id_of(key: u64) -> TaskId {
    TaskId(!(key as u32))
}

/// What a thread hands back to the queue when it asks for its next task.
#[derive(Debug, Default)]
pub(super) struct Handback {
    /// Keys of the tasks its tasks released (made ready).
    pub(super) released: Vec<u64>,
    /// Tasks it finished since it last took the lock.
    pub(super) finished: usize,
}

/// What the lock protects.
struct State {
    heap: BinaryHeap<u64>,
    /// Tasks counted as finished so far.
    finished: usize,
    /// Threads waiting for a task.
    idle: usize,
}

/// The ready tasks of one run of `total` tasks; see the [module docs](self).
pub(super) struct SharedReadyQueue {
    state: Mutex<State>,
    signal: Condvar,
    total: usize,
    /// Set (under the lock) on cancel or failure: no task is handed out after
    /// it. Read without the lock by sleeping tasks, to wake early.
    pub(super) stopped: AtomicBool,
}

impl SharedReadyQueue {
    /// A queue for `total` tasks holding the `initial` keys.
    pub(super) fn new(total: usize, initial: Vec<u64>) -> Self {
        SharedReadyQueue {
            state: Mutex::new(State {
                heap: BinaryHeap::from(initial),
                finished: 0,
                idle: 0,
            }),
            signal: Condvar::new(),
            total,
            stopped: AtomicBool::new(false),
        }
    }

    /// Takes `back` (emptying it) and returns the highest-priority ready
    /// task. With `block`, waits for one while tasks are still running.
    /// `None` once the run is stopped or over (or, without `block`, when
    /// nothing is ready).
    pub(super) fn next(&self, back: &mut Handback, block: bool) -> Option<TaskId> {
        let mut state = lock(&self.state);
        state.heap.extend(back.released.drain(..));
        state.finished += std::mem::take(&mut back.finished);
        let over = state.finished == self.total;
        let taken = loop {
            if self.stopped.load(Ordering::Relaxed) {
                break None;
            }
            if let Some(key) = state.heap.pop() {
                break Some(id_of(key));
            }
            if !block || state.finished == self.total {
                break None;
            }
            state.idle += 1;
            state = self
                .signal
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            state.idle -= 1;
        };
        // Wake after unlocking, so the woken threads do not block on the
        // lock at once; waiters counted in `idle` are already registered.
        let wake = state.heap.len().min(state.idle);
        drop(state);
        if over {
            self.signal.notify_all();
        } else {
            for _ in 0..wake {
                self.signal.notify_one();
            }
        }
        taken
    }

    /// Stops handing out tasks and wakes every waiting thread.
    pub(super) fn stop(&self) {
        let _state = lock(&self.state);
        self.stopped.store(true, Ordering::Relaxed);
        self.signal.notify_all();
    }

    /// Tasks counted as finished.
    pub(super) fn finished(&self) -> usize {
        lock(&self.state).finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_by_priority_then_lowest_id() {
        let high = key(5.0, TaskId(9));
        let low = key(1.0, TaskId(0));
        assert!(high > low);
        assert!(key(2.0, TaskId(3)) > key(2.0, TaskId(4)));
        assert!(key(0.0, TaskId(1)) > key(0.0, TaskId(2)));
        assert_eq!(key(-0.0, TaskId(7)), key(0.0, TaskId(7)));
        assert!(key(f64::INFINITY, TaskId(0)) > key(1e30, TaskId(0)));
        assert_eq!(id_of(key(3.5, TaskId(42))), TaskId(42));
        assert_eq!(id_of(key(0.0, TaskId(u32::MAX))), TaskId(u32::MAX));
    }

    #[test]
    fn next_hands_out_released_tasks_and_stops() {
        let queue = SharedReadyQueue::new(4, vec![key(1.0, TaskId(0))]);
        let mut back = Handback {
            released: vec![key(3.0, TaskId(2)), key(2.0, TaskId(1))],
            finished: 0,
        };
        assert_eq!(queue.next(&mut back, false), Some(TaskId(2)));
        assert!(back.released.is_empty());
        back.finished = 1;
        assert_eq!(queue.next(&mut back, false), Some(TaskId(1)));
        back.released.push(key(0.5, TaskId(3)));
        back.finished = 1;
        assert_eq!(queue.next(&mut back, false), Some(TaskId(0)));
        assert_eq!(queue.finished(), 2);
        queue.stop();
        assert_eq!(queue.next(&mut back, true), None);
    }

    #[test]
    fn a_blocked_thread_leaves_once_every_task_finished() {
        let queue = SharedReadyQueue::new(1, vec![key(1.0, TaskId(0))]);
        let mut back = Handback::default();
        assert_eq!(queue.next(&mut back, true), Some(TaskId(0)));
        std::thread::scope(|s| {
            let waiter = s.spawn(|| queue.next(&mut Handback::default(), true));
            back.finished = 1;
            assert_eq!(queue.next(&mut back, true), None);
            assert_eq!(waiter.join().ok().flatten(), None);
        });
        assert_eq!(queue.finished(), 1);
    }
}
