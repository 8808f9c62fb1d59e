//! The optional `measurement` section of a graph file: the real Dask run a
//! graph was measured on (`dask_to_dagsim.measure()`), which the calibrated
//! Dask model (`crate::sim::dask`) reads. docs/measurement.md describes every
//! field. Parsed apart from the tasks (the graph reader skips the section),
//! validated here: numbers finite and in range, task keys those of the graph,
//! workers and threads inside the cluster. A file without it has none.

use super::import::parse_file;
use super::shown;
use crate::graph::{Graph, TaskId};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::HashMap;

/// The section's version this reader understands.
pub const MEASUREMENT_VERSION: u32 = 1;
/// The most cores a measured host (or a predicted one) may have: one per
/// thread of the largest cluster the simulator runs.
pub const MAX_CORES: u32 = crate::sim::MAX_WORKERS * crate::sim::MAX_THREADS_PER_WORKER;

/// Why a `measurement` section was rejected; the message names the field
/// (keys quoted and cut, one line whatever the file holds).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("measurement: {0}")]
pub struct MeasurementError(pub String);

/// The cluster the graph ran on.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasuredCluster {
    /// Number of workers.
    pub workers: u32,
    /// Threads of each worker.
    pub threads: Vec<u32>,
    /// CPU cores available to the cluster's processes (their CPU affinity).
    pub cores: u32,
    /// Whether every worker, the scheduler and the client shared one host
    /// of `cores` cores (a LocalCluster). Absent in older files: false, as
    /// if every thread had its own core.
    #[serde(default)]
    pub shared_host: bool,
    /// On a shared host: CPU seconds its `cores` were busy from submission
    /// to the last result, every process's (/proc/stat), when recorded.
    #[serde(default)]
    pub host_busy_s: Option<f64>,
}

/// Where and when one task ran, and how much it held the GIL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaskRun {
    /// Worker index (workers sorted by address).
    pub worker: u32,
    /// Thread slot within the worker.
    pub thread: u32,
    /// `dask.order` priority: lower runs first.
    pub priority: i64,
    /// Start of its compute, ms after submission.
    pub start_ms: f64,
    /// End of its compute, ms after submission.
    pub stop_ms: f64,
    /// Share of its time it held the GIL (0..=1), when the probe saw it alone.
    pub gil_share: Option<f64>,
}

/// One task's entry as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaskRun {
    worker: u32,
    thread: u32,
    priority: i64,
    group: String,
    start_ms: f64,
    stop_ms: f64,
    #[serde(default)]
    gil_share: Option<f64>,
}

/// Per task prefix: thread CPU time against wall time, and the output type.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrefixStats {
    /// Thread CPU seconds of all its tasks.
    pub thread_cpu_s: f64,
    /// Wall seconds minus CPU seconds.
    pub thread_noncpu_s: f64,
    /// The most common Python type of its outputs (`numpy.ndarray`, `dict`…).
    #[serde(default)]
    pub typename: String,
}

/// Transfer costs between workers.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransferCalibration {
    /// "between workers" or "within one worker".
    pub method: String,
    /// Fixed cost of a transfer, µs.
    pub latency_us: f64,
    /// Bytes per µs… in MB/s.
    pub bandwidth_mb_s: f64,
    /// The (bytes, ms) points fitted.
    #[serde(default)]
    pub points: Vec<[f64; 2]>,
}

/// The cluster's micro-benchmarks (`dask_calibrate.calibrate`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// Version of the calibration method.
    pub version: u32,
    /// Scheduler event-loop CPU per task, µs.
    pub scheduler_us_per_task: f64,
    /// Worker event-loop CPU per task, µs.
    pub worker_us_per_task: f64,
    /// Per link of a chain of no-ops beyond those two, µs.
    pub latency_us: f64,
    /// No-op tasks per second the cluster ran.
    pub noop_tasks_per_s: f64,
    /// Transfers of buffers (arrays).
    pub transfer: TransferCalibration,
    /// Serialise + deserialise of lists (tuples, sets), MB (sizeof) per second.
    pub pickle_mb_s: f64,
    /// The same for dicts (absent in older files: `pickle_mb_s`).
    #[serde(default)]
    pub dict_mb_s: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasurement {
    version: u32,
    dask: String,
    distributed: String,
    cluster: MeasuredCluster,
    makespan_ms: f64,
    gil_switch_interval_ms: f64,
    tasks: HashMap<String, RawTaskRun>,
    prefixes: HashMap<String, PrefixStats>,
    #[serde(default)]
    calibration: Option<Calibration>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    measurement: Option<RawMeasurement>,
    #[allow(dead_code)]
    tasks: IgnoredAny,
}

/// A validated `measurement` section, per task indexed by [`TaskId`].
#[derive(Clone, Debug)]
pub struct Measurement {
    /// Dask and distributed versions of the run.
    pub versions: (String, String),
    /// The cluster it ran on.
    pub cluster: MeasuredCluster,
    /// Submission to the last result, ms.
    pub makespan_ms: f64,
    /// The interpreter's GIL switch interval, ms.
    pub gil_switch_interval_ms: f64,
    /// Per task (by id): its run, when recorded.
    pub runs: Vec<Option<TaskRun>>,
    /// Per task (by id): its Dask task group, an index into `groups`
    /// (`u32::MAX` for a task without a run).
    pub group: Vec<u32>,
    /// Group names.
    pub groups: Vec<String>,
    /// Per prefix name.
    pub prefixes: HashMap<String, PrefixStats>,
    /// The cluster's calibration, when measured.
    pub calibration: Option<Calibration>,
}

impl Measurement {
    /// The `measurement` section of graph file `text` (already imported as
    /// `graph`), or None when the file has none.
    pub fn from_json(text: &str, graph: &Graph) -> Result<Option<Measurement>, MeasurementError> {
        let file: File = parse_file(text).map_err(MeasurementError)?;
        file.measurement.map(|m| validate(m, graph)).transpose()
    }

    /// Cores kept busy on the shared host during the run by what the Dask
    /// model does not have (the client, nannies, other programs): the
    /// host's busy CPU time less the tasks' thread CPU time and the
    /// calibrated scheduler and event-loop CPU per task, over the makespan;
    /// 0 to `cluster.cores`. None unless the host was shared and its busy
    /// time recorded.
    pub fn background_cores(&self) -> Option<f64> {
        let busy = self
            .cluster
            .host_busy_s
            .filter(|_| self.cluster.shared_host)?;
        let tasks: f64 = self.prefixes.values().map(|p| p.thread_cpu_s).sum();
        let per_task_us = self
            .calibration
            .as_ref()
            .map_or(0.0, |c| c.scheduler_us_per_task + c.worker_us_per_task);
        let ran = self.runs.iter().flatten().count() as f64;
        let other = busy - tasks - ran * per_task_us / 1e6;
        let seconds = self.makespan_ms / 1e3;
        (seconds > 0.0).then(|| (other / seconds).clamp(0.0, f64::from(self.cluster.cores)))
    }

    /// Thread CPU time over wall time of `prefix`'s tasks, when recorded.
    pub fn cpu_fraction(&self, prefix: &str) -> Option<f64> {
        let p = self.prefixes.get(prefix)?;
        let wall = p.thread_cpu_s + p.thread_noncpu_s;
        (wall > 0.0).then(|| (p.thread_cpu_s / wall).clamp(0.0, 1.0))
    }
}

fn err<T>(message: String) -> Result<T, MeasurementError> {
    Err(MeasurementError(message))
}

fn check(field: &str, value: f64, max: f64) -> Result<(), MeasurementError> {
    if value.is_finite() && (0.0..=max).contains(&value) {
        Ok(())
    } else {
        err(format!(
            "{field}: must be a finite number between 0 and {max}, got {value}"
        ))
    }
}

fn validate(m: RawMeasurement, graph: &Graph) -> Result<Measurement, MeasurementError> {
    const BIG: f64 = 1e12;
    if m.version != MEASUREMENT_VERSION {
        return err(format!(
            "version: must be {MEASUREMENT_VERSION}, got {}",
            m.version
        ));
    }
    let c = &m.cluster;
    if !(1..=crate::sim::MAX_WORKERS).contains(&c.workers) || c.threads.len() != c.workers as usize
    {
        return err(format!(
            "cluster: workers must be 1..={} with one `threads` entry each, got {} and {}",
            crate::sim::MAX_WORKERS,
            c.workers,
            c.threads.len()
        ));
    }
    if let Some(t) = c
        .threads
        .iter()
        .find(|t| !(1..=crate::sim::MAX_THREADS_PER_WORKER).contains(*t))
    {
        return err(format!(
            "cluster.threads: each must be 1..={}, got {t}",
            crate::sim::MAX_THREADS_PER_WORKER
        ));
    }
    if !(1..=MAX_CORES).contains(&c.cores) {
        return err(format!(
            "cluster.cores: must be 1..={MAX_CORES}, got {}",
            c.cores
        ));
    }
    if let Some(busy) = c.host_busy_s {
        check("cluster.host_busy_s", busy, BIG)?;
    }
    check("makespan_ms", m.makespan_ms, BIG)?;
    check("gil_switch_interval_ms", m.gil_switch_interval_ms, 1e6)?;
    let index: HashMap<&str, TaskId> = graph.ids().map(|id| (graph.key(id), id)).collect();
    let mut runs = vec![None; graph.len()];
    let mut group = vec![u32::MAX; graph.len()];
    let mut groups: Vec<String> = Vec::new();
    let mut group_index: HashMap<String, u32> = HashMap::new();
    for (key, raw) in m.tasks {
        let Some(&id) = index.get(key.as_str()) else {
            return err(format!("tasks[{}]: not a key of the graph", shown(&key)));
        };
        let r = TaskRun {
            worker: raw.worker,
            thread: raw.thread,
            priority: raw.priority,
            start_ms: raw.start_ms,
            stop_ms: raw.stop_ms,
            gil_share: raw.gil_share,
        };
        if r.worker >= c.workers || r.thread >= c.threads[r.worker as usize] {
            return err(format!(
                "tasks[{}]: worker {} thread {} is outside the cluster",
                shown(&key),
                r.worker,
                r.thread
            ));
        }
        check(&format!("tasks[{}].start_ms", shown(&key)), r.start_ms, BIG)?;
        check(&format!("tasks[{}].stop_ms", shown(&key)), r.stop_ms, BIG)?;
        if r.stop_ms < r.start_ms {
            return err(format!(
                "tasks[{}]: stop_ms {} before start_ms {}",
                shown(&key),
                r.stop_ms,
                r.start_ms
            ));
        }
        if let Some(g) = r.gil_share {
            check(&format!("tasks[{}].gil_share", shown(&key)), g, 1.0)?;
        }
        let next = groups.len() as u32;
        let gi = *group_index.entry(raw.group).or_insert_with_key(|name| {
            groups.push(name.clone());
            next
        });
        runs[id.index()] = Some(r);
        group[id.index()] = gi;
    }
    for (name, p) in &m.prefixes {
        check(
            &format!("prefixes[{}].thread_cpu_s", shown(name)),
            p.thread_cpu_s,
            BIG,
        )?;
        check(
            &format!("prefixes[{}].thread_noncpu_s", shown(name)),
            p.thread_noncpu_s,
            BIG,
        )?;
    }
    if let Some(cal) = &m.calibration {
        check(
            "calibration.scheduler_us_per_task",
            cal.scheduler_us_per_task,
            1e9,
        )?;
        check(
            "calibration.worker_us_per_task",
            cal.worker_us_per_task,
            1e9,
        )?;
        check("calibration.latency_us", cal.latency_us, 1e9)?;
        check("calibration.noop_tasks_per_s", cal.noop_tasks_per_s, 1e12)?;
        check(
            "calibration.transfer.latency_us",
            cal.transfer.latency_us,
            1e9,
        )?;
        check(
            "calibration.transfer.bandwidth_mb_s",
            cal.transfer.bandwidth_mb_s,
            1e9,
        )?;
        check("calibration.pickle_mb_s", cal.pickle_mb_s, 1e9)?;
        let dict = cal.dict_mb_s.unwrap_or(cal.pickle_mb_s);
        check("calibration.dict_mb_s", dict, 1e9)?;
        if cal.transfer.bandwidth_mb_s <= 0.0 || cal.pickle_mb_s <= 0.0 || dict <= 0.0 {
            return err(
                "calibration: bandwidth_mb_s, pickle_mb_s and dict_mb_s must be positive".into(),
            );
        }
    }
    Ok(Measurement {
        versions: (m.dask, m.distributed),
        cluster: m.cluster,
        makespan_ms: m.makespan_ms,
        gil_switch_interval_ms: m.gil_switch_interval_ms,
        runs,
        group,
        groups,
        prefixes: m.prefixes,
        calibration: m.calibration,
    })
}
