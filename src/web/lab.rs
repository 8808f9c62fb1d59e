//! The scheduling lab's calls of [`Engine`] (feature `lab`): import a
//! graph file, generate a benchmark family, simulate, sweep, compare, and
//! the Dask model's cluster shapes. Long work advances with `Engine::step`.

use super::engine::{from_js, to_js, Engine};
use super::error::EngineError;
use super::report::{self, set, trace_columns};
use crate::etl::EtlSpec;
use crate::field::FieldError;
use crate::graph::TaskId;
use crate::session::ShapeRequest;
use crate::sim::{CompareCell, SimOptions, SimReport, Transfer};
use crate::trace::{Trace, TraceEvent};
use js_sys::{Float64Array, Object, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Engine {
    /// Imports `text`, a graph in the JSON format, and returns its
    /// `measurement`: the cluster the file was measured on and its
    /// calibration (`session::MeasuredCluster`), or null. Its summary is
    /// `Engine::summary` (here, or in the core that adopts the graph). On a
    /// bad file, throws an error naming the key or field (`field` is
    /// `graph`); the previous graph stays.
    pub fn load(&mut self, text: &str) -> Result<JsValue, EngineError> {
        self.session.load(text)?;
        match self.session.measured() {
            Some(m) => to_js(&m),
            None => Ok(JsValue::NULL),
        }
    }

    /// Starts the calibrated Dask model on every cluster shape (`request`:
    /// a `ShapeRequest`, `{ time_scale, within_s, host_cores }`); advance
    /// it with `Engine::step`, which ends with `{ shapes, calibrated,
    /// host_cores, host_from_file, within }` (see `session::ShapeSweep`).
    #[wasm_bindgen(js_name = startShapes)]
    pub fn start_shapes(&mut self, request: JsValue) -> Result<JsValue, EngineError> {
        let request: ShapeRequest = from_js(request, "request")?;
        report::work_status(self.session.start_shapes(&request)?)
    }

    /// Makes the graph of ESTEE's benchmark family `family` at `size`
    /// (drawn from `seed`) the graph later calls work on (its summary:
    /// `Engine::summary`); it runs like an imported graph. A bad name or
    /// size throws an error naming `family` or `size`; the previous graph
    /// stays.
    pub fn generate(&mut self, family: &str, size: u32, seed: f64) -> Result<(), EngineError> {
        self.session.generate(family, size, seed as u64)?;
        Ok(())
    }

    /// The pipeline of `spec` (the core's `pipelineSpec`) as a runnable
    /// Python script for dask.distributed; a bad spec throws naming the field.
    #[wasm_bindgen(js_name = daskScript)]
    pub fn dask_script(&self, spec: JsValue) -> Result<String, EngineError> {
        let spec: EtlSpec = from_js(spec, "spec")?;
        Ok(crate::export::dask_script(&spec)?)
    }

    /// The core's `lastTrace` (`task`, `thread`, `start`, `end` columns, a
    /// run of the graph handed over) as Chrome trace-event JSON (Perfetto),
    /// named by the graph's keys; columns of unequal lengths, or tasks the
    /// graph does not have, throw an error on `trace`.
    #[wasm_bindgen(js_name = chromeTrace)]
    pub fn chrome_trace(
        &self,
        task: &[u32],
        thread: &[u32],
        start: &[f64],
        end: &[f64],
    ) -> Result<String, EngineError> {
        let n = task.len();
        if thread.len() != n || start.len() != n || end.len() != n {
            return Err(FieldError::new("trace", "columns of unequal lengths").into());
        }
        let events = (0..n)
            .map(|i| TraceEvent {
                task: TaskId(task[i]),
                thread: thread[i],
                start_us: start[i],
                end_us: end[i],
            })
            .collect();
        let threads = thread.iter().max().map_or(0, |t| t + 1);
        let trace = Trace { threads, events };
        Ok(self.session.chrome_trace(&trace)?)
    }

    /// The last finished run's trace as Chrome trace-event JSON, named by
    /// the keys of the graph it ran (a build with the lab in its core: the
    /// page's lab writes a core's trace with `chromeTrace`).
    #[wasm_bindgen(js_name = exportTrace)]
    pub fn export_trace(&self) -> Result<String, EngineError> {
        Ok(self.session.export_trace()?)
    }

    /// `[{ name, size_means, max_size }]`: the families `generate` takes.
    pub fn families(&self) -> Result<JsValue, EngineError> {
        families()
    }

    /// Starts simulating the graph on a cluster (`options`: a `SimOptions`
    /// object); advance it with `Engine::step`, which ends with the report
    /// and the schedule as trace columns.
    #[wasm_bindgen(js_name = startSimulate)]
    pub fn start_simulate(&mut self, options: JsValue) -> Result<JsValue, EngineError> {
        let options: SimOptions = from_js(options, "options")?;
        report::work_status(self.session.start_simulate(&options)?)
    }

    /// Starts a sweep (every policy at 1…256 workers, other options from
    /// `options`, which must leave out `workers` and `policy`); advance it
    /// with `Engine::step`, which ends with the points.
    #[wasm_bindgen(js_name = startSweep)]
    pub fn start_sweep(&mut self, options: JsValue) -> Result<JsValue, EngineError> {
        for field in ["workers", "policy"] {
            // Not an object: `from_js` below says so.
            if js_sys::Reflect::get(&options, &field.into()).is_ok_and(|v| !v.is_undefined()) {
                let message = "a sweep simulates every policy at 1…256 workers: leave it out";
                return Err(FieldError::new(field, message).into());
            }
        }
        let options: SimOptions = from_js(options, "options")?;
        report::work_status(self.session.start_sweep(&options)?)
    }

    /// Starts comparing every policy under every network model on the graph
    /// (other options from `options`); advance it with `Engine::step`,
    /// which ends with `{ lower_ms, cells }`.
    #[wasm_bindgen(js_name = startCompare)]
    pub fn start_compare(&mut self, options: JsValue) -> Result<JsValue, EngineError> {
        let options: SimOptions = from_js(options, "options")?;
        report::work_status(self.session.start_compare(&options)?)
    }
}

/// A simulation's report, with its schedule as trace columns and its
/// transfers as columns `transfer_log: { from, to: Uint32Array, start, end,
/// bytes: Float64Array }` (µs).
pub(super) fn sim_report(report: &SimReport) -> Result<JsValue, EngineError> {
    let object = to_js(report)?;
    set(&object, "trace", &trace_columns(&report.trace.events));
    set(
        &object,
        "transfer_log",
        &transfer_columns(&report.transfer_log),
    );
    set(&object, "threads", &JsValue::from(report.trace.threads));
    Ok(object)
}

#[derive(Serialize)]
struct ComparisonJs<'a> {
    lower_ms: f64,
    cells: &'a [CompareCell],
}

/// A comparison's `{ lower_ms, cells }`.
pub(super) fn comparison(lower_ms: f64, cells: &[CompareCell]) -> Result<JsValue, EngineError> {
    to_js(&ComparisonJs { lower_ms, cells })
}

#[derive(Serialize)]
struct FamilyJs {
    name: &'static str,
    size_means: &'static str,
    max_size: u32,
}

/// The benchmark families as `[{ name, size_means, max_size }]`.
fn families() -> Result<JsValue, EngineError> {
    let list: Vec<FamilyJs> = crate::families::families()
        .map(|f| FamilyJs {
            name: f.name,
            size_means: f.size_means,
            max_size: f.max_size,
        })
        .collect();
    to_js(&list)
}

/// Transfers as columns `{ from, to: Uint32Array, start, end, bytes: Float64Array }`.
fn transfer_columns(log: &[Transfer]) -> JsValue {
    let from: Vec<u32> = log.iter().map(|t| t.from).collect();
    let to: Vec<u32> = log.iter().map(|t| t.to).collect();
    let start: Vec<f64> = log.iter().map(|t| t.start_us).collect();
    let end: Vec<f64> = log.iter().map(|t| t.end_us).collect();
    let bytes: Vec<f64> = log.iter().map(|t| t.bytes as f64).collect();
    let columns: JsValue = Object::new().into();
    set(&columns, "from", &Uint32Array::from(&from[..]));
    set(&columns, "to", &Uint32Array::from(&to[..]));
    set(&columns, "start", &Float64Array::from(&start[..]));
    set(&columns, "end", &Float64Array::from(&end[..]));
    set(&columns, "bytes", &Float64Array::from(&bytes[..]));
    columns
}
