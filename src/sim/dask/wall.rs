//! From CPU time to wall time: the calibration measures the scheduler's and
//! workers' per-task costs as event-loop CPU time, but on a busy machine (or
//! with the client in the scheduler's process) a task costs more wall time
//! than that. The calibration also timed a batch of no-op tasks and a chain
//! of them (submission to result). The model runs both on the measured
//! cluster, over distributed's batched streams (`batched.rs`), a message
//! taking half the calibrated transfer's fixed cost (a request and its
//! reply between two processes):
//! - the chain gives how late a batched stream's deferred write goes out:
//!   each link waits for the scheduler's stream to the worker (5 ms), as
//!   its messages and per-task costs take less, so the chain measures that
//!   interval plus the lateness of the loop that writes (asyncio's timer,
//!   the host's other work; the chain's own intake and result are spread
//!   over its links too);
//! - the batch gives the scale of both per-task costs (never below the
//!   measured CPU time): its pace is the streams' deadlines and those costs.

use super::batched;
use super::costs::{Costs, Wire};
use super::model;
use super::placement::Groups;
use crate::graph::{Calibration, Graph, GraphBuilder, Measurement, TaskId};

/// Tasks in the calibration's no-op batch (`dask_calibrate._NOOPS`).
const NOOP_TASKS: usize = 400;
/// Links of the calibration's chain of no-ops (`dask_calibrate._CHAIN`).
const CHAIN_TASKS: usize = 100;
/// Fixed-point rounds: the model's batch time is not linear in the costs.
const ROUNDS: usize = 4;
/// Bisection steps for the lateness (to 2⁻²⁰ of the link time).
const STEPS: usize = 20;

/// Sets `costs`' message time, scales its scheduler and worker per-task
/// costs and sets the batched streams' lateness so that the model
/// reproduces the no-op batch and chain of `m`'s calibration on `m`'s cluster.
pub(super) fn to_wall_time(costs: &mut Costs, m: &Measurement) {
    let Some(cal) = &m.calibration else { return };
    let cpu = cal.scheduler_us_per_task + cal.worker_us_per_task;
    if cal.noop_tasks_per_s <= 0.0 || cpu <= 0.0 {
        return;
    }
    let cluster = super::Cluster {
        workers: m.cluster.workers,
        threads: m.cluster.threads.iter().copied().max().unwrap_or(1),
        saturation: super::DEFAULT_SATURATION,
        stealing: true,
        cores: 0, // the no-ops run no task: the host's cores change nothing
        background: 0.0,
    };
    let batch = Noops::new(NOOP_TASKS, false);
    let chain = Noops::new(CHAIN_TASKS, true);
    let batch_us = NOOP_TASKS as f64 * 1e6 / cal.noop_tasks_per_s;
    // dask_calibrate's latency is the chain's time per link less both CPU costs.
    let chain_us = CHAIN_TASKS as f64 * (cal.latency_us + cpu);
    // A message between two processes: half a transfer's fixed cost (a
    // request and its reply).
    let message = cal.transfer.latency_us / 2.0;
    let (mut scale, mut late) = (1.0f64, 0.0);
    for _ in 0..ROUNDS {
        late = chain.late_for(cal, scale, message, chain_us, &cluster);
        let modelled = batch.run(cal, scale, message, late, &cluster);
        if modelled <= 0.0 {
            return;
        }
        scale = (scale * batch_us / modelled).max(1.0);
    }
    costs.scheduler_us = cal.scheduler_us_per_task * scale;
    costs.worker_us = cal.worker_us_per_task * scale;
    costs.message_us = message;
    costs.late_us = late;
}

/// `n` tasks of `ms` of one prefix: a chain, or independent.
pub(super) fn one_group(n: usize, chain: bool, ms: f64) -> Graph {
    let mut b = GraphBuilder::with_capacity(n, n);
    let mut last = None;
    for i in 0..n {
        let dep: Vec<TaskId> = last.filter(|_| chain).into_iter().collect();
        last = Some(b.add("dagsim-calibrate-noop", i as u64, &dep, ms, 0));
    }
    b.finish()
}

/// A calibration graph of no-op tasks: independent (the batch) or a chain.
struct Noops {
    graph: Graph,
    groups: Groups,
    costs: Costs,
}

impl Noops {
    fn new(n: usize, chain: bool) -> Noops {
        let graph = one_group(n, chain, 0.0);
        let groups = Groups::new(&graph, vec![0; n], 1);
        let costs = Costs {
            solo_us: vec![0.0; n],
            gil: vec![0.0; n],
            wire: vec![Wire::Buffers; n],
            priority: (0..n as i64).collect(),
            p2p_bytes: vec![0; n],
            barrier: vec![false; n],
            ..Costs::default()
        };
        Noops {
            graph,
            groups,
            costs,
        }
    }

    /// µs the model takes for these no-ops with `cal`'s per-task costs times
    /// `scale`, `message` µs per message and deferred batched writes `late`
    /// µs after their deadline.
    fn run(
        &self,
        cal: &Calibration,
        scale: f64,
        message: f64,
        late: f64,
        cluster: &super::Cluster,
    ) -> f64 {
        let costs = Costs {
            scheduler_us: cal.scheduler_us_per_task * scale,
            worker_us: cal.worker_us_per_task * scale,
            message_us: message,
            to_worker_us: batched::TO_WORKER_US,
            to_scheduler_us: batched::TO_SCHEDULER_US,
            late_us: late,
            ..self.costs.clone()
        };
        model::run(&self.graph, &costs, &self.groups, cluster).makespan_us
    }

    /// How late deferred batched writes go out (0 to a whole link) for the
    /// model's run of these no-ops to take `real_us`: the longest when a
    /// range does (the model's time does not fall as the lateness grows).
    fn late_for(
        &self,
        cal: &Calibration,
        scale: f64,
        message: f64,
        real_us: f64,
        cluster: &super::Cluster,
    ) -> f64 {
        let (mut lo, mut hi) = (0.0f64, real_us / self.graph.len().max(1) as f64);
        for _ in 0..STEPS {
            let mid = (lo + hi) / 2.0;
            if self.run(cal, scale, message, mid, cluster) <= real_us {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}
