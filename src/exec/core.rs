//! The state of one run shared by whoever executes it (pool threads or the
//! single-thread stepper): dependency counters, the ready queue, outputs,
//! task states and the trace. It decides nothing about threads or waiting.
//!
//! A task becomes ready the moment its last dependency finishes (an atomic
//! countdown per task, no level barriers). Ready tasks are ordered by
//! critical-path-first priority: the largest bottom level (the longest chain
//! of durations from the task to a sink, the task included) runs first; ties
//! go to the lowest id, i.e. the notebook's creation order. The ready queue
//! is the only lock a task passes through, held for a heap push or pop.
//! A task's output is dropped as soon as its last dependent has finished.

use super::progress::{self, Progress, TaskState};
use super::{clock, RunError, RunOptions, RunReport};
use crate::graph::{Compute, Dependents, Graph, TaskId};
use crate::trace::{Trace, TraceEvent};
use std::cmp::Ordering as CmpOrdering;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// A ready task in the queue, ordered by priority, then lowest id.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ready {
    priority: f64,
    id: TaskId,
}

impl Eq for Ready {}

impl Ord for Ready {
    fn cmp(&self, other: &Self) -> CmpOrdering {
        self.priority
            .total_cmp(&other.priority)
            .then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for Ready {
    fn partial_cmp(&self, other: &Self) -> Option<CmpOrdering> {
        Some(self.cmp(other))
    }
}

/// Locks `m`, ignoring poisoning: nothing here panics while holding a lock.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Shared state of one run of `C`.
pub(super) struct Core<C: Compute> {
    pub(super) job: Arc<C>,
    pub(super) options: RunOptions,
    dependents: Dependents,
    priority: Vec<f64>,
    pending: Vec<AtomicU32>,
    consumers: Vec<AtomicU32>,
    outputs: Vec<Mutex<Option<Arc<C::Value>>>>,
    states: Vec<AtomicU8>,
    ready: Mutex<BinaryHeap<Ready>>,
    /// Signalled when tasks become ready or the run is over (threaded runs).
    ready_signal: Condvar,
    finished_tasks: AtomicUsize,
    /// Set on cancel or failure: no task starts after it.
    pub(super) stop: AtomicBool,
    failure: Mutex<Option<RunError>>,
    traces: Vec<Mutex<Vec<TraceEvent>>>,
    started_us: f64,
}

impl<C: Compute> Core<C> {
    /// Prepares a run: counters, priorities, and the tasks without
    /// dependencies in the ready queue.
    pub(super) fn new(job: Arc<C>, options: RunOptions) -> Self {
        let graph = job.graph();
        let n = graph.len();
        let dependents = graph.dependents();
        let priority = graph.bottom_levels_ms();
        let pending: Vec<AtomicU32> = graph
            .ids()
            .map(|id| AtomicU32::new(graph.deps(id).len() as u32))
            .collect();
        let consumers = graph
            .ids()
            .map(|id| AtomicU32::new(dependents.of(id).len() as u32))
            .collect();
        let states: Vec<AtomicU8> = (0..n)
            .map(|_| AtomicU8::new(TaskState::Waiting as u8))
            .collect();
        let mut heap = BinaryHeap::new();
        for id in graph.ids().filter(|id| graph.deps(*id).is_empty()) {
            states[id.index()].store(TaskState::Ready as u8, Ordering::Relaxed);
            heap.push(Ready {
                priority: priority[id.index()],
                id,
            });
        }
        let threads = options.threads;
        Core {
            job: Arc::clone(&job),
            options,
            dependents,
            priority,
            pending,
            consumers,
            outputs: (0..n).map(|_| Mutex::new(None)).collect(),
            states,
            ready: Mutex::new(heap),
            ready_signal: Condvar::new(),
            finished_tasks: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            failure: Mutex::new(None),
            traces: (0..threads).map(|_| Mutex::new(Vec::new())).collect(),
            started_us: clock::now_us(),
        }
    }

    fn graph(&self) -> &Graph {
        self.job.graph()
    }

    /// True when every task finished or the run was stopped.
    #[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
    fn is_over(&self) -> bool {
        self.stop.load(Ordering::Acquire)
            || self.finished_tasks.load(Ordering::Acquire) == self.graph().len()
    }

    /// Takes the highest-priority ready task, if any (none once stopped).
    pub(super) fn pop_ready(&self) -> Option<TaskId> {
        if self.stop.load(Ordering::Acquire) {
            return None;
        }
        let id = lock(&self.ready).pop()?.id;
        self.states[id.index()].store(TaskState::Running as u8, Ordering::Relaxed);
        Some(id)
    }

    /// Takes the highest-priority ready task, waiting for one while the run
    /// goes on; `None` once the run is over. For threads that may block.
    #[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
    pub(super) fn pop_ready_blocking(&self) -> Option<TaskId> {
        let mut queue = lock(&self.ready);
        loop {
            if self.is_over() {
                return None;
            }
            if let Some(ready) = queue.pop() {
                self.states[ready.id.index()].store(TaskState::Running as u8, Ordering::Relaxed);
                return Some(ready.id);
            }
            // The timeout only bounds the cost of a missed wake-up; pushes
            // and the end of the run notify under this lock.
            queue = self
                .ready_signal
                .wait_timeout(queue, std::time::Duration::from_millis(50))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// When task `id`, starting at `start_us`, has spent its drawn duration.
    pub(super) fn deadline_us(&self, id: TaskId, start_us: f64) -> f64 {
        start_us + self.graph().duration_ms(id) * self.options.time_scale * 1e3
    }

    /// Runs the body of task `id` on its dependencies' outputs.
    pub(super) fn compute(&self, id: TaskId) -> Result<C::Value, RunError> {
        let inputs: Vec<Arc<C::Value>> = self
            .graph()
            .deps(id)
            .iter()
            .filter_map(|d| lock(&self.outputs[d.index()]).clone())
            .collect();
        let refs: Vec<&C::Value> = inputs.iter().map(Arc::as_ref).collect();
        self.job
            .compute(id, &refs)
            .map_err(|e| RunError::TaskFailed {
                key: self.graph().key(id).to_owned(),
                message: e.0,
            })
    }

    /// Records task `id`'s interval on `slot` and its result; on success
    /// releases its dependents (queueing those now ready) and drops inputs no
    /// one needs any more; on failure stops the run.
    pub(super) fn finish(
        &self,
        id: TaskId,
        slot: usize,
        start_us: f64,
        result: Result<C::Value, RunError>,
    ) {
        let end_us = clock::now_us();
        lock(&self.traces[slot]).push(TraceEvent {
            task: id,
            thread: slot as u32,
            start_us: start_us - self.started_us,
            end_us: end_us - self.started_us,
        });
        let value = match result {
            Ok(value) => value,
            Err(error) => {
                self.states[id.index()].store(TaskState::Failed as u8, Ordering::Relaxed);
                lock(&self.failure).get_or_insert(error);
                self.stop_all();
                return;
            }
        };
        *lock(&self.outputs[id.index()]) = Some(Arc::new(value));
        self.states[id.index()].store(TaskState::Done as u8, Ordering::Relaxed);
        for dep in self.graph().deps(id) {
            if self.consumers[dep.index()].fetch_sub(1, Ordering::AcqRel) == 1 {
                *lock(&self.outputs[dep.index()]) = None;
            }
        }
        let mut released = Vec::new();
        for &next in self.dependents.of(id) {
            if self.pending[next.index()].fetch_sub(1, Ordering::AcqRel) == 1 {
                self.states[next.index()].store(TaskState::Ready as u8, Ordering::Relaxed);
                released.push(Ready {
                    priority: self.priority[next.index()],
                    id: next,
                });
            }
        }
        if !released.is_empty() {
            lock(&self.ready).extend(released.iter().copied());
            self.ready_signal.notify_all();
        }
        if self.finished_tasks.fetch_add(1, Ordering::AcqRel) + 1 == self.graph().len() {
            let _queue = lock(&self.ready);
            self.ready_signal.notify_all();
        }
    }

    /// Stops the run as cancelled (unless it already failed).
    pub(super) fn cancel(&self) {
        lock(&self.failure).get_or_insert(RunError::Cancelled);
        self.stop_all();
    }

    /// Sets `stop` and wakes every waiting thread.
    fn stop_all(&self) {
        let _queue = lock(&self.ready);
        self.stop.store(true, Ordering::Release);
        self.ready_signal.notify_all();
    }

    /// A snapshot of the per-prefix counts.
    pub(super) fn progress(&self) -> Progress {
        progress::count(
            self.graph(),
            &self.states,
            (clock::now_us() - self.started_us) / 1e3,
        )
    }

    /// The trace events recorded since `cursors` (one per slot, grown as
    /// needed), advancing them: the live tail of the trace.
    pub(super) fn events_since(&self, cursors: &mut Vec<usize>) -> Vec<TraceEvent> {
        cursors.resize(self.traces.len(), 0);
        let mut events = Vec::new();
        for (slot, cursor) in self.traces.iter().zip(cursors.iter_mut()) {
            let slot = lock(slot);
            events.extend_from_slice(slot.get(*cursor..).unwrap_or_default());
            *cursor = slot.len();
        }
        events
    }

    /// One byte per task: its [`TaskState`].
    pub(super) fn task_states(&self) -> Vec<u8> {
        self.states
            .iter()
            .map(|s| s.load(Ordering::Relaxed))
            .collect()
    }

    /// The run's result, once every executor has stopped.
    pub(super) fn result(&self) -> Result<RunReport<C::Value>, RunError> {
        if let Some(error) = lock(&self.failure).clone() {
            return Err(error);
        }
        if self.finished_tasks.load(Ordering::Acquire) != self.graph().len() {
            return Err(RunError::Cancelled);
        }
        let mut events: Vec<TraceEvent> = self
            .traces
            .iter()
            .flat_map(|t| std::mem::take(&mut *lock(t)))
            .collect();
        events.sort_by(|a, b| a.end_us.total_cmp(&b.end_us));
        let first = events
            .iter()
            .map(|e| e.start_us)
            .fold(f64::INFINITY, f64::min);
        let last = events.iter().map(|e| e.end_us).fold(0.0, f64::max);
        let makespan_us = if events.is_empty() { 0.0 } else { last - first };
        let work_us: f64 = events.iter().map(|e| e.end_us - e.start_us).sum();
        let threads = self.options.threads;
        let outputs = self
            .graph()
            .ids()
            .filter(|id| self.dependents.of(*id).is_empty())
            .filter_map(|id| {
                let value = lock(&self.outputs[id.index()]).take()?;
                Some((id, Arc::try_unwrap(value).ok()?))
            })
            .collect();
        let tasks = events.len().max(1) as f64;
        Ok(RunReport {
            overhead_us_per_task: ((threads as f64 * makespan_us - work_us) / tasks).max(0.0),
            trace: Trace {
                threads: threads as u32,
                events,
            },
            outputs,
            threads,
            makespan_us,
            work_us,
        })
    }
}
