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
use super::queue::Handback;
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
    let mut back = Handback::default();
    let mut inputs = Vec::new();
    while let Some(task) = core.next(&mut back, true) {
        let start = clock::now_us();
        let result = core.compute(&task, &mut inputs);
        if result.is_ok() {
            wait_until(
                core.deadline_us(task.id(), start),
                core.options.mode,
                core.stop_flag(),
            );
        }
        core.finish(task, slot, start, result, &mut back);
    }
    if shared.active.fetch_sub(1, Ordering::AcqRel) == 1 {
        // SAFETY: this is the last worker loop of the run to leave (the
        // counter reached zero), so no other thread touches the core again.
        *lock(&shared.outcome) = Some(unsafe { core.result() });
        shared.finished.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::LatencyMode;
    use crate::graph::{Graph, GraphBuilder, TaskError, TaskId};

    /// Each task's value: its own id plus its inputs' values.
    struct Sums(Graph);

    impl Compute for Sums {
        type Value = Vec<u64>;

        fn graph(&self) -> &Graph {
            &self.0
        }

        fn compute(&self, id: TaskId, inputs: &[&Vec<u64>]) -> Result<Vec<u64>, TaskError> {
            let below: u64 = inputs.iter().map(|v| v[0]).sum();
            Ok(vec![u64::from(id.0) + below])
        }
    }

    #[test]
    fn threads_hand_outputs_to_dependents_on_other_threads() {
        // Two layers of a diamond lattice: every task reads two of the layer
        // below, some twice, so outputs cross threads and are dropped by
        // whichever dependent finishes last.
        let mut b = GraphBuilder::new();
        let sources: Vec<TaskId> = (0..4).map(|i| b.add("a", i, &[], 0.0, 8)).collect();
        let middle: Vec<TaskId> = (0..4)
            .map(|i| {
                b.add(
                    "b",
                    i,
                    &[sources[i as usize], sources[(i as usize + 1) % 4]],
                    0.0,
                    8,
                )
            })
            .collect();
        let sink = b.add(
            "c",
            0,
            &[middle[0], middle[1], middle[2], middle[3], middle[0]],
            0.0,
            8,
        );
        let job = Arc::new(Sums(b.finish()));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let options = RunOptions {
            threads: 3,
            mode: LatencyMode::Spin,
            time_scale: 0.0,
        };
        let report = pool
            .install(|| RunHandle::start(Arc::clone(&job), options))
            .unwrap()
            .wait()
            .unwrap();
        // middle i = 4 + i + i + (i + 1) % 4; the sink reads middle 0 twice.
        let middle_sum = |i: u64| 4 + i + i + (i + 1) % 4;
        let expected = 8 + (0..4).map(middle_sum).sum::<u64>() + middle_sum(0);
        assert_eq!(report.outputs, vec![(sink, vec![expected])]);
    }
}
