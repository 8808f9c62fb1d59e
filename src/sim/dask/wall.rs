//! From CPU time to wall time: the calibration measures the scheduler's and
//! workers' per-task costs as event-loop CPU time, but on a busy machine (or
//! with the client in the scheduler's process) a task costs more wall time
//! than that. The calibration also timed a batch of no-op tasks (submission
//! to results, so the scheduler's intake of the graph included): the model
//! runs the same batch on the measured cluster and scales both per-task costs
//! until it takes the measured time, keeping the measured per-link time of
//! the chain of no-ops (so the message latency shrinks as they grow).

use super::costs::Costs;
use super::model;
use super::placement::Groups;
use crate::graph::{GraphBuilder, Measurement};

/// Tasks in the calibration's no-op batch (`dask_calibrate._NOOPS`).
const NOOP_TASKS: usize = 400;
/// Fixed-point rounds: the model's batch time is not linear in the costs.
const ROUNDS: usize = 4;

/// Scales `costs`' scheduler and worker per-task costs (never below the
/// measured CPU time) so that the model reproduces the no-op batch of `m`'s
/// calibration on `m`'s cluster.
pub(super) fn to_wall_time(costs: &mut Costs, m: &Measurement) {
    let Some(cal) = &m.calibration else { return };
    let cpu = cal.scheduler_us_per_task + cal.worker_us_per_task;
    if cal.noop_tasks_per_s <= 0.0 || cpu <= 0.0 {
        return;
    }
    let per_link = cal.latency_us + cpu;
    let real_us = NOOP_TASKS as f64 * 1e6 / cal.noop_tasks_per_s;
    let mut b = GraphBuilder::with_capacity(NOOP_TASKS, 0);
    for i in 0..NOOP_TASKS {
        b.add("dagsim-calibrate-noop", i as u64, &[], 0.0, 0);
    }
    let graph = b.finish();
    let groups = Groups::new(&graph, vec![0; NOOP_TASKS], 1);
    let cluster = super::Cluster {
        workers: m.cluster.workers,
        threads: m.cluster.threads.iter().copied().max().unwrap_or(1),
        saturation: super::DEFAULT_SATURATION,
        stealing: true,
        cores: 0, // the no-ops run no task: the host's cores change nothing
        background: 0.0,
    };
    let mut noop = Costs {
        solo_us: vec![0.0; NOOP_TASKS],
        gil: vec![0.0; NOOP_TASKS],
        wire: vec![super::costs::Wire::Buffers; NOOP_TASKS],
        priority: (0..NOOP_TASKS as i64).collect(),
        p2p_bytes: vec![0; NOOP_TASKS],
        barrier: vec![false; NOOP_TASKS],
        ..Costs::default()
    };
    let mut scale = 1.0f64;
    for _ in 0..ROUNDS {
        noop.scheduler_us = cal.scheduler_us_per_task * scale;
        noop.worker_us = cal.worker_us_per_task * scale;
        noop.message_us = (per_link - cpu * scale).max(0.0) / 2.0;
        let modelled = model::run(&graph, &noop, &groups, &cluster).makespan_us;
        if modelled <= 0.0 {
            return;
        }
        scale = (scale * real_us / modelled).max(1.0);
    }
    costs.scheduler_us = cal.scheduler_us_per_task * scale;
    costs.worker_us = cal.worker_us_per_task * scale;
    costs.message_us = (per_link - cpu * scale).max(0.0) / 2.0;
}
