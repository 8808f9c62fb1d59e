//! Measurements the benchmark harness (`make bench-wasm`) takes inside the
//! browser, with the same clock as the executor. Only in builds with the
//! `bench` feature (`scripts/build-wasm pkg-bench`), not in the page's wasm.

use super::engine::{from_js, to_js};
use super::error::EngineError;
use crate::etl::{self, EtlSpec};
use crate::exec::clock::now_us;
#[cfg(feature = "lab")]
use crate::sim::{self, SimOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct BuildTiming {
    tasks: usize,
    best_us: f64,
    heap_bytes: usize,
}

/// Builds the ETL graph for `spec` `repeats` times and returns the task
/// count, the best build time in µs and the arena's heap bytes.
#[wasm_bindgen(js_name = benchBuild)]
pub fn bench_build(spec: JsValue, repeats: u32) -> Result<JsValue, EngineError> {
    let spec: EtlSpec = from_js(spec, "spec")?;
    let mut timing = BuildTiming {
        tasks: 0,
        best_us: f64::INFINITY,
        heap_bytes: 0,
    };
    for _ in 0..repeats.max(1) {
        let start = now_us();
        let built = etl::build(&spec)?;
        timing.best_us = timing.best_us.min(now_us() - start);
        timing.tasks = built.graph().len();
        timing.heap_bytes = built.graph().heap_bytes();
    }
    to_js(&timing)
}

#[cfg(feature = "lab")]
#[derive(Serialize)]
struct SimTiming {
    tasks: usize,
    best_us: f64,
    makespan_ms: f64,
}

/// Builds the ETL graph for `spec`, then simulates it `repeats` times under
/// `options` (a `SimOptions` object); returns the best simulation time in µs.
/// Only with the scheduling lab (feature `lab`).
#[cfg(feature = "lab")]
#[wasm_bindgen(js_name = benchSimulate)]
pub fn bench_simulate(
    spec: JsValue,
    options: JsValue,
    repeats: u32,
) -> Result<JsValue, EngineError> {
    let spec: EtlSpec = from_js(spec, "spec")?;
    let options: SimOptions = from_js(options, "options")?;
    let built = etl::build(&spec)?;
    let mut timing = SimTiming {
        tasks: built.graph().len(),
        best_us: f64::INFINITY,
        makespan_ms: 0.0,
    };
    for _ in 0..repeats.max(1) {
        let start = now_us();
        let report = sim::simulate(built.graph(), &options)?;
        timing.best_us = timing.best_us.min(now_us() - start);
        timing.makespan_ms = report.makespan_ms;
    }
    to_js(&timing)
}
