//! The calibrated Dask model (`dagsim simulate --policy dask`): predicts what
//! real `dask.distributed` takes on P workers × T threads from a graph
//! measured on another cluster (`dask_to_dagsim.measure()`), charging each
//! cost where Dask incurs it:
//!
//! - the scheduler is one serial resource: it takes in the graph first
//!   (distributed's `update_graph`: as long as it took in the measured run,
//!   submission to the first task's start less one message; else the
//!   calibrated scheduler time per task for every task), then every task's
//!   completion costs it the calibrated scheduler time before its dependents
//!   are released (the calibrated CPU times are first scaled to wall time,
//!   `wall.rs`, whose no-op batch and chain the model reproduces);
//! - each worker's event loop is serial: reporting a task costs the
//!   calibrated worker time, stretched by the GIL its running tasks hold,
//!   and the freed thread starts its next task once the loop is done;
//! - messages between scheduler and worker take half the calibrated
//!   transfer's fixed cost (a request and its reply) over distributed's
//!   batched streams (`batched.rs`): the scheduler writes to a worker at
//!   most every 5 ms, a worker to the scheduler every 2 ms, a deferred write
//!   going out late after its deadline (how late: `wall.rs`, from the
//!   calibration's no-op chain);
//! - a worker fetches inputs it lacks over one incoming link: a latency plus
//!   bytes over the calibrated bandwidth (arrays, frames), or for lists,
//!   dicts, tuples and sets (which distributed serialises element by element
//!   on the sender's event loop) over the calibrated serialisation rate,
//!   holding the sender's loop and its GIL (its running tasks slow down, and
//!   the serialisation waits for the GIL work they have left);
//! - threads of one worker share a GIL: a task holding it a share g of its
//!   time runs at 1 / ((1 − g) + g · max(1, G)), G the sum of the shares of
//!   the tasks running on that worker;
//! - workers that share a host of C cores (a LocalCluster; by default the
//!   measured host when the file says its workers shared one, else every
//!   thread its own core) share them (`host.rs`): the running tasks (each
//!   counting its GIL rate) and the busy scheduler and event loops each want
//!   a core, and every task runs at min(1, C / demand) of its GIL rate, the
//!   scheduler's and loops' work at that share too;
//! - the measured durations are first made solo the same way, from the
//!   measured run's own overlaps (GIL, and cores when its host was shared);
//! - a p2p shuffle's input tasks send their data (the file's `dask.p2p_bytes`)
//!   to every worker outside the graph's edges, evenly, over the receivers'
//!   links; its barrier returns once all of it has arrived; its output tasks
//!   are pinned to their partitions' workers;
//! - placement and order follow distributed (`placement.rs`): root-ish
//!   queuing with `worker-saturation` 1.1, `decide_worker`, work stealing
//!   with its transfer-cost levels, Dask's recorded `dask.order` priorities
//!   (else the file's `dask.priority`, else critical path first).
//!
//! Deterministic. Cost O(events × running tasks): meant for the clusters a
//! measured graph is predicted on (tens of workers), not thousands. A
//! cluster-shape sweep runs in steps ([`Shapes`]), so a caller can stop it
//! within one simulation of a large graph.

mod batched;
mod costs;
mod host;
mod model;
mod placement;
mod wall;

use crate::exec::MAX_TIME_SCALE;
use crate::field::{self, FieldError};
use crate::graph::{DaskHints, Graph, Measurement, MAX_CORES};
use crate::sim::{Bounds, MAX_THREADS_PER_WORKER, MAX_WORKERS};
use serde::Serialize;
use std::ops::Deref;
use std::sync::Arc;

/// distributed's default `worker-saturation`.
pub const DEFAULT_SATURATION: f64 = 1.1;
/// Worker counts a cluster-shape sweep tries by default.
pub const SHAPE_WORKERS: [u32; 5] = [1, 2, 4, 8, 16];
/// Threads per worker a cluster-shape sweep tries by default.
pub const SHAPE_THREADS: [u32; 3] = [1, 2, 4];

/// The cluster and scheduler settings of one Dask-model run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaskOptions {
    /// Workers (1..=4096).
    pub workers: u32,
    /// Threads per worker (1..=256).
    pub threads_per_worker: u32,
    /// `distributed.scheduler.worker-saturation` (> 0, or infinite: no queuing).
    pub worker_saturation: f64,
    /// Work stealing on (distributed's default).
    pub stealing: bool,
    /// Multiplies every task duration (0..=100).
    pub time_scale: f64,
    /// Cores of the one host every worker, the scheduler and the client
    /// share (0: every thread its own core, as on a real cluster);
    /// None: the measured host's when the file says its workers shared
    /// one, else 0.
    pub host_cores: Option<u32>,
}

impl Default for DaskOptions {
    fn default() -> Self {
        DaskOptions {
            workers: 4,
            threads_per_worker: 1,
            worker_saturation: DEFAULT_SATURATION,
            stealing: true,
            time_scale: 1.0,
            host_cores: None,
        }
    }
}

impl DaskOptions {
    /// Rejects out-of-range settings, naming the field.
    pub fn validate(&self) -> Result<(), FieldError> {
        field::count_in("workers", self.workers, (1, MAX_WORKERS), "")?;
        field::count_in(
            "threads_per_worker",
            self.threads_per_worker,
            (1, MAX_THREADS_PER_WORKER),
            "",
        )?;
        if self.worker_saturation.is_nan() || self.worker_saturation <= 0.0 {
            return Err(FieldError::new(
                "worker_saturation",
                format!(
                    "must be a positive number (inf: no queuing), got {}",
                    self.worker_saturation
                ),
            ));
        }
        if let Some(c) = self.host_cores {
            field::count_in(
                "host_cores",
                c,
                (0, MAX_CORES),
                "0: every thread its own core",
            )?;
        }
        // The executor's limit, as for the other policies.
        field::number_in("time_scale", self.time_scale, (0.0, MAX_TIME_SCALE), "")
    }
}

/// The simulated cluster, as the model's parts see it.
struct Cluster {
    workers: u32,
    threads: u32,
    /// `worker-saturation` (infinite: no queuing).
    saturation: f64,
    stealing: bool,
    /// Cores of the host the workers share (0: every thread its own core).
    cores: u32,
    /// Cores of that host kept busy by what the model does not have.
    background: f64,
}

/// The Dask model's prediction.
#[derive(Clone, Debug, Serialize)]
pub struct DaskReport {
    /// Always "dask".
    pub model: &'static str,
    /// Workers.
    pub workers: u32,
    /// Threads per worker.
    pub threads_per_worker: u32,
    /// Submission to the last result, ms.
    pub makespan_ms: f64,
    /// Workers × threads per worker × makespan, s: what the cluster costs
    /// when every thread is a core you pay for.
    pub core_seconds: f64,
    /// Busy thread time over P × T × makespan.
    pub utilisation: f64,
    /// Lower bounds at this cluster size (the graph's durations, no overheads).
    pub bounds: Bounds,
    /// Transfers between workers.
    pub transfers: u64,
    /// Bytes moved between workers.
    pub transferred_bytes: u64,
    /// Tasks moved by work stealing.
    pub stolen: u64,
    /// Whether the file's calibration was used (else: no overheads, free transfers).
    pub calibrated: bool,
    /// Cores of the one host the predicted workers share (0: every thread
    /// its own core).
    pub host_cores: u32,
    /// Whether `host_cores` is the measured host's, from the file (else the
    /// caller's choice, or 0 for a file without a shared host).
    pub host_from_file: bool,
}

/// What a graph file says about its Dask run and graph, beyond the tasks.
#[derive(Clone, Copy, Debug, Default)]
pub struct DaskFile<'a> {
    /// The `measurement` section (calibration, GIL shares, recorded priorities).
    pub measurement: Option<&'a Measurement>,
    /// The `dask` section (`dask.order`'s priorities, p2p shuffle volumes).
    pub hints: Option<&'a DaskHints>,
}

/// Predicts `graph` on the cluster of `options`, with what its `file` says.
pub fn simulate(
    graph: &Graph,
    file: DaskFile,
    options: &DaskOptions,
) -> Result<DaskReport, FieldError> {
    options.validate()?;
    one_thread_tasks(graph)?;
    let model = Model::new(graph, file, options.time_scale);
    let out = model::run(graph, &model.costs, &model.groups, &model.cluster(options));
    Ok(report(graph, options, &out, &model))
}

/// `Ok` when every task of `graph` takes one thread, as the model runs
/// them; else an error on `policy` naming a task that needs more.
fn one_thread_tasks(graph: &Graph) -> Result<(), FieldError> {
    match graph.most_threads() {
        Some((task, k)) => Err(FieldError::new(
            "policy",
            format!(
                "the Dask model runs every task on one thread, and task {:?} needs {k}: choose one of the simulator's policies",
                graph.key(task)
            ),
        )),
        None => Ok(()),
    }
}

/// What every run of the model on one graph shares: the calibrated costs
/// and the task groups.
struct Model {
    costs: Arc<costs::Costs>,
    groups: placement::Groups,
    calibrated: bool,
    /// Cores of the measured host when its workers shared it, else 0.
    measured_cores: u32,
    /// Cores of the measured host kept busy by what the model does not
    /// have (0 when unknown).
    background: f64,
}

impl Model {
    fn new(graph: &Graph, file: DaskFile, time_scale: f64) -> Model {
        let measurement = file.measurement;
        let mut costs = costs::Costs::new(graph, measurement, file.hints, time_scale);
        let measured_cores = measurement
            .filter(|m| m.cluster.shared_host)
            .map_or(0, |m| m.cluster.cores);
        let background = measurement
            .filter(|_| measured_cores > 0)
            .and_then(Measurement::background_cores)
            .unwrap_or(0.0);
        if let Some(m) = measurement {
            wall::to_wall_time(&mut costs, m);
            costs.set_intake(graph, m);
            host::solo_work(graph, m, &mut costs, measured_cores, background);
        }
        let (of, count) = placement::task_groups(graph, measurement);
        Model {
            costs: Arc::new(costs),
            groups: placement::Groups::new(graph, of, count),
            calibrated: measurement.is_some_and(|m| m.calibration.is_some()),
            measured_cores,
            background,
        }
    }

    /// The host cores `options` predict on: theirs, else the measured host's.
    fn host_cores(&self, options: &DaskOptions) -> u32 {
        options.host_cores.unwrap_or(self.measured_cores)
    }

    /// The simulated cluster of `options`.
    fn cluster(&self, options: &DaskOptions) -> Cluster {
        Cluster {
            workers: options.workers,
            threads: options.threads_per_worker,
            saturation: options.worker_saturation,
            stealing: options.stealing,
            cores: self.host_cores(options),
            // The measured host as it was; another host runs nothing else.
            background: if options.host_cores.is_none() {
                self.background
            } else {
                0.0
            },
        }
    }
}

/// The report of `out`, a run of `graph` under `options`.
fn report(graph: &Graph, options: &DaskOptions, out: &model::Outcome, model: &Model) -> DaskReport {
    let makespan_ms = out.makespan_us / 1e3;
    let busy_ms: f64 = out.busy_us.iter().sum::<f64>() / 1e3;
    let threads = f64::from(options.workers * options.threads_per_worker);
    let stats = graph.stats();
    let (work_ms, span_ms) = (
        stats.work_ms * options.time_scale / threads,
        stats.span_ms * options.time_scale,
    );
    DaskReport {
        model: "dask",
        workers: options.workers,
        threads_per_worker: options.threads_per_worker,
        makespan_ms,
        core_seconds: f64::from(options.workers * options.threads_per_worker) * makespan_ms / 1e3,
        utilisation: if makespan_ms > 0.0 {
            busy_ms / (threads * makespan_ms)
        } else {
            0.0
        },
        bounds: Bounds {
            work_ms,
            span_ms,
            lower_ms: work_ms.max(span_ms),
        },
        transfers: out.transfers,
        transferred_bytes: out.transferred_bytes,
        stolen: out.stolen,
        calibrated: model.calibrated,
        host_cores: model.host_cores(options),
        host_from_file: options.host_cores.is_none() && model.measured_cores > 0,
    }
}

/// One row of a cluster-shape sweep: the prediction and whether no other
/// shape is both faster and cheaper (the Pareto front of makespan against
/// core-seconds).
#[derive(Clone, Debug, Serialize)]
pub struct ShapePoint {
    /// The prediction.
    #[serde(flatten)]
    pub report: DaskReport,
    /// On the Pareto front.
    pub pareto: bool,
}

/// A cluster-shape sweep in progress over a graph `G` (a `&Graph`, or a
/// handle that shares one): one shape after the other, a bounded number of
/// events per [`Shapes::step`].
pub struct Shapes<G> {
    graph: G,
    model: Model,
    /// Every shape's options, in order.
    plan: Vec<DaskOptions>,
    current: Option<model::Sim<G, Arc<costs::Costs>>>,
    reports: Vec<DaskReport>,
}

impl<G: Deref<Target = Graph> + Clone> Shapes<G> {
    /// The sweep of `graph` over every shape of `workers` × `threads` (other
    /// settings from `options`, every shape checked now); `file` as for
    /// [`simulate`].
    pub fn new(
        graph: G,
        file: DaskFile,
        options: &DaskOptions,
        workers: &[u32],
        threads: &[u32],
    ) -> Result<Self, FieldError> {
        one_thread_tasks(&graph)?;
        let mut plan = Vec::with_capacity(workers.len() * threads.len());
        for &w in workers {
            for &t in threads {
                let o = DaskOptions {
                    workers: w,
                    threads_per_worker: t,
                    ..*options
                };
                o.validate()?;
                plan.push(o);
            }
        }
        Ok(Shapes {
            model: Model::new(&graph, file, options.time_scale),
            graph,
            reports: Vec::with_capacity(plan.len()),
            plan,
            current: None,
        })
    }

    /// Shapes done.
    pub fn done(&self) -> usize {
        self.reports.len()
    }

    /// Shapes in the whole sweep.
    pub fn total(&self) -> usize {
        self.plan.len()
    }

    /// How far the shape in progress is, 0 to 1.
    pub fn current(&self) -> f64 {
        self.current.as_ref().map_or(0.0, model::Sim::progress)
    }

    /// Whether the file's calibration is used.
    pub fn calibrated(&self) -> bool {
        self.model.calibrated
    }

    /// The host every shape is predicted on: its cores (0: every thread
    /// its own core), and whether they are the measured host's, from the file.
    pub fn host(&self) -> (u32, bool) {
        self.plan.first().map_or((0, false), |o| {
            (
                self.model.host_cores(o),
                o.host_cores.is_none() && self.model.measured_cores > 0,
            )
        })
    }

    /// Handles up to `events` events of the shape in progress (at least
    /// one); returns whether every shape is done.
    pub fn step(&mut self, events: usize) -> bool {
        let Some(options) = self.plan.get(self.reports.len()) else {
            return true;
        };
        let (graph, model) = (&self.graph, &self.model);
        let sim = self.current.get_or_insert_with(|| {
            let costs = Arc::clone(&model.costs);
            model::Sim::new(graph.clone(), costs, &model.groups, &model.cluster(options))
        });
        if !sim.step(events) {
            return false;
        }
        if let Some(sim) = self.current.take() {
            let report = report(&self.graph, options, &sim.finish(), &self.model);
            self.reports.push(report);
        }
        self.reports.len() == self.plan.len()
    }

    /// Every shape's prediction (those done so far), the Pareto front of
    /// makespan against core-seconds marked.
    pub fn into_points(self) -> Vec<ShapePoint> {
        pareto(self.reports)
    }
}

/// Predicts every shape of `workers` × `threads` (other settings from `options`).
pub fn sweep_shapes(
    graph: &Graph,
    file: DaskFile,
    options: &DaskOptions,
    workers: &[u32],
    threads: &[u32],
) -> Result<Vec<ShapePoint>, FieldError> {
    let mut shapes = Shapes::new(graph, file, options, workers, threads)?;
    while !shapes.step(usize::MAX) {}
    Ok(shapes.into_points())
}

/// The predictions of a sweep, each marked on or off the Pareto front of
/// makespan against core-seconds. O(shapes²): for the tens a sweep tries.
fn pareto(reports: Vec<DaskReport>) -> Vec<ShapePoint> {
    let dominated = |r: &DaskReport| {
        reports.iter().any(|o| {
            o.makespan_ms <= r.makespan_ms
                && o.core_seconds <= r.core_seconds
                && (o.makespan_ms < r.makespan_ms || o.core_seconds < r.core_seconds)
        })
    };
    let front: Vec<bool> = reports.iter().map(|r| !dominated(r)).collect();
    reports
        .into_iter()
        .zip(front)
        .map(|(report, pareto)| ShapePoint { report, pareto })
        .collect()
}

/// The smallest cluster of `points` that finishes within `ms`: the fewest
/// threads in all, then the fewest core-seconds. None when no shape does.
pub fn smallest_within(points: &[ShapePoint], ms: f64) -> Option<&ShapePoint> {
    let threads = |p: &ShapePoint| p.report.workers * p.report.threads_per_worker;
    points
        .iter()
        .filter(|p| p.report.makespan_ms <= ms)
        .min_by(|a, b| {
            threads(a)
                .cmp(&threads(b))
                .then(a.report.core_seconds.total_cmp(&b.report.core_seconds))
        })
}
