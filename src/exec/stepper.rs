//! [`Stepper`]: a run on the calling thread, advanced in time slices.
//!
//! The single-thread wasm build has no pool, and there `std::thread::sleep`
//! traps. The stepper never blocks: a running task's latency is a deadline
//! checked against the clock, and [`Stepper::step`] returns after its time
//! budget so the engine worker can post progress and answer messages between
//! slices. It runs one task at a time, in the same priority order as the pool.

use super::core::{Claimed, Core};
use super::latency::reached;
use super::queue::Handback;
use super::{clock, Progress, RunError, RunOptions, RunReport};
use crate::graph::Compute;
use crate::trace::TraceEvent;
use std::sync::Arc;

/// The task on the (only) thread: its claim, start, deadline and body result.
struct Current<V> {
    task: Claimed,
    start_us: f64,
    deadline_us: f64,
    result: Result<V, RunError>,
}

/// A single-thread run driven by repeated [`Stepper::step`] calls.
pub struct Stepper<C: Compute> {
    core: Core<C>,
    current: Option<Current<C::Value>>,
    /// What the last task hands back to the ready queue.
    back: Handback,
    outcome: Option<Result<RunReport<C::Value>, RunError>>,
    finished: bool,
}

impl<C: Compute> Stepper<C> {
    /// Prepares a run; `options.threads` must be 1.
    pub fn new(job: Arc<C>, options: RunOptions) -> Result<Self, RunError> {
        options.validate(1)?;
        Ok(Stepper {
            core: Core::new(job, options),
            current: None,
            back: Handback::default(),
            outcome: None,
            finished: false,
        })
    }

    /// Works for about `budget_ms` (or until the current task's deadline in
    /// sleep mode) and returns true once the run is over.
    pub fn step(&mut self, budget_ms: f64) -> bool {
        if self.finished {
            return true;
        }
        let core = &self.core;
        let end_us = clock::now_us() + budget_ms * 1e3;
        loop {
            if let Some(current) = &self.current {
                let left = end_us - clock::now_us();
                if !reached(
                    current.deadline_us,
                    core.options.mode,
                    core.stop_flag(),
                    left.max(0.0),
                ) {
                    return false;
                }
                if let Some(done) = self.current.take() {
                    core.finish(done.task, 0, done.start_us, done.result, &mut self.back);
                }
            }
            let Some(task) = core.next(&mut self.back, false) else {
                // SAFETY: a stepper is the run's only thread, and it is
                // between tasks (`current` is empty).
                self.outcome = Some(unsafe { core.result() });
                self.finished = true;
                return true;
            };
            let start_us = clock::now_us();
            let result = core.compute(&task, &mut Vec::new());
            let deadline_us = if result.is_ok() {
                core.deadline_us(task.id(), start_us)
            } else {
                start_us
            };
            self.current = Some(Current {
                task,
                start_us,
                deadline_us,
                result,
            });
            if clock::now_us() >= end_us {
                return false;
            }
        }
    }

    /// Per-prefix counts right now.
    pub fn progress(&self) -> Progress {
        self.core.progress()
    }

    /// Trace events recorded since `cursors` (start with an empty vector and
    /// pass it back each time): the live tail of the trace, for drawing the
    /// task stream while the run goes on.
    pub fn events_since(&self, cursors: &mut Vec<usize>) -> Vec<TraceEvent> {
        self.core.events_since(cursors)
    }

    /// One byte per task: its [`TaskState`](super::TaskState).
    pub fn task_states(&self) -> Vec<u8> {
        self.core.task_states()
    }

    /// Stops the run; the next `step` finishes it as cancelled.
    pub fn cancel(&mut self) {
        self.core.cancel();
    }

    /// The outcome, once finished (taken: later calls return `None`).
    pub fn take_result(&mut self) -> Option<Result<RunReport<C::Value>, RunError>> {
        self.outcome.take()
    }

    /// Runs to the end on this thread.
    pub fn run_to_end(mut self) -> Result<RunReport<C::Value>, RunError> {
        while !self.step(f64::INFINITY) {}
        self.outcome.take().unwrap_or(Err(RunError::Cancelled))
    }
}
