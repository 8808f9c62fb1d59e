//! [`RunHandle`]: a run on the rayon global pool (natively, and in wasm on the
//! wasm-bindgen-rayon pool of Web Workers).
//!
//! Starting a run spawns `threads` worker loops on the pool and returns at
//! once, so the caller (the browser's engine worker) never blocks. Each loop
//! is one rayon job that stays on its pool thread until the run is over,
//! taking ready tasks from the shared queue: the number of loops caps the
//! concurrency, and one page can measure 1, 2, 4, … threads on one pool.

use super::core::{lock, Core};
use super::latency::wait_until;
use super::{clock, Progress, RunError, RunOptions, RunReport};
use crate::graph::Compute;
use crate::trace::TraceEvent;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

type Outcome<V> = Result<RunReport<V>, RunError>;

struct Shared<C: Compute> {
    core: Core<C>,
    /// Worker loops still running.
    active: AtomicUsize,
    /// The outcome, set by the last loop to leave.
    outcome: Mutex<Option<Outcome<C::Value>>>,
    finished: Condvar,
}

/// A run in flight on the rayon pool.
pub struct RunHandle<C: Compute> {
    shared: Arc<Shared<C>>,
}

impl<C: Compute + 'static> RunHandle<C>
where
    C::Value: 'static,
{
    /// Validates `options` against the pool, starts the run and returns at once.
    pub fn start(job: Arc<C>, options: RunOptions) -> Result<Self, RunError> {
        options.validate(rayon::current_num_threads())?;
        let threads = options.threads;
        let shared = Arc::new(Shared {
            core: Core::new(job, options),
            active: AtomicUsize::new(threads),
            outcome: Mutex::new(None),
            finished: Condvar::new(),
        });
        for slot in 0..threads {
            let shared = Arc::clone(&shared);
            rayon::spawn(move || work(&shared, slot));
        }
        Ok(RunHandle { shared })
    }

    /// Per-prefix counts right now; never blocks on the run.
    pub fn progress(&self) -> Progress {
        self.shared.core.progress()
    }

    /// Trace events recorded since `cursors` (start with an empty vector and
    /// pass it back each time): the live tail of the trace, for drawing the
    /// task stream while the run goes on.
    pub fn events_since(&self, cursors: &mut Vec<usize>) -> Vec<TraceEvent> {
        self.shared.core.events_since(cursors)
    }

    /// One byte per task: its [`TaskState`](super::TaskState).
    pub fn task_states(&self) -> Vec<u8> {
        self.shared.core.task_states()
    }

    /// Stops scheduling at once; running tasks' latency ends within 20 ms.
    pub fn cancel(&self) {
        self.shared.core.cancel();
    }

    /// True once every worker loop has left.
    pub fn is_finished(&self) -> bool {
        lock(&self.shared.outcome).is_some()
    }

    /// The outcome, once finished (taken: later calls return `None`).
    pub fn take_result(&self) -> Option<Outcome<C::Value>> {
        lock(&self.shared.outcome).take()
    }

    /// Blocks until the run is over and returns its outcome. Never call it
    /// on a browser's main thread.
    pub fn wait(self) -> Outcome<C::Value> {
        let mut outcome = lock(&self.shared.outcome);
        loop {
            if let Some(result) = outcome.take() {
                return result;
            }
            outcome = self
                .shared
                .finished
                .wait(outcome)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// One worker loop: run ready tasks until the run is over; the last loop out
/// records the outcome.
fn work<C: Compute>(shared: &Shared<C>, slot: usize) {
    let core = &shared.core;
    while let Some(id) = core.pop_ready_blocking() {
        let start = clock::now_us();
        let result = core.compute(id);
        if result.is_ok() {
            wait_until(core.deadline_us(id, start), core.options.mode, &core.stop);
        }
        core.finish(id, slot, start, result);
    }
    if shared.active.fetch_sub(1, Ordering::AcqRel) == 1 {
        *lock(&shared.outcome) = Some(core.result());
        shared.finished.notify_all();
    }
}
