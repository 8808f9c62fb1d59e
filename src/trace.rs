//! The schedule of one run, real or simulated: which task ran on which thread,
//! from when to when. The executor records it, the simulator produces it, and
//! the page draws both with the same views.

use crate::graph::{Graph, TaskId};
use serde::Serialize;

/// One task's execution interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TraceEvent {
    /// The task that ran.
    pub task: TaskId,
    /// The thread (executor) or worker-thread slot (simulator) it ran on, `0..threads`.
    pub thread: u32,
    /// Start, in µs since the run began.
    pub start_us: f64,
    /// End, in µs since the run began (≥ `start_us`).
    pub end_us: f64,
}

/// Every task execution of a run, in order of completion.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trace {
    /// Number of threads (rows) the run used.
    pub threads: u32,
    /// One event per executed task.
    pub events: Vec<TraceEvent>,
}

impl Trace {
    /// The time from the run's start to its last task's end, in µs.
    pub fn makespan_us(&self) -> f64 {
        self.events.iter().map(|e| e.end_us).fold(0.0, f64::max)
    }

    /// The trace as Chrome trace-event JSON (the "JSON Array Format" of complete
    /// `X` events), which Perfetto and `chrome://tracing` open. Each event is
    /// named by its task key, grouped (`cat`) by prefix, one `tid` per thread.
    pub fn to_chrome_json(&self, graph: &Graph) -> String {
        let events: Vec<serde_json::Value> = self
            .events
            .iter()
            .map(|e| {
                serde_json::json!({
                    "name": graph.key(e.task),
                    "cat": graph.prefix(e.task),
                    "ph": "X",
                    "ts": e.start_us,
                    "dur": e.end_us - e.start_us,
                    "pid": 1,
                    "tid": e.thread,
                })
            })
            .collect();
        serde_json::Value::Array(events).to_string()
    }
}
