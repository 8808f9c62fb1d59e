//! What a finished run reports.

use crate::graph::TaskId;
use crate::trace::Trace;

/// The result of a successful run.
#[derive(Clone, Debug)]
pub struct RunReport<V> {
    /// Every task's thread and interval; `thread` is the run's worker slot
    /// `0..threads`, each slot being one pool thread for the whole run.
    pub trace: Trace,
    /// The outputs of the sink tasks (tasks nothing depends on), by id.
    pub outputs: Vec<(TaskId, V)>,
    /// Threads the run was allowed to use.
    pub threads: usize,
    /// From the first task's start to the last task's end, µs.
    pub makespan_us: f64,
    /// Sum of the task intervals as run (latency and body), µs.
    pub work_us: f64,
    /// Thread time not spent inside tasks, per task:
    /// `(threads × makespan − work) / tasks`, µs. At time scale 0 on a
    /// graph wide enough to keep every thread busy this is the scheduler's
    /// own cost per task.
    pub overhead_us_per_task: f64,
}

impl<V> RunReport<V> {
    /// The output of task `id`, if it is a sink.
    pub fn output(&self, id: TaskId) -> Option<&V> {
        self.outputs.iter().find(|(t, _)| *t == id).map(|(_, v)| v)
    }
}
