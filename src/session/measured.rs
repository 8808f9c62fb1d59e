//! What the session tells about a graph file's `measurement` section (the
//! real Dask run `dask_to_dagsim.measure()` recorded): the cluster it ran
//! on and its calibration as the simulated-cluster fields a page fills, and
//! the cluster-shape sweep of the calibrated Dask model (`sim::dask`) with
//! the smallest cluster that finishes within a time. The sweep runs a slice
//! of shapes per [`Session::dask_shapes_step`], so the caller can report
//! progress and stop between two slices.

use super::{Built, Session, SessionError};
use crate::field::FieldError;
use crate::graph::{DaskHints, Graph, Measurement};
use crate::sim::dask::{self, DaskFile, DaskOptions, DaskReport, ShapePoint};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The sections of an imported graph file the Dask model reads.
#[derive(Debug, Default)]
pub(super) struct DaskSections {
    /// The real run the file was measured on, if any.
    pub measurement: Option<Measurement>,
    /// Dask's priorities and p2p shuffle volumes, if any.
    pub hints: Option<DaskHints>,
}

impl DaskSections {
    /// The sections of graph file `text` (imported as `graph`); a bad one is
    /// an error on the `graph` field.
    pub fn read(text: &str, graph: &Graph) -> Result<DaskSections, FieldError> {
        let bad = |e: String| FieldError::new("graph", e);
        Ok(DaskSections {
            measurement: Measurement::from_json(text, graph).map_err(|e| bad(e.to_string()))?,
            hints: DaskHints::from_json(text, graph).map_err(|e| bad(e.to_string()))?,
        })
    }

    fn file(&self) -> DaskFile<'_> {
        DaskFile {
            measurement: self.measurement.as_ref(),
            hints: self.hints.as_ref(),
        }
    }
}

/// A measured run, summed up as the simulated cluster that matches it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasuredCluster {
    /// Workers of the measured cluster.
    pub workers: u32,
    /// Threads per worker (the most any of its workers had).
    pub threads_per_worker: u32,
    /// The measured makespan, ms.
    pub makespan_ms: f64,
    /// The Dask version of the run.
    pub dask: String,
    /// Whether the file carries the cluster's calibration (else only the
    /// cluster's shape is known).
    pub calibrated: bool,
    /// Scheduler plus worker event-loop time per task, µs (calibrated).
    pub overhead_us: Option<f64>,
    /// Fixed cost of a transfer between workers, µs (calibrated).
    pub latency_us: Option<f64>,
    /// Transfer bandwidth between workers, MB/s (calibrated).
    pub bandwidth_mb_s: Option<f64>,
}

impl MeasuredCluster {
    /// The summary of `m`.
    pub fn of(m: &Measurement) -> MeasuredCluster {
        let cal = m.calibration.as_ref();
        MeasuredCluster {
            workers: m.cluster.workers,
            threads_per_worker: m.cluster.threads.iter().copied().max().unwrap_or(1),
            makespan_ms: m.makespan_ms,
            dask: m.versions.0.clone(),
            calibrated: cal.is_some(),
            overhead_us: cal.map(|c| c.scheduler_us_per_task + c.worker_us_per_task),
            latency_us: cal.map(|c| c.transfer.latency_us),
            bandwidth_mb_s: cal.map(|c| c.transfer.bandwidth_mb_s),
        }
    }
}

/// Longest time a shape question may ask about, s (a year).
pub const MAX_WITHIN_S: f64 = 31_536_000.0;

/// What a cluster-shape sweep is asked. Missing fields take their defaults.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShapeRequest {
    /// Multiplies every task duration.
    pub time_scale: f64,
    /// Name the smallest cluster that finishes within this many seconds.
    pub within_s: Option<f64>,
}

impl Default for ShapeRequest {
    fn default() -> Self {
        ShapeRequest {
            time_scale: 1.0,
            within_s: None,
        }
    }
}

impl ShapeRequest {
    /// Checks `within_s` (`time_scale` is the model's to check).
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.within_s {
            Some(s) if !(s.is_finite() && s > 0.0 && s <= MAX_WITHIN_S) => Err(FieldError::new(
                "within_s",
                format!("must be a number of seconds above 0 and at most {MAX_WITHIN_S}, got {s}"),
            )),
            _ => Ok(()),
        }
    }
}

/// Makespan against cluster shape, and the answer to "the smallest cluster
/// that finishes within X s".
#[derive(Clone, Debug, Serialize)]
pub struct ShapeSweep {
    /// Every shape swept (workers × threads), Pareto front marked.
    pub shapes: Vec<ShapePoint>,
    /// Whether the file's calibration was used.
    pub calibrated: bool,
    /// The question asked and its answer, when asked.
    pub within: Option<Within>,
}

/// The smallest cluster that finishes within `seconds`, if any shape does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Within {
    /// The time asked, s.
    pub seconds: f64,
    /// `[workers, threads_per_worker]` of the answer; None when no shape swept is fast enough.
    pub shape: Option<[u32; 2]>,
    /// Its predicted makespan, ms.
    pub makespan_ms: Option<f64>,
}

/// A cluster-shape sweep's state after a step: how far it is, and the sweep
/// once done.
#[derive(Clone, Debug, Serialize)]
pub struct ShapeStatus {
    /// Shapes simulated.
    pub done: usize,
    /// Shapes in the whole sweep.
    pub total: usize,
    /// Every shape and the answer, once `done == total`.
    pub sweep: Option<ShapeSweep>,
}

/// A cluster-shape sweep in progress, with the graph and file it sweeps.
pub(super) struct ShapeRun {
    built: Built,
    dask: Arc<DaskSections>,
    options: DaskOptions,
    within_s: Option<f64>,
    reports: Vec<DaskReport>,
}

/// The shapes a sweep tries, in order.
fn shape(i: usize) -> (u32, u32) {
    let threads = dask::SHAPE_THREADS.len();
    (
        dask::SHAPE_WORKERS[i / threads],
        dask::SHAPE_THREADS[i % threads],
    )
}

const SHAPES: usize = dask::SHAPE_WORKERS.len() * dask::SHAPE_THREADS.len();

impl Session {
    /// Starts the calibrated Dask model on every cluster shape
    /// ([`dask::SHAPE_WORKERS`] × [`dask::SHAPE_THREADS`]) of the graph, with
    /// the file's measurement and hints when it has them (else: no overheads,
    /// free transfers); advance it with [`Session::dask_shapes_step`]. A
    /// shape sweep already in progress is replaced.
    pub fn start_dask_shapes(
        &mut self,
        request: &ShapeRequest,
    ) -> Result<ShapeStatus, SessionError> {
        request.validate()?;
        let options = DaskOptions {
            time_scale: request.time_scale,
            ..DaskOptions::default()
        };
        options.validate()?;
        self.shapes = Some(ShapeRun {
            built: self.built()?.clone(),
            dask: Arc::clone(&self.dask),
            options,
            within_s: request.within_s,
            reports: Vec::with_capacity(SHAPES),
        });
        self.shapes_cancelled = false;
        Ok(ShapeStatus {
            done: 0,
            total: SHAPES,
            sweep: None,
        })
    }

    /// Simulates shapes of the sweep in progress for about `budget_ms` (at
    /// least one); when it is done, returns the shapes, the Pareto front of
    /// makespan against core-seconds and the smallest shape that finishes
    /// within the time asked, and forgets it.
    pub fn dask_shapes_step(&mut self, budget_ms: f64) -> Result<ShapeStatus, SessionError> {
        if std::mem::take(&mut self.shapes_cancelled) {
            return Err(SessionError::Order("cluster-shape sweep cancelled"));
        }
        let run = self.shapes.as_mut().ok_or(SessionError::Order(
            "no cluster-shape sweep in progress: start one first",
        ))?;
        let end = crate::exec::clock::now_us() + budget_ms * 1e3;
        loop {
            let (workers, threads_per_worker) = shape(run.reports.len());
            let options = DaskOptions {
                workers,
                threads_per_worker,
                ..run.options
            };
            let report = dask::simulate(run.built.graph(), run.dask.file(), &options)?;
            run.reports.push(report);
            if run.reports.len() == SHAPES || crate::exec::clock::now_us() >= end {
                break;
            }
        }
        let done = run.reports.len();
        let sweep = if done == SHAPES {
            self.shapes.take().map(ShapeRun::finish)
        } else {
            None
        };
        Ok(ShapeStatus {
            done,
            total: SHAPES,
            sweep,
        })
    }
}

impl ShapeRun {
    fn finish(self) -> ShapeSweep {
        let shapes = dask::pareto(self.reports);
        let within = self.within_s.map(|seconds| {
            let best = dask::smallest_within(&shapes, seconds * 1e3).map(|p| &p.report);
            Within {
                seconds,
                shape: best.map(|r| [r.workers, r.threads_per_worker]),
                makespan_ms: best.map(|r| r.makespan_ms),
            }
        });
        ShapeSweep {
            calibrated: self
                .dask
                .measurement
                .as_ref()
                .is_some_and(|m| m.calibration.is_some()),
            shapes,
            within,
        }
    }
}
