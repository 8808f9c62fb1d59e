//! What each step costs in the Dask model, from a graph, its measurement and
//! Dask's hints: per-task work (measured durations; `host.rs` takes the
//! measured run's GIL and core contention out), GIL shares, output transfer rates, the
//! bytes each task hands to a p2p shuffle, priorities and the cluster's
//! calibrated overheads.

use super::batched;
use crate::graph::{DaskHints, Graph, Measurement};

/// How an output travels between workers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) enum Wire {
    /// As buffers (arrays, frames, anything else): the network's bandwidth.
    #[default]
    Buffers,
    /// A list, tuple or set: serialised element by element.
    Sequence,
    /// A dict: serialised entry by entry.
    Dict,
}

impl Wire {
    fn of(typename: &str) -> Wire {
        match typename {
            "list" | "tuple" | "set" => Wire::Sequence,
            "dict" => Wire::Dict,
            _ => Wire::Buffers,
        }
    }
}

/// The model's costs, in µs (rates in bytes per µs).
#[derive(Clone, Debug, Default)]
pub(super) struct Costs {
    /// The scheduler's intake of the graph before it places the roots.
    pub intake_us: f64,
    /// Scheduler CPU per task: serial.
    pub scheduler_us: f64,
    /// Worker event-loop CPU per task: serial per worker.
    pub worker_us: f64,
    /// One message between scheduler and worker, one way.
    pub message_us: f64,
    /// The scheduler's batched stream to each worker: its interval (0:
    /// every message at once).
    pub to_worker_us: f64,
    /// Each worker's batched stream to the scheduler: its interval.
    pub to_scheduler_us: f64,
    /// How late a batched stream's deferred write goes out after its deadline.
    pub late_us: f64,
    /// Fixed cost of one transfer.
    pub transfer_us: f64,
    /// Buffers (arrays, frames) between workers, bytes per µs; 0 = free.
    pub bandwidth: f64,
    /// Lists, tuples and sets, bytes per µs; 0 = free.
    pub sequence_rate: f64,
    /// Dicts, bytes per µs; 0 = free.
    pub dict_rate: f64,
    /// Per task: work when alone on its worker and its host (the measured
    /// durations until `host::solo_work` takes the measured contention out).
    pub solo_us: Vec<f64>,
    /// Per task: share of that work that holds the GIL.
    pub gil: Vec<f64>,
    /// Per task: how its output travels.
    pub wire: Vec<Wire>,
    /// Per task: Dask's priority (lower first).
    pub priority: Vec<i64>,
    /// Per task: bytes it hands to a p2p shuffle, sent to every worker
    /// outside the graph's edges (0: none).
    pub p2p_bytes: Vec<u64>,
    /// Per task: a p2p shuffle's barrier (it depends on tasks with
    /// `p2p_bytes`), which returns only once their shards have arrived.
    pub barrier: Vec<bool>,
}

impl Costs {
    /// Costs for `graph`; `measurement` gives the calibration, GIL shares
    /// and recorded priorities (without it: no overheads, free transfers, no
    /// GIL); `hints` `dask.order`'s priorities (used where none was
    /// recorded; without either, critical path first) and p2p shuffles.
    pub fn new(
        graph: &Graph,
        measurement: Option<&Measurement>,
        hints: Option<&DaskHints>,
        time_scale: f64,
    ) -> Costs {
        let n = graph.len();
        let p2p_bytes = hints.map_or_else(|| vec![0; n], |h| h.p2p_bytes.clone());
        let barrier = graph
            .ids()
            .map(|id| graph.deps(id).iter().any(|d| p2p_bytes[d.index()] > 0))
            .collect();
        let mut c = Costs {
            solo_us: graph
                .ids()
                .map(|id| graph.duration_ms(id) * 1e3 * time_scale)
                .collect(),
            gil: vec![0.0; n],
            wire: vec![Wire::Buffers; n],
            priority: hints
                .and_then(|h| h.priority.clone())
                .unwrap_or_else(|| critical_path_first(graph)),
            p2p_bytes,
            barrier,
            ..Costs::default()
        };
        let Some(m) = measurement else { return c };
        if let Some(cal) = &m.calibration {
            c.scheduler_us = cal.scheduler_us_per_task;
            c.worker_us = cal.worker_us_per_task;
            c.message_us = cal.latency_us / 2.0;
            c.to_worker_us = batched::TO_WORKER_US;
            c.to_scheduler_us = batched::TO_SCHEDULER_US;
            c.late_us = batched::TIMER_LATE_US;
            c.transfer_us = cal.transfer.latency_us;
            c.bandwidth = cal.transfer.bandwidth_mb_s;
            c.sequence_rate = cal.pickle_mb_s;
            c.dict_rate = cal.dict_mb_s.unwrap_or(cal.pickle_mb_s);
        }
        c.gil = gil_shares(graph, m);
        for id in graph.ids() {
            if let Some(r) = m.runs[id.index()] {
                c.priority[id.index()] = r.priority;
            }
            c.wire[id.index()] = m
                .prefixes
                .get(graph.prefix(id))
                .map_or(Wire::Buffers, |p| Wire::of(&p.typename));
        }
        c
    }

    /// Sets the scheduler's intake of `graph` (distributed's `update_graph`,
    /// and the client's packing of the graph before it): what it took in the
    /// measured run `m`, from submission to the first task's start less the
    /// message that started it (it grows with what the tasks carry —
    /// functions pickled by value, data inside the graph — which no
    /// calibration sees); without any task's run, the scheduler's time per
    /// task for every task.
    pub fn set_intake(&mut self, graph: &Graph, m: &Measurement) {
        let first = m.runs.iter().flatten().map(|r| r.start_ms).reduce(f64::min);
        self.intake_us = match first {
            Some(ms) => (ms * 1e3 - self.message_us).max(0.0),
            None => graph.len() as f64 * self.scheduler_us,
        };
    }

    /// µs to move `bytes` of task `t`'s output to another worker.
    pub fn transfer(&self, t: usize, bytes: u64) -> f64 {
        let rate = match self.wire[t] {
            Wire::Buffers => self.bandwidth,
            Wire::Sequence => self.sequence_rate,
            Wire::Dict => self.dict_rate,
        };
        self.over(bytes, rate)
    }

    /// µs to send one message of p2p shards (serialised Arrow tables: buffers).
    pub fn shards(&self, bytes: u64) -> f64 {
        self.over(bytes, self.bandwidth)
    }

    fn over(&self, bytes: u64, rate: f64) -> f64 {
        self.transfer_us + if rate > 0.0 { bytes as f64 / rate } else { 0.0 }
    }
}

/// Progress rate of a task holding the GIL a share `g` of its time while
/// the running tasks of its worker hold it `total` (Σ shares): its GIL part
/// is stretched by the contention, the rest runs at full speed.
pub(super) fn rate(g: f64, total: f64) -> f64 {
    1.0 / ((1.0 - g) + g * total.max(1.0))
}

/// Per task: its GIL share as probed, else its prefix's probed mean, else
/// its prefix's thread CPU over wall time, else 0.
fn gil_shares(graph: &Graph, m: &Measurement) -> Vec<f64> {
    let mut sum = vec![(0.0, 0u32); graph.prefixes().len()];
    for id in graph.ids() {
        if let Some(g) = m.runs[id.index()].and_then(|r| r.gil_share) {
            let s = &mut sum[graph.prefix_index(id)];
            *s = (s.0 + g, s.1 + 1);
        }
    }
    graph
        .ids()
        .map(|id| {
            let (total, count) = sum[graph.prefix_index(id)];
            m.runs[id.index()]
                .and_then(|r| r.gil_share)
                .or((count > 0).then(|| total / f64::from(count)))
                .or_else(|| m.cpu_fraction(graph.prefix(id)))
                .unwrap_or(0.0)
        })
        .collect()
}

/// Without Dask's priorities: longest path to the end first (our stand-in
/// for `dask.order`), as a rank: lower runs first.
fn critical_path_first(graph: &Graph) -> Vec<i64> {
    let levels = graph.bottom_levels_ms();
    let mut ids: Vec<usize> = (0..graph.len()).collect();
    ids.sort_by(|&a, &b| levels[b].total_cmp(&levels[a]).then(a.cmp(&b)));
    let mut rank = vec![0i64; graph.len()];
    for (r, i) in ids.into_iter().enumerate() {
        rank[i] = r as i64;
    }
    rank
}
