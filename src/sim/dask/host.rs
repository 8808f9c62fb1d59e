//! The host's cores. When the workers share one host of C cores (a
//! LocalCluster), everything that runs at once shares them by processor
//! sharing: the running task threads (a thread waiting for its worker's GIL
//! uses no core, so each counts its GIL rate) and, while busy, the
//! scheduler and every worker's event loop, one core each. Each task then
//! runs at min(1, C / demand) of its GIL rate, and the scheduler's or a
//! loop's work, when it starts, takes its cost over that share (the model's
//! run, `model.rs`). A measured duration is made
//! solo by taking out both contentions present when it ran, rebuilt from the
//! measured run: its worker's concurrently running tasks (GIL), and every
//! task, event loop and scheduler busy on the host at the time (cores),
//! the loops and the scheduler busy for their calibrated wall-time cost
//! after each task's completion (not stretched by the cores they share),
//! and the
//! measured background: the cores the measured host spent on what the model
//! does not have (the client, nannies, other programs), on average over
//! the run (`Measurement::background_cores`). Predicting the measured host
//! keeps that background; another host (`host_cores` given) has none.

use super::costs::{rate, Costs};
use crate::graph::{Graph, Measurement};

/// Share of a core each running thread gets on a host of `cores` cores
/// (0: every thread its own core) when `demand` threads want one (the
/// host's measured background load included).
pub(super) fn share(cores: u32, demand: f64) -> f64 {
    if cores == 0 || demand <= f64::from(cores) {
        1.0
    } else {
        f64::from(cores) / demand
    }
}

/// A change at an instant of the measured run: a task starts or stops on a
/// worker, or the scheduler or a worker's loop turns busy or idle.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Change {
    /// Task `.1` stops on worker `.0`.
    Stop(u32, usize),
    /// Background busy (+1) or idle (−1): the scheduler or an event loop.
    Background(i8),
    /// Task `.1` starts on worker `.0`.
    Start(u32, usize),
}

/// The background busy intervals of the measured run: after each task's
/// completion, its worker's loop for `costs.worker_us` (serial per worker)
/// and the scheduler for `costs.scheduler_us` once the message is in
/// (serial), as the model charges them.
fn loops_and_scheduler(m: &Measurement, costs: &Costs) -> Vec<(f64, Change)> {
    let mut stops: Vec<(f64, u32)> = m
        .runs
        .iter()
        .flatten()
        .map(|r| (r.stop_ms * 1e3, r.worker))
        .collect();
    stops.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut loop_free = vec![0.0f64; m.cluster.workers as usize];
    let mut sched_free = 0.0f64;
    let mut out = Vec::with_capacity(stops.len() * 4);
    let mut busy = |from: f64, to: f64| {
        if to > from {
            out.push((from, Change::Background(1)));
            out.push((to, Change::Background(-1)));
        }
    };
    for (stop, w) in stops {
        let free = &mut loop_free[w as usize];
        let start = stop.max(*free);
        *free = start + costs.worker_us;
        busy(start, *free);
        let start = (*free + costs.message_us).max(sched_free);
        sched_free = start + costs.scheduler_us;
        busy(start, sched_free);
    }
    out
}

/// Each measured duration of `costs.solo_us` made solo: the work it did at
/// the rates the measured run's contention allowed, integrated over its
/// interval: its worker's GIL and, when `cores` > 0 (the measured run
/// shared a host of that many cores), the host's cores, with `background`
/// cores kept busy throughout by what the model does not have.
/// O(n log n + changes × running tasks).
pub(super) fn solo_work(
    graph: &Graph,
    m: &Measurement,
    costs: &mut Costs,
    cores: u32,
    background: f64,
) {
    let mut changes: Vec<(f64, Change)> = Vec::with_capacity(graph.len() * 2);
    for id in graph.ids() {
        if let Some(r) = m.runs[id.index()] {
            changes.push((r.start_ms * 1e3, Change::Start(r.worker, id.index())));
            changes.push((r.stop_ms * 1e3, Change::Stop(r.worker, id.index())));
        }
    }
    if cores > 0 {
        changes.extend(loops_and_scheduler(m, costs));
    }
    // By time; at one instant stops, then background, then starts.
    changes.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let gil = &costs.gil;
    let mut work = vec![0.0; graph.len()];
    let mut running: Vec<Vec<usize>> = vec![Vec::new(); m.cluster.workers as usize];
    let mut busy = 0i64;
    let mut last = 0.0;
    for (t, change) in changes {
        let dt = t - last;
        if dt > 0.0 {
            let totals: Vec<f64> = running
                .iter()
                .map(|r| r.iter().map(|&x| gil[x]).sum())
                .collect();
            let demand: f64 = running
                .iter()
                .zip(&totals)
                .map(|(r, &total)| r.iter().map(|&x| rate(gil[x], total)).sum::<f64>())
                .sum::<f64>()
                + busy.max(0) as f64
                + background;
            let s = share(cores, demand);
            for (r, &total) in running.iter().zip(&totals) {
                for &x in r {
                    work[x] += dt * rate(gil[x], total) * s;
                }
            }
        }
        last = t;
        match change {
            Change::Start(w, x) => running[w as usize].push(x),
            Change::Stop(w, x) => running[w as usize].retain(|&r| r != x),
            Change::Background(d) => busy += i64::from(d),
        }
    }
    for id in graph.ids() {
        let i = id.index();
        if let Some(r) = m.runs[i] {
            let wall = (r.stop_ms - r.start_ms) * 1e3;
            if wall > 0.0 {
                costs.solo_us[i] *= (work[i] / wall).clamp(0.0, 1.0);
            }
        }
    }
}
