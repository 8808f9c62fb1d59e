//! What the session tells about a graph file's `measurement` section (the
//! real Dask run `dask_to_dagsim.measure()` recorded): the cluster it ran
//! on and its calibration as the simulated-cluster fields a page fills, and
//! the cluster-shape sweep of the calibrated Dask model (`sim::dask`) with
//! the smallest cluster that finishes within a time (long work, run by
//! `work`); the file's `dask` section (priorities, p2p shuffle volumes) the
//! model reads too.

use crate::field::FieldError;
use crate::graph::{DaskHints, Graph, Measurement};
use crate::sim::dask::{DaskFile, ShapePoint};
use serde::{Deserialize, Serialize};

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

    /// Both sections, as the Dask model reads them.
    pub fn file(&self) -> DaskFile<'_> {
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
    /// Cores of the one host the measured workers shared (a LocalCluster);
    /// None when the file does not say they shared one.
    pub host_cores: Option<u32>,
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
            host_cores: m.cluster.shared_host.then_some(m.cluster.cores),
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
    /// Cores of the one host the workers share (0: every thread its own
    /// core); None: the measured host's when its workers shared one, else 0.
    pub host_cores: Option<u32>,
}

impl Default for ShapeRequest {
    fn default() -> Self {
        ShapeRequest {
            time_scale: 1.0,
            within_s: None,
            host_cores: None,
        }
    }
}

impl ShapeRequest {
    /// Checks `within_s` (`time_scale` and `host_cores` are the model's to check).
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
    /// Cores of the one host every shape's workers share (0: every thread
    /// its own core).
    pub host_cores: u32,
    /// Whether `host_cores` is the measured host's, from the file (the
    /// request left it out).
    pub host_from_file: bool,
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
