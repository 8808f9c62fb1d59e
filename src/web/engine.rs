//! [`Engine`]: the built pipeline and the run in flight, driven by the engine
//! worker's messages.

use super::report;
use crate::dot::{self, DotOptions};
use crate::etl::{self, Etl, EtlSpec};
use crate::exec::{RunError, RunOptions};
use crate::sim::{self, SimOptions};
use crate::trace::Trace;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The run in flight: on the pool (threaded build) or stepped on this thread.
#[cfg(feature = "threads")]
type ActiveRun = crate::exec::RunHandle<Etl>;
#[cfg(not(feature = "threads"))]
type ActiveRun = crate::exec::Stepper<Etl>;

/// The engine the worker owns: build a pipeline, run it, watch it, cancel it.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    etl: Option<Arc<Etl>>,
    run: Option<ActiveRun>,
    /// How much of each slot's trace the page has already received.
    cursors: Vec<usize>,
    /// The last finished run's trace, for export.
    last_trace: Option<Trace>,
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

    /// Builds the ETL graph for `spec` (an `EtlSpec` as a plain object; missing
    /// fields take their defaults) and returns its summary. On bad input,
    /// throws an error naming the field and the allowed range; the previous
    /// graph stays.
    pub fn build(&mut self, spec: JsValue) -> Result<JsValue, JsError> {
        let spec: EtlSpec = from_js(spec, "spec")?;
        let etl = etl::build(&spec).map_err(|e| JsError::new(&e.to_string()))?;
        let summary = report::summary(&etl)?;
        self.etl = Some(Arc::new(etl));
        self.last_trace = None;
        Ok(summary)
    }

    /// Starts running the built graph with `options` (a `RunOptions` object)
    /// and returns at once; follow it with [`Engine::poll`].
    #[wasm_bindgen(js_name = startRun)]
    pub fn start_run(&mut self, options: JsValue) -> Result<(), JsError> {
        if self.run.is_some() {
            return Err(JsError::new(
                "a run is already in progress: cancel it first",
            ));
        }
        let etl = Arc::clone(self.built()?);
        let options: RunOptions = from_js(options, "options")?;
        options.validate(self.pool_threads()).map_err(js_error)?;
        self.run = Some(start(etl, options).map_err(js_error)?);
        self.cursors.clear();
        Ok(())
    }

    /// Advances the run (single-thread build: works for up to `budget_ms`;
    /// threaded build: only looks) and tells whether it has finished.
    pub fn poll(&mut self, budget_ms: f64) -> bool {
        match &mut self.run {
            None => true,
            Some(run) => advance(run, budget_ms),
        }
    }

    /// Live per-prefix counts of the run in flight (or the last one).
    pub fn progress(&self) -> Result<JsValue, JsError> {
        match &self.run {
            Some(run) => to_js(&run.progress()),
            None => Ok(JsValue::NULL),
        }
    }

    /// Per-task states of the run in flight as bytes (see `exec::TaskState`).
    #[wasm_bindgen(js_name = taskStates)]
    pub fn task_states(&self) -> Option<Vec<u8>> {
        self.run.as_ref().map(|run| run.task_states())
    }

    /// Trace events recorded since the last call, as columns (see
    /// `takeResult`): the live tail for the task stream.
    #[wasm_bindgen(js_name = traceTail)]
    pub fn trace_tail(&mut self) -> JsValue {
        match &self.run {
            Some(run) => report::trace_columns(&run.events_since(&mut self.cursors)),
            None => JsValue::NULL,
        }
    }

    /// The built graph as `json` (the documented graph format) or `dot`.
    #[wasm_bindgen(js_name = exportGraph)]
    pub fn export_graph(&self, format: &str) -> Result<String, JsError> {
        let etl = self.built()?;
        match format {
            "json" => Ok(etl.graph().to_json()),
            "dot" => Ok(dot::to_dot(etl.graph(), &DotOptions::default())),
            other => Err(JsError::new(&format!(
                "format: must be json or dot, got {other:?}"
            ))),
        }
    }

    /// The built pipeline as a runnable Python script for dask.distributed
    /// that gives the same answer (see `export`).
    #[wasm_bindgen(js_name = exportDask)]
    pub fn export_dask(&self) -> Result<String, JsError> {
        crate::export::dask_script(self.built()?.spec()).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The last finished run's trace as Chrome trace-event JSON (Perfetto).
    #[wasm_bindgen(js_name = exportTrace)]
    pub fn export_trace(&self) -> Result<String, JsError> {
        let etl = self.built()?;
        let trace = self
            .last_trace
            .as_ref()
            .ok_or_else(|| JsError::new("no finished run yet"))?;
        Ok(trace.to_chrome_json(etl.graph()))
    }

    /// Simulates the built graph on a cluster (`options`: a `SimOptions`
    /// object) and returns the report with the schedule as trace columns.
    pub fn simulate(&self, options: JsValue) -> Result<JsValue, JsError> {
        let etl = self.built()?;
        let options: SimOptions = from_js(options, "options")?;
        let report =
            sim::simulate(etl.graph(), &options).map_err(|e| JsError::new(&e.to_string()))?;
        report::sim_report(&report)
    }

    /// Speedup curves of the built graph: every policy at 1, 2, 4, …, 256
    /// workers (other options from `options`).
    pub fn sweep(&self, options: JsValue) -> Result<JsValue, JsError> {
        let etl = self.built()?;
        let options: SimOptions = from_js(options, "options")?;
        let points = sim::sweep(
            etl.graph(),
            &options,
            &sim::SWEEP_WORKERS,
            &sim::PolicyKind::ALL,
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&points)
    }

    /// The built pipeline, or an error saying to build first.
    fn built(&self) -> Result<&Arc<Etl>, JsError> {
        self.etl
            .as_ref()
            .ok_or_else(|| JsError::new("nothing built yet: call build first"))
    }

    /// Asks the run in flight to stop; it finishes as cancelled.
    pub fn cancel(&mut self) {
        if let Some(run) = &mut self.run {
            run.cancel();
        }
    }

    /// The finished run's report (best pair, timings, columnar trace), or the
    /// error naming the failed task, or "cancelled". Clears the run.
    #[wasm_bindgen(js_name = takeResult)]
    pub fn take_result(&mut self) -> Result<JsValue, JsError> {
        let etl = Arc::clone(self.built()?);
        let run = self
            .run
            .as_mut()
            .ok_or_else(|| JsError::new("no run in flight"))?;
        let result = run
            .take_result()
            .ok_or_else(|| JsError::new("the run has not finished yet"))?;
        self.run = None;
        let report = result.map_err(js_error)?;
        self.last_trace = Some(report.trace.clone());
        report::run_report(&etl, report)
    }
}

#[cfg(feature = "threads")]
fn start(etl: Arc<Etl>, options: RunOptions) -> Result<ActiveRun, RunError> {
    crate::exec::RunHandle::start(etl, options)
}

#[cfg(not(feature = "threads"))]
fn start(etl: Arc<Etl>, options: RunOptions) -> Result<ActiveRun, RunError> {
    crate::exec::Stepper::new(etl, options)
}

#[cfg(feature = "threads")]
fn advance(run: &mut ActiveRun, _budget_ms: f64) -> bool {
    run.is_finished()
}

#[cfg(not(feature = "threads"))]
fn advance(run: &mut ActiveRun, budget_ms: f64) -> bool {
    run.step(budget_ms)
}

fn js_error(e: RunError) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads a plain JS object as `T`; errors start with `what` (the argument).
pub(super) fn from_js<T: serde::de::DeserializeOwned>(
    value: JsValue,
    what: &str,
) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// Serialises plain data as JS objects (maps as objects, not `Map`s).
pub(super) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
