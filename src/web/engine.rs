//! [`Engine`]: the built pipeline (or imported graph) and the run in flight,
//! driven by the engine worker's messages.

use super::report;
use crate::dot::{self, DotOptions};
use crate::etl::{self, Etl, EtlSpec};
use crate::exec::{Replay, RunError, RunOptions};
use crate::graph::{Compute, Graph};
use crate::sim::{self, SimOptions};
use crate::trace::Trace;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A run of `C`: on the pool (threaded build) or stepped on this thread.
#[cfg(feature = "threads")]
type Run<C> = crate::exec::RunHandle<C>;
#[cfg(not(feature = "threads"))]
type Run<C> = crate::exec::Stepper<C>;

/// What the engine holds: the ETL pipeline it built, or a graph it imported
/// (run without task bodies, see [`Replay`]).
enum Built {
    Etl(Arc<Etl>),
    Imported(Arc<Replay>),
}

impl Built {
    fn graph(&self) -> &Graph {
        match self {
            Built::Etl(etl) => etl.graph(),
            Built::Imported(replay) => replay.graph(),
        }
    }
}

/// The run in flight, of whichever kind of graph was built when it started
/// (an ETL run keeps its pipeline, to read the answer from its outputs).
enum ActiveRun {
    Etl(Run<Etl>, Arc<Etl>),
    Imported(Run<Replay>),
}

/// Evaluates `$body` with `$run` bound to the run inside an [`ActiveRun`].
macro_rules! on_run {
    ($active:expr, $run:ident => $body:expr) => {
        match $active {
            ActiveRun::Etl($run, _) => $body,
            ActiveRun::Imported($run) => $body,
        }
    };
}

/// The engine the worker owns: build a pipeline or import a graph, run it,
/// watch it, cancel it, simulate it.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    built: Option<Built>,
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
        self.hold(Built::Etl(Arc::new(etl)))
    }

    /// Imports `text`, a graph in the JSON format (see `Graph::from_json`),
    /// and returns its summary like [`Engine::build`]. Its runs spend each
    /// task's duration without a body, so they have no answer. On a bad file,
    /// throws an error naming the field or the key; the previous graph stays.
    pub fn load(&mut self, text: &str) -> Result<JsValue, JsError> {
        let graph = Graph::from_json(text).map_err(|e| JsError::new(&e.to_string()))?;
        self.hold(Built::Imported(Arc::new(Replay::new(graph))))
    }

    /// Makes `built` the graph every later call works on (the last run's
    /// trace goes with the old one) and returns its summary.
    fn hold(&mut self, built: Built) -> Result<JsValue, JsError> {
        let summary = report::summary(built.graph())?;
        self.built = Some(built);
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
        let options: RunOptions = from_js(options, "options")?;
        options.validate(self.pool_threads()).map_err(js_error)?;
        let run = match self.built()? {
            Built::Etl(etl) => {
                start(Arc::clone(etl), options).map(|run| ActiveRun::Etl(run, Arc::clone(etl)))
            }
            Built::Imported(replay) => start(Arc::clone(replay), options).map(ActiveRun::Imported),
        };
        self.run = Some(run.map_err(js_error)?);
        self.cursors.clear();
        Ok(())
    }

    /// Advances the run (single-thread build: works for up to `budget_ms`;
    /// threaded build: only looks) and tells whether it has finished.
    pub fn poll(&mut self, budget_ms: f64) -> bool {
        match &mut self.run {
            None => true,
            Some(active) => on_run!(active, run => advance(run, budget_ms)),
        }
    }

    /// Live per-prefix counts of the run in flight (or the last one).
    pub fn progress(&self) -> Result<JsValue, JsError> {
        match &self.run {
            Some(active) => to_js(&on_run!(active, run => run.progress())),
            None => Ok(JsValue::NULL),
        }
    }

    /// Per-task states of the run in flight as bytes (see `exec::TaskState`).
    #[wasm_bindgen(js_name = taskStates)]
    pub fn task_states(&self) -> Option<Vec<u8>> {
        self.run
            .as_ref()
            .map(|active| on_run!(active, run => run.task_states()))
    }

    /// Trace events recorded since the last call, as columns (see
    /// `takeResult`): the live tail for the task stream.
    #[wasm_bindgen(js_name = traceTail)]
    pub fn trace_tail(&mut self) -> JsValue {
        match &self.run {
            Some(active) => {
                let events = on_run!(active, run => run.events_since(&mut self.cursors));
                report::trace_columns(&events)
            }
            None => JsValue::NULL,
        }
    }

    /// The built graph as `json` (the documented graph format) or `dot`.
    #[wasm_bindgen(js_name = exportGraph)]
    pub fn export_graph(&self, format: &str) -> Result<String, JsError> {
        let graph = self.built()?.graph();
        match format {
            "json" => Ok(graph.to_json()),
            "dot" => Ok(dot::to_dot(graph, &DotOptions::default())),
            other => Err(JsError::new(&format!(
                "format: must be json or dot, got {other:?}"
            ))),
        }
    }

    /// The built pipeline as a runnable Python script for dask.distributed
    /// that gives the same answer (see `export`).
    #[wasm_bindgen(js_name = exportDask)]
    pub fn export_dask(&self) -> Result<String, JsError> {
        match self.built()? {
            Built::Etl(etl) => {
                crate::export::dask_script(etl.spec()).map_err(|e| JsError::new(&e.to_string()))
            }
            Built::Imported(_) => Err(JsError::new(
                "the Dask script exports the ETL pipeline: an imported graph has no task bodies",
            )),
        }
    }

    /// `dask_to_dagsim.py`: the Python module that turns a Dask graph (and
    /// its task stream) into a graph file `load` takes.
    #[wasm_bindgen(js_name = exportDaskConverter)]
    pub fn export_dask_converter(&self) -> String {
        crate::export::DASK_TO_DAGSIM.to_owned()
    }

    /// The last finished run's trace as Chrome trace-event JSON (Perfetto).
    #[wasm_bindgen(js_name = exportTrace)]
    pub fn export_trace(&self) -> Result<String, JsError> {
        let graph = self.built()?.graph();
        let trace = self
            .last_trace
            .as_ref()
            .ok_or_else(|| JsError::new("no finished run yet"))?;
        Ok(trace.to_chrome_json(graph))
    }

    /// Simulates the built graph on a cluster (`options`: a `SimOptions`
    /// object) and returns the report with the schedule as trace columns.
    pub fn simulate(&self, options: JsValue) -> Result<JsValue, JsError> {
        let graph = self.built()?.graph();
        let options: SimOptions = from_js(options, "options")?;
        let report = sim::simulate(graph, &options).map_err(|e| JsError::new(&e.to_string()))?;
        report::sim_report(&report)
    }

    /// Speedup curves of the built graph: every policy at 1, 2, 4, …, 256
    /// workers (other options from `options`).
    pub fn sweep(&self, options: JsValue) -> Result<JsValue, JsError> {
        let graph = self.built()?.graph();
        let options: SimOptions = from_js(options, "options")?;
        let points = sim::sweep(
            graph,
            &options,
            &sim::SWEEP_WORKERS,
            &sim::PolicyKind::SWEPT,
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&points)
    }

    /// The built pipeline or imported graph, or an error saying to build first.
    fn built(&self) -> Result<&Built, JsError> {
        self.built
            .as_ref()
            .ok_or_else(|| JsError::new("nothing built yet: call build first"))
    }

    /// Asks the run in flight to stop; it finishes as cancelled.
    pub fn cancel(&mut self) {
        if let Some(active) = &mut self.run {
            on_run!(active, run => run.cancel());
        }
    }

    /// The finished run's report (best pair — null for an imported graph —,
    /// timings, columnar trace), or the error naming the failed task, or
    /// "cancelled". Clears the run.
    #[wasm_bindgen(js_name = takeResult)]
    pub fn take_result(&mut self) -> Result<JsValue, JsError> {
        let active = self
            .run
            .as_mut()
            .ok_or_else(|| JsError::new("no run in flight"))?;
        let not_yet = || JsError::new("the run has not finished yet");
        let finished = match active {
            ActiveRun::Etl(run, etl) => run.take_result().ok_or_else(not_yet)?.map(|report| {
                let best = report.output(etl.target()).and_then(|v| etl.best(v));
                (report::run_report(best, &report), report.trace)
            }),
            ActiveRun::Imported(run) => run
                .take_result()
                .ok_or_else(not_yet)?
                .map(|report| (report::run_report(None, &report), report.trace)),
        };
        self.run = None;
        let (object, trace) = finished.map_err(js_error)?;
        self.last_trace = Some(trace);
        object
    }
}

/// Starts a run of `job`.
#[cfg(feature = "threads")]
fn start<C: Compute + 'static>(job: Arc<C>, options: RunOptions) -> Result<Run<C>, RunError> {
    crate::exec::RunHandle::start(job, options)
}

/// Starts a run of `job`.
#[cfg(not(feature = "threads"))]
fn start<C: Compute + 'static>(job: Arc<C>, options: RunOptions) -> Result<Run<C>, RunError> {
    crate::exec::Stepper::new(job, options)
}

/// Whether the run is over (threaded build: only looks).
#[cfg(feature = "threads")]
fn advance<C: Compute + 'static>(run: &mut Run<C>, _budget_ms: f64) -> bool {
    run.is_finished()
}

/// Works on the run for up to `budget_ms`; whether it is over.
#[cfg(not(feature = "threads"))]
fn advance<C: Compute + 'static>(run: &mut Run<C>, budget_ms: f64) -> bool {
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
