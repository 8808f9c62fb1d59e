//! Queues of ready tasks: the global queue and each worker's queue, highest
//! priority first, ties broken by the order tasks became ready, so a run is
//! deterministic; a worker's queue also finds the best task that fits in its
//! free threads. Entries are 16 bytes: on large graphs a queue holds
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

/// A worker's queue: highest priority first, and the highest-priority task
/// that fits in a number of free threads. Tasks of one thread share one
/// heap; tasks of k > 1 threads have a heap per k (few: a graph has few
/// distinct thread counts), so finding what fits looks at one head per k.
#[derive(Default)]
pub(super) struct WorkerQueue {
    narrow: ReadyQueue,
    /// (threads, the queued tasks needing that many), by threads.
    wide: Vec<(u32, ReadyQueue)>,
    len: usize,
}

impl WorkerQueue {
    /// Queues `q`, a task needing `threads` threads.
    pub fn push(&mut self, q: Queued, threads: u32) {
        self.len += 1;
        if threads <= 1 {
            return self.narrow.push(q);
        }
        let i = match self.wide.binary_search_by_key(&threads, |w| w.0) {
            Ok(i) => i,
            Err(i) => {
                self.wide.insert(i, (threads, ReadyQueue::new()));
                i
            }
        };
        self.wide[i].1.push(q);
    }

    /// The highest-priority task.
    pub fn peek(&self) -> Option<&Queued> {
        self.best(u32::MAX).map(|(_, q)| q)
    }

    /// Takes the highest-priority task.
    pub fn pop(&mut self) -> Option<Queued> {
        self.pop_fitting(u32::MAX)
    }

    /// Takes the highest-priority task needing at most `free` threads.
    pub fn pop_fitting(&mut self, free: u32) -> Option<Queued> {
        let (i, _) = self.best(free)?;
        self.len -= 1;
        let heap = match i {
            None => &mut self.narrow,
            Some(i) => &mut self.wide[i].1,
        };
        heap.pop()
    }

    /// Number of queued tasks.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The best task needing at most `free` threads, if any, and the heap
    /// holding it (`None`: the one-thread heap, else its index in `wide`).
    fn best(&self, free: u32) -> Option<(Option<usize>, &Queued)> {
        let mut best = self.narrow.peek().filter(|_| free >= 1).map(|q| (None, q));
        for (i, (threads, heap)) in self.wide.iter().enumerate() {
            if *threads > free {
                break;
            }
            if let Some(q) = heap.peek() {
                if best.is_none_or(|(_, b)| q > b) {
                    best = Some((Some(i), q));
                }
            }
        }
        best
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
                assert_eq!(q.heap.len(), reference.len());
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

    #[test]
    fn a_worker_queue_hands_out_the_best_task_that_fits() {
        let mut q = WorkerQueue::default();
        // (priority, threads) of tasks 0..5, queued in this order.
        for (task, (priority, threads)) in [(9.0, 3), (8.0, 1), (7.0, 2), (9.0, 1), (1.0, 3)]
            .into_iter()
            .enumerate()
        {
            let q_ = Queued {
                priority,
                seq: task as u32,
                task: TaskId(task as u32),
            };
            q.push(q_, threads);
        }
        assert_eq!((q.len(), q.peek().map(|e| e.task.0)), (5, Some(0)));
        let mut take = |free| q.pop_fitting(free).map(|e| e.task.0);
        assert_eq!(take(2), Some(3)); // 0 needs 3 threads; 3 ties its priority, queued later
        assert_eq!(take(2), Some(1));
        assert_eq!(take(1), None); // 2 needs 2 threads
        assert_eq!(take(3), Some(0));
        assert_eq!(take(3), Some(2));
        assert_eq!(take(3), Some(4));
        assert_eq!(take(3), None);
        assert!(q.is_empty() && q.peek().is_none() && q.pop().is_none());
    }
}
