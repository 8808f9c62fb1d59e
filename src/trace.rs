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
        let events: Vec<ChromeEvent> = self
            .events
            .iter()
            .map(|e| ChromeEvent {
                cat: graph.prefix(e.task),
                dur: e.end_us - e.start_us,
                name: graph.key(e.task),
                ph: "X",
                pid: 1,
                tid: e.thread,
                ts: e.start_us,
            })
            .collect();
        // Only strings and finite numbers: serialising cannot fail.
        serde_json::to_string(&events).unwrap_or_default()
    }
}

/// One complete (`X`) event of [`Trace::to_chrome_json`], fields in
/// alphabetical order as the format's examples write them.
#[derive(Serialize)]
struct ChromeEvent<'g> {
    cat: &'g str,
    dur: f64,
    name: &'g str,
    ph: &'static str,
    pid: u32,
    tid: u32,
    ts: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    #[test]
    fn chrome_json_is_an_array_of_complete_events() {
        let mut b = GraphBuilder::new();
        let load = b.add("lo\"ad", 0, &[], 1.0, 0);
        let graph = b.finish();
        let trace = Trace {
            threads: 2,
            events: vec![TraceEvent {
                task: load,
                thread: 1,
                start_us: 2.5,
                end_us: 10.0,
            }],
        };
        let key = serde_json::to_string(graph.key(load)).unwrap();
        assert_eq!(
            trace.to_chrome_json(&graph),
            format!(
                r#"[{{"cat":"lo\"ad","dur":7.5,"name":{key},"ph":"X","pid":1,"tid":1,"ts":2.5}}]"#
            )
        );
        assert_eq!(Trace::default().to_chrome_json(&graph), "[]");
    }
}
