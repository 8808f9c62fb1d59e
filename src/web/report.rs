//! What the engine sends back to JS: a built graph's summary and a finished
//! run's report, with the trace as typed arrays.

use super::engine::to_js;
use super::error::EngineError;
#[cfg(feature = "lab")]
use super::lab;
use crate::dot;
use crate::etl::Best;
use crate::exec::{RunReport, TaskState};
use crate::graph::Graph;
use crate::session::{WorkResult, WorkStatus};
use crate::summary::Summary;
use crate::trace::TraceEvent;
use js_sys::{Float64Array, Object, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct PrefixSummary<'a> {
    name: &'a str,
    count: usize,
    color: &'static str,
}

#[derive(Serialize)]
struct GraphSummary<'a> {
    tasks: usize,
    edges: usize,
    work_ms: f64,
    span_ms: f64,
    parallelism: f64,
    prefixes: Vec<PrefixSummary<'a>>,
    state_names: [&'static str; 5],
    state_colors: [&'static str; 5],
    dot: &'a str,
    grouped: bool,
    keys: Option<Vec<&'a str>>,
}

/// Graphs up to this size send their keys along (for tooltips)…
const MAX_TASKS_WITH_KEYS: usize = 100_000;
/// …when their keys take at most this many bytes in all.
const MAX_KEY_BYTES: usize = 16 << 20;

/// The summary of an imported or generated graph, made in one call (see
/// [`summary_js`]).
pub(super) fn summary(graph: &Graph) -> Result<JsValue, EngineError> {
    summary_js(graph, &Summary::of(graph))
}

/// The summary of a built or imported graph, from its [`Summary`]: sizes,
/// work, span, one entry per prefix group (`Graph::groups`: at most 20) with
/// its task count and colour, the task states' names and colours (indexed by
/// `Engine::taskStates` bytes), the DOT to draw (grouped by prefix for big
/// graphs), the keys (up to 100k tasks and 16 MB of key text), `prefix_of`
/// (Uint32Array: each task's group index) and `durations_ms`
/// (Float64Array). Copies of the per-task arrays, no pass over the graph.
pub(super) fn summary_js(graph: &Graph, summary: &Summary) -> Result<JsValue, EngineError> {
    let stats = &summary.stats;
    let groups = graph.groups();
    let object = to_js(&GraphSummary {
        tasks: stats.tasks,
        edges: stats.edges,
        work_ms: stats.work_ms,
        span_ms: stats.span_ms,
        parallelism: stats.parallelism,
        prefixes: groups
            .names()
            .iter()
            .zip(&summary.group_counts)
            .enumerate()
            .map(|(i, (name, &count))| PrefixSummary {
                name,
                count,
                color: dot::prefix_color(i),
            })
            .collect(),
        state_names: TaskState::NAMES,
        state_colors: dot::STATE_COLORS,
        dot: &summary.dot,
        grouped: summary.grouped,
        keys: (graph.len() <= MAX_TASKS_WITH_KEYS && graph.key_bytes() <= MAX_KEY_BYTES)
            .then(|| graph.ids().map(|id| graph.key(id)).collect()),
    })?;
    set(
        &object,
        "prefix_of",
        &Uint32Array::from(&summary.group_of[..]),
    );
    set(
        &object,
        "durations_ms",
        &Float64Array::from(graph.durations_ms()),
    );
    Ok(object)
}

#[derive(Serialize)]
struct RunSummary {
    best: Option<Best>,
    tasks: usize,
    threads: usize,
    makespan_ms: f64,
    work_ms: f64,
    overhead_us_per_task: f64,
}

/// A finished run's report: the answer (`best`, none for an imported
/// graph), the timings, and the trace as columns
/// `{ task, thread: Uint32Array, start, end: Float64Array }` (µs).
pub(super) fn run_report<V>(
    best: Option<Best>,
    report: &RunReport<V>,
) -> Result<JsValue, EngineError> {
    let summary = RunSummary {
        best,
        tasks: report.trace.events.len(),
        threads: report.threads,
        makespan_ms: report.makespan_us / 1e3,
        work_ms: report.work_us / 1e3,
        overhead_us_per_task: report.overhead_us_per_task,
    };
    let object = to_js(&summary)?;
    set(&object, "trace", &trace_columns(&report.trace.events));
    Ok(object)
}

#[derive(Serialize)]
struct WorkJs {
    done: usize,
    total: usize,
    current: f64,
}

/// Long work's `{ done, total, current, result }` (`result` null until it
/// is done; then a built graph's summary, a simulation's report (`lab::sim_report`), a sweep's points,
/// a comparison's `{ lower_ms, cells }` or a shape sweep).
pub(super) fn work_status(status: WorkStatus) -> Result<JsValue, EngineError> {
    let object = to_js(&WorkJs {
        done: status.done,
        total: status.total,
        current: status.current,
    })?;
    let result = match &status.result {
        None => JsValue::NULL,
        Some(WorkResult::Adopted) => JsValue::TRUE,
        Some(WorkResult::Built { etl, summary }) => summary_js(etl.graph(), summary)?,
        #[cfg(feature = "lab")]
        Some(WorkResult::Simulation(report)) => lab::sim_report(report)?,
        #[cfg(feature = "lab")]
        Some(WorkResult::Sweep(points)) => to_js(points)?,
        #[cfg(feature = "lab")]
        Some(WorkResult::Comparison { lower_ms, cells }) => lab::comparison(*lower_ms, cells)?,
        #[cfg(feature = "lab")]
        Some(WorkResult::Shapes(sweep)) => to_js(sweep)?,
    };
    set(&object, "result", &result);
    Ok(object)
}

/// Trace events as columns `{ task, thread: Uint32Array, start, end: Float64Array }`.
pub(super) fn trace_columns(events: &[TraceEvent]) -> JsValue {
    let e = events;
    let task: Vec<u32> = e.iter().map(|e| e.task.0).collect();
    let thread: Vec<u32> = e.iter().map(|e| e.thread).collect();
    let start: Vec<f64> = e.iter().map(|e| e.start_us).collect();
    let end: Vec<f64> = e.iter().map(|e| e.end_us).collect();
    let columns: JsValue = Object::new().into();
    set(&columns, "task", &Uint32Array::from(&task[..]));
    set(&columns, "thread", &Uint32Array::from(&thread[..]));
    set(&columns, "start", &Float64Array::from(&start[..]));
    set(&columns, "end", &Float64Array::from(&end[..]));
    columns
}

/// Sets `object[name] = value` on a plain object we just made, which cannot fail.
pub(super) fn set(object: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &name.into(), value);
}
