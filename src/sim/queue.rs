//! Queues of ready tasks: the global queue and each worker's queue. A max-heap
//! on the policy's priority, ties broken by the order tasks became ready, so
//! a run is deterministic. Entries are 16 bytes: on large graphs a queue
//! holds hundreds of thousands of tasks.

use crate::graph::TaskId;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A queued task: priority first, then the order it became ready.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Queued {
    /// The policy's priority; larger runs first.
    pub priority: f64,
    /// Position in the order tasks became ready (each task is queued once).
    pub seq: u32,
    /// The task.
    pub task: TaskId,
}

impl Eq for Queued {}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .total_cmp(&other.priority)
            .then(other.seq.cmp(&self.seq))
    }
}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A queue of ready tasks, highest priority first.
pub(super) type ReadyQueue = BinaryHeap<Queued>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_priority_first_then_ready_order() {
        let mut q = ReadyQueue::new();
        for (priority, seq, task) in [(1.0, 0, 0), (5.0, 1, 1), (1.0, 2, 2), (5.0, 3, 3)] {
            q.push(Queued {
                priority,
                seq,
                task: TaskId(task),
            });
        }
        let order: Vec<u32> = std::iter::from_fn(|| q.pop().map(|e| e.task.0)).collect();
        assert_eq!(order, vec![1, 3, 0, 2]);
        assert!(q.is_empty());
        assert_eq!(std::mem::size_of::<Queued>(), 16);
    }
}
