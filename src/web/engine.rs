//! [`Engine`]: the wasm-bindgen shell over a [`Session`] — JS values in,
//! JS values out, errors as JS `Error`s with a `field` (see [`EngineError`]).
//! Every decision about what a call may do lives in the session.

use super::error::EngineError;
use super::report;
use crate::etl::{self, EtlSpec};
use crate::exec::{self, RunOptions};
use crate::field::FieldError;
use crate::session::Session;
use crate::sim;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The wasm memory of either build, bytes: the threaded build's maximum
/// (`.cargo/config.toml`, `--max-memory`); the single-thread build could
/// grow further but is held to the same budget.
pub const WASM_MEMORY_BYTES: usize = 1 << 30;

/// The engine the worker owns: build a pipeline or import a graph, run it,
/// watch it, cancel it, simulate and sweep it.
#[wasm_bindgen]
pub struct Engine {
    pub(super) session: Session,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            session: Session::new(WASM_MEMORY_BYTES),
        }
    }
}

/// What the engine accepts, for the page to check before it reads a file
/// or sends a field.
#[derive(Serialize)]
struct Limits {
    memory_bytes: usize,
    import_bytes: usize,
    import_tasks: usize,
    fields: FieldRanges,
}

/// `[min, max]` of the numeric fields whose ranges the page shows (the same
/// numbers the validators check).
#[derive(Serialize)]
struct FieldRanges {
    files: (u32, u32),
    compares: (u32, u32),
    records_per_file: (u32, u32),
    time_scale: (f64, f64),
    workers: (u32, u32),
    threads_per_worker: (u32, u32),
    noise: (f64, f64),
    scheduling_interval_us: (f64, f64),
}

impl FieldRanges {
    const ALL: FieldRanges = FieldRanges {
        files: etl::FILES,
        compares: etl::COMPARES,
        records_per_file: etl::RECORDS_PER_FILE,
        time_scale: (0.0, exec::MAX_TIME_SCALE),
        workers: (1, sim::MAX_WORKERS),
        threads_per_worker: (1, sim::MAX_THREADS_PER_WORKER),
        noise: (0.0, sim::MAX_NOISE),
        scheduling_interval_us: (0.0, sim::MAX_SCHEDULING_INTERVAL_US),
    };
}

#[wasm_bindgen]
impl Engine {
    /// An engine with nothing built.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Number of threads runs may use: the pool size (1 in the single-thread build).
    #[wasm_bindgen(js_name = poolThreads)]
    pub fn pool_threads(&self) -> usize {
        rayon::current_num_threads()
    }

    /// `{ memory_bytes, import_bytes, import_tasks, fields }`: the wasm
    /// memory, the largest graph file `load` takes, and `[min, max]` of the
    /// numeric fields (`files`, `workers`, …).
    pub fn limits(&self) -> Result<JsValue, EngineError> {
        let limits = self.session.limits();
        to_js(&Limits {
            memory_bytes: WASM_MEMORY_BYTES,
            import_bytes: limits.max_bytes,
            import_tasks: limits.max_tasks,
            fields: FieldRanges::ALL,
        })
    }

    /// Throws (one sentence: size, limit, the way out) when a graph file of
    /// `bytes` bytes is too large to load; call it before reading the file.
    #[wasm_bindgen(js_name = checkImportSize)]
    pub fn check_import_size(&self, bytes: f64) -> Result<(), EngineError> {
        Ok(self.session.check_import_size(bytes as u64)?)
    }

    /// `{ tasks, bytes }`: what the pipeline of `spec` will take (see
    /// `EtlSpec::estimate`), before building it.
    pub fn estimate(&self, spec: JsValue) -> Result<JsValue, EngineError> {
        let spec: EtlSpec = from_js(spec, "spec")?;
        to_js(&spec.estimate())
    }

    /// Starts building the ETL graph for `spec` (missing fields take their
    /// defaults) in steps; advance it with [`Engine::step`], whose `done` and
    /// `total` count tasks (`done` is `total` while the summary is made, in
    /// steps too) and which ends with the summary as `result` (the graph
    /// later calls work on from then). On bad input, throws an error with the field; until the build
    /// ends, and when it is cancelled, the previous graph stays.
    #[wasm_bindgen(js_name = startBuild)]
    pub fn start_build(&mut self, spec: JsValue) -> Result<JsValue, EngineError> {
        let spec: EtlSpec = from_js(spec, "spec")?;
        report::work_status(self.session.start_build(&spec)?)
    }

    /// Starts running the graph with `options` (a `RunOptions` object) and
    /// returns at once; follow it with [`Engine::poll`].
    #[wasm_bindgen(js_name = startRun)]
    pub fn start_run(&mut self, options: JsValue) -> Result<(), EngineError> {
        let options: RunOptions = from_js(options, "options")?;
        Ok(self.session.start_run(options)?)
    }

    /// Advances the run (single-thread build: works for up to `budget_ms`;
    /// threaded build: only looks) and tells whether it has finished.
    pub fn poll(&mut self, budget_ms: f64) -> bool {
        self.session.poll(budget_ms)
    }

    /// Live per-prefix counts of the run in flight, or null.
    pub fn progress(&self) -> Result<JsValue, EngineError> {
        match self.session.progress() {
            Some(progress) => to_js(&progress),
            None => Ok(JsValue::NULL),
        }
    }

    /// Per-task states of the run in flight as bytes (see `exec::TaskState`).
    #[wasm_bindgen(js_name = taskStates)]
    pub fn task_states(&self) -> Option<Vec<u8>> {
        self.session.task_states()
    }

    /// Trace events recorded since the last call, as columns, or null.
    #[wasm_bindgen(js_name = traceTail)]
    pub fn trace_tail(&mut self) -> JsValue {
        self.session
            .trace_tail()
            .map_or(JsValue::NULL, |events| report::trace_columns(&events))
    }

    /// The graph as `dot`, or (the scheduling lab only) `json`, the
    /// documented graph format.
    #[wasm_bindgen(js_name = exportGraph)]
    pub fn export_graph(&self, format: &str) -> Result<String, EngineError> {
        Ok(self.session.export_graph(format)?)
    }

    /// The spec of the pipeline the engine holds (for the lab's
    /// `daskScript`); throws for an imported graph, which has no task bodies.
    #[wasm_bindgen(js_name = pipelineSpec)]
    pub fn pipeline_spec(&self) -> Result<JsValue, EngineError> {
        to_js(self.session.spec()?)
    }

    /// The last finished run's trace as columns (see `traceTail`) and
    /// `current`: whether that run ran the graph built now (else
    /// `startSend(true)` sends the graph it ran); the lab's `chromeTrace`
    /// writes it as JSON.
    #[wasm_bindgen(js_name = lastTrace)]
    pub fn last_trace(&self) -> Result<JsValue, EngineError> {
        let (trace, current) = self.session.last_trace()?;
        let columns = report::trace_columns(&trace.events);
        report::set(&columns, "current", &JsValue::from_bool(current));
        Ok(columns)
    }

    /// Works on the simulation, sweep, comparison, shape sweep or build in
    /// progress for about `budget_ms`; returns `{ done, total, current,
    /// result }`: simulations (a build: tasks) done and in all, how far the
    /// current one is (0 to 1), and the result once done (else null). Throws
    /// "sweep cancelled" (or "simulation", "comparison", "shape sweep",
    /// "build") once after
    /// [`Engine::cancel`].
    pub fn step(&mut self, budget_ms: f64) -> Result<JsValue, EngineError> {
        report::work_status(self.session.step(budget_ms)?)
    }

    /// Stops the run in flight (it finishes as cancelled) and the work in
    /// progress (simulation, sweep, comparison, shape sweep).
    pub fn cancel(&mut self) {
        self.session.cancel();
    }

    /// The finished run's report (best pair — null for an imported graph —,
    /// timings, columnar trace), or the error naming the failed task, or
    /// "run cancelled". Clears the run.
    #[wasm_bindgen(js_name = takeResult)]
    pub fn take_result(&mut self) -> Result<JsValue, EngineError> {
        let finished = self.session.take_result()?;
        report::run_report(finished.best, &finished.report)
    }
}

/// Reads a plain JS object as `T`; a bad one is a field error on `what`.
pub(super) fn from_js<T: serde::de::DeserializeOwned>(
    value: JsValue,
    what: &str,
) -> Result<T, EngineError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| FieldError::new(what, e.to_string()).into())
}

/// Serialises plain data as JS objects (maps as objects, not `Map`s).
pub(super) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, EngineError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}
