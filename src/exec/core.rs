//! The state of one run shared by whoever executes it (pool threads or the
//! single-thread stepper): dependency counters, the ready queue, outputs,
//! task states and the trace. It decides nothing about threads or waiting.
//!
//! A task becomes ready the moment its last dependency finishes (an atomic
//! countdown per task, no level barriers). Ready tasks are ordered by
//! critical-path-first priority: the largest bottom level (the longest chain
//! of durations from the task to a sink, the task included) runs first; ties
//! go to the lowest id, i.e. the notebook's creation order. The ready queue
//! ([`SharedReadyQueue`]) is the only lock shared by all threads, taken once per
//! task. A task's output is dropped as soon as its last dependent has
//! finished.

use super::outputs::Outputs;
use super::progress::{self, Progress, TaskState};
use super::queue::{self, Handback, SharedReadyQueue};
use super::{clock, RunError, RunOptions, RunReport};
use crate::graph::{Compute, Dependents, Graph, TaskId};
use crate::trace::{Trace, TraceEvent};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Locks `m`, ignoring poisoning: nothing here panics while holding a lock.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A task taken from the ready queue by [`Core::next`]: the right to run it
/// once. Only `next` makes one and [`Core::finish`] consumes it, so the
/// compiler enforces what the output slots' safety rests on — a task's body
/// runs only after its dependencies finished ([`Core::compute`] borrows the
/// claim), and it finishes exactly once, by whoever claimed it.
#[must_use = "a claimed task must be finished, or the run never ends"]
pub(super) struct Claimed(TaskId);

impl Claimed {
    /// The claimed task.
    pub(super) fn id(&self) -> TaskId {
        self.0
    }
}

/// Shared state of one run of `C`.
pub(super) struct Core<C: Compute> {
    pub(super) job: Arc<C>,
    pub(super) options: RunOptions,
    dependents: Dependents,
    /// Each task's ready-queue key (its priority), computed once.
    keys: Vec<u64>,
    pending: Vec<AtomicU32>,
    consumers: Vec<AtomicU32>,
    outputs: Outputs<C::Value>,
    states: Vec<AtomicU8>,
    queue: SharedReadyQueue,
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
        let keys: Vec<u64> = graph
            .bottom_levels_ms()
            .into_iter()
            .zip(graph.ids())
            .map(|(level, id)| queue::key(level, id))
            .collect();
        let pending: Vec<AtomicU32> = graph
            .ids()
            .map(|id| AtomicU32::new(graph.deps(id).len() as u32))
            .collect();
        let consumers = graph
            .ids()
            .map(|id| AtomicU32::new(dependents.of(id).len() as u32))
            .collect();
        let sources: Vec<TaskId> = graph
            .ids()
            .filter(|id| graph.deps(*id).is_empty())
            .collect();
        let states: Vec<AtomicU8> = (0..n)
            .map(|_| AtomicU8::new(TaskState::Waiting as u8))
            .collect();
        for id in &sources {
            states[id.index()].store(TaskState::Ready as u8, Ordering::Relaxed);
        }
        let queue = SharedReadyQueue::new(n, sources.iter().map(|id| keys[id.index()]).collect());
        let threads = options.threads;
        Core {
            job: Arc::clone(&job),
            options,
            dependents,
            keys,
            pending,
            consumers,
            outputs: Outputs::new(n),
            states,
            queue,
            failure: Mutex::new(None),
            traces: (0..threads).map(|_| Mutex::new(Vec::new())).collect(),
            started_us: clock::now_us(),
        }
    }

    fn graph(&self) -> &Graph {
        self.job.graph()
    }

    /// Set on cancel or failure; sleeping tasks watch it to wake early.
    pub(super) fn stop_flag(&self) -> &AtomicBool {
        &self.queue.stopped
    }

    /// Hands `back` to the ready queue and takes the highest-priority ready
    /// task, marking it running. With `block`, waits while tasks are still
    /// running; `None` once the run is stopped or over (or, without `block`,
    /// nothing is ready). See [`SharedReadyQueue::next`].
    pub(super) fn next(&self, back: &mut Handback, block: bool) -> Option<Claimed> {
        let id = self.queue.next(back, block)?;
        self.states[id.index()].store(TaskState::Running as u8, Ordering::Relaxed);
        Some(Claimed(id))
    }

    /// When task `id`, starting at `start_us`, has spent its drawn duration.
    pub(super) fn deadline_us(&self, id: TaskId, start_us: f64) -> f64 {
        start_us + self.graph().duration_ms(id) * self.options.time_scale * 1e3
    }

    /// Runs the body of the claimed task on its dependencies' outputs,
    /// gathered in `inputs` (a buffer reused across tasks, left empty).
    pub(super) fn compute<'a>(
        &'a self,
        task: &Claimed,
        inputs: &mut Vec<&'a C::Value>,
    ) -> Result<C::Value, RunError> {
        let id = task.0;
        // SAFETY: the claim proves `id` was ready, so every dependency
        // finished; this task counts itself out of their consumers only in
        // `finish` (which consumes the claim), after `inputs` is cleared below.
        inputs.extend(
            self.graph()
                .deps(id)
                .iter()
                .filter_map(|d| unsafe { self.outputs.get(*d) }),
        );
        let result = self.job.compute(id, inputs);
        inputs.clear();
        result.map_err(|e| RunError::TaskFailed {
            key: self.graph().key(id).to_owned(),
            message: e.0,
        })
    }

    /// Records the claimed task's interval on `slot` and its result, and
    /// counts it in `back`; on success adds the dependents it made ready to
    /// `back` and drops inputs no one needs any more; on failure stops the
    /// run. Hand `back` to [`Core::next`].
    pub(super) fn finish(
        &self,
        task: Claimed,
        slot: usize,
        start_us: f64,
        result: Result<C::Value, RunError>,
        back: &mut Handback,
    ) {
        let id = task.0;
        let end_us = clock::now_us();
        back.finished += 1;
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
                self.queue.stop();
                return;
            }
        };
        // SAFETY: this thread holds the only claim on `id` (consumed here),
        // and releases its dependents only below.
        unsafe { self.outputs.set(id, value) };
        self.states[id.index()].store(TaskState::Done as u8, Ordering::Relaxed);
        for &dep in self.graph().deps(id) {
            if self.consumers[dep.index()].fetch_sub(1, Ordering::AcqRel) == 1 {
                // SAFETY: every consumer of `dep` has counted itself out
                // after reading it (acquire on the last decrement).
                drop(unsafe { self.outputs.take(dep) });
            }
        }
        for &next in self.dependents.of(id) {
            if self.pending[next.index()].fetch_sub(1, Ordering::AcqRel) == 1 {
                self.states[next.index()].store(TaskState::Ready as u8, Ordering::Relaxed);
                back.released.push(self.keys[next.index()]);
            }
        }
    }

    /// Stops the run as cancelled (unless it already failed).
    pub(super) fn cancel(&self) {
        lock(&self.failure).get_or_insert(RunError::Cancelled);
        self.queue.stop();
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

    /// The run's result, with the sinks' outputs taken out of their slots.
    ///
    /// # Safety
    ///
    /// Call it once, after every thread of the run has left it: no
    /// [`Core::compute`] or [`Core::finish`] may be in progress or come later,
    /// since it takes outputs without the consumer counts that guard them.
    pub(super) unsafe fn result(&self) -> Result<RunReport<C::Value>, RunError> {
        if let Some(error) = lock(&self.failure).clone() {
            return Err(error);
        }
        if self.queue.finished() != self.graph().len() {
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
            // SAFETY: sinks have no consumers, and the caller guarantees
            // every thread of the run has left (see `# Safety`).
            .filter_map(|id| Some((id, unsafe { self.outputs.take(id) }?)))
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
