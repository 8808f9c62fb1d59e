//! Where a task would start earliest: the workers holding its inputs plus
//! the least-loaded worker, each scored by its queued and running work per
//! thread plus the estimated time to fetch the inputs it lacks (on an idle
//! network). A worker holding none of the inputs fetches them all, so the
//! least-loaded one is the best of those, and weighing it and every holder
//! weighs every worker. Dask's `decide_worker` (which weighs every worker
//! holding a dependency), and the processor choice of MCP, ETF and DLS.
//! O(inputs) per task, however many workers hold them.

use super::View;
use crate::graph::TaskId;

/// The workers holding a task's inputs: per holder, the bytes the task
/// reads there and the number of its inputs there. Kept by the policy
/// between tasks, so gathering them costs what the task's inputs do, not
/// what the workers do.
#[derive(Default)]
pub(super) struct Holders {
    /// Per worker: bytes and inputs of the task there (zero on every
    /// worker not in `held`).
    on: Vec<(u64, u32)>,
    /// The workers holding some input, in the order met.
    held: Vec<u32>,
    /// All input bytes of the task.
    pub total_bytes: u64,
    /// All inputs of the task.
    pub total: u32,
}

impl Holders {
    /// Gathers the holders of `task`'s inputs, in one pass over them
    /// (forgetting the previous task's).
    pub(super) fn gather(&mut self, view: &View, task: TaskId) {
        for &w in &self.held {
            self.on[w as usize] = (0, 0);
        }
        self.held.clear();
        let workers = view.workers() as usize;
        if self.on.len() < workers {
            self.on.resize(workers, (0, 0));
        }
        let deps = view.graph.deps(task);
        let read = view.graph.read_sizes(task);
        self.total = deps.len() as u32;
        self.total_bytes = 0;
        for (i, &d) in deps.iter().enumerate() {
            let home = view.home(d);
            let bytes = read.map_or_else(|| view.graph.bytes(d), |r| r[i]);
            self.total_bytes += bytes;
            let there = &mut self.on[home as usize];
            if there.1 == 0 {
                self.held.push(home);
            }
            there.0 += bytes;
            there.1 += 1;
        }
    }

    /// Each holder: worker, bytes there, inputs there.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u64, u32)> + '_ {
        self.held.iter().map(|&w| {
            let (bytes, count) = self.on[w as usize];
            (w, bytes, count)
        })
    }

    /// Bytes and inputs of the task already on `w`.
    pub(super) fn on(&self, w: u32) -> (u64, u32) {
        self.on.get(w as usize).copied().unwrap_or((0, 0))
    }
}

/// The worker where `task` would start earliest, and that estimated start
/// relative to now, µs (lowest worker index on ties); `holders` is the
/// policy's scratch space.
pub(super) fn earliest_start(view: &mut View, task: TaskId, holders: &mut Holders) -> (f64, u32) {
    let idle = view.least_loaded();
    let wait = |view: &View, w: u32| view.load_us(w) / f64::from(view.threads_per_worker);
    if view.network.is_free() {
        // Inputs cost nothing to move: the least-loaded worker starts earliest.
        return (wait(view, idle), idle);
    }
    holders.gather(view, task);
    let start_on = |w: u32, (bytes_there, count_there): (u64, u32)| {
        wait(view, w)
            + view.network.estimate_us(
                holders.total_bytes - bytes_there,
                holders.total - count_there,
            )
    };
    let mut best = (start_on(idle, holders.on(idle)), idle);
    for (w, bytes, count) in holders.iter() {
        let candidate = (start_on(w, (bytes, count)), w);
        if candidate.0 < best.0 || (candidate.0 == best.0 && candidate.1 < best.1) {
            best = candidate;
        }
    }
    best
}

#[cfg(test)]
pub(super) mod tests {
    use crate::graph::{Graph, GraphBuilder, TaskId};
    use crate::sim::{simulate, NetworkKind, PolicyKind, SimOptions, SimReport};

    /// `n` roots of 10 ms with an output of 1,000 bytes each, but the last
    /// one's of 5,000, and a consumer of 1 ms reading them in order.
    pub(in crate::sim::policy) fn roots_and_consumer(n: u64) -> (Graph, Vec<TaskId>, TaskId) {
        let mut g = GraphBuilder::new();
        let roots: Vec<_> = (0..n)
            .map(|i| g.add("r", i, &[], 10.0, if i == n - 1 { 5_000 } else { 1_000 }))
            .collect();
        let c = g.add("c", 0, &roots, 1.0, 0);
        (g.finish(), roots, c)
    }

    /// The (first) thread `task` ran on.
    pub(in crate::sim::policy) fn thread_of(report: &SimReport, task: TaskId) -> u32 {
        let run = report.trace.events.iter().find(|e| e.task == task);
        run.expect("every task runs").thread
    }

    /// Every holder is weighed, however many: 17 workers of one thread run
    /// 17 roots, one each; their consumer reads the roots in order, so the
    /// worker of the last one, with the biggest output, is the 17th holder
    /// met, and the consumer runs there (it fetches 16,000 bytes there,
    /// 20,000 anywhere else) under every policy that places by the holders
    /// (work-stealing-eager: by the most bytes held).
    #[test]
    fn the_seventeenth_holder_can_be_the_earliest_start() {
        let (graph, roots, c) = roots_and_consumer(17);
        for policy in [
            PolicyKind::Etf,
            PolicyKind::Dls,
            PolicyKind::Mcp,
            PolicyKind::DaskLike,
            PolicyKind::WorkStealingEager,
        ] {
            for network in NetworkKind::ALL {
                let options = SimOptions {
                    workers: 17,
                    policy,
                    network,
                    bandwidth_mb_s: Some(1.0),
                    ..SimOptions::default()
                };
                let report = simulate(&graph, &options).unwrap();
                let thread = |task| thread_of(&report, task);
                let mut used: Vec<u32> = roots.iter().map(|r| thread(*r)).collect();
                used.sort_unstable();
                used.dedup();
                assert_eq!(used.len(), 17, "{policy} {network}: one root per worker");
                assert_eq!(thread(c), thread(roots[16]), "{policy} {network}");
            }
        }
    }
}
