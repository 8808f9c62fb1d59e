//! Queues of ready tasks: the global queue and each worker's queue, highest
//! priority first, ties broken by the order tasks became ready, so a run is
//! deterministic. Entries are 16 bytes: on large graphs a queue holds
//! hundreds of thousands of tasks.
//!
//! The queue is a 4-ary heap rather than a binary one: a task's four
//! children fill one cache line, so taking the first task of a queue of
//! hundreds of thousands walks half as many levels, each one line. The order
//! is the same as any heap's: the queue always yields its greatest entry.

use crate::graph::TaskId;
use std::cmp::Ordering;

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

/// Children per node of the heap.
const ARITY: usize = 4;

/// A queue of ready tasks, highest priority first.
#[derive(Default)]
pub(super) struct ReadyQueue {
    /// A 4-ary max-heap: the children of entry `i` are `4i + 1 ..= 4i + 4`.
    heap: Vec<Queued>,
}

impl ReadyQueue {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tasks queued.
    #[inline]
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when no task is queued.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// The task queued with the highest priority.
    #[inline]
    pub fn peek(&self) -> Option<&Queued> {
        self.heap.first()
    }

    /// Queues `q`.
    pub fn push(&mut self, q: Queued) {
        self.heap.push(q);
        self.sift_up(self.heap.len() - 1, q);
    }

    /// Removes and returns the task queued with the highest priority: the
    /// last entry fills the hole the first leaves, sunk to the bottom along
    /// the greater children and raised back to its place (fewer comparisons
    /// than sinking it while comparing it at every level).
    pub fn pop(&mut self) -> Option<Queued> {
        let last = self.heap.pop()?;
        let Some(&top) = self.heap.first() else {
            return Some(last);
        };
        let h = &mut self.heap;
        let n = h.len();
        let mut hole = 0;
        loop {
            let first = ARITY * hole + 1;
            if first >= n {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + ARITY).min(n) {
                if h[c] > h[best] {
                    best = c;
                }
            }
            h[hole] = h[best];
            hole = best;
        }
        self.sift_up(hole, last);
        Some(top)
    }

    /// Puts `q` at `hole` or above it, moving down the lesser parents.
    fn sift_up(&mut self, mut hole: usize, q: Queued) {
        let h = &mut self.heap;
        while hole > 0 {
            let parent = (hole - 1) / ARITY;
            if h[parent] >= q {
                break;
            }
            h[hole] = h[parent];
            hole = parent;
        }
        h[hole] = q;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 4-ary heap yields what the standard binary heap does.
    #[test]
    fn comes_out_like_a_binary_heap() {
        let mut rng = crate::prng::SplitMix64::stream(1, crate::prng::Purpose::Placement, 0);
        let mut q = ReadyQueue::new();
        let mut reference = std::collections::BinaryHeap::new();
        let mut seq = 0;
        for round in 0..200 {
            let arrivals = if round % 17 == 0 { 300 } else { rng.below(4) };
            for _ in 0..arrivals {
                seq += 1;
                let e = Queued {
                    priority: f64::from(rng.below(50)),
                    seq,
                    task: TaskId(seq),
                };
                q.push(e);
                reference.push(e);
            }
            for _ in 0..rng.below(40) {
                assert_eq!(q.peek().copied(), reference.peek().copied());
                assert_eq!(q.pop(), reference.pop());
                assert_eq!(q.len(), reference.len());
            }
        }
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop(), Some(e));
        }
        assert!(q.is_empty() && q.pop().is_none());
    }

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
