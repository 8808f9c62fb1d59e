//! LC, linear clustering: the graph is cut into chains along critical
//! paths, each chain runs on one worker, and the chains are spread over the
//! workers. Source: Kim & Browne, "A general approach to mapping of parallel
//! computations upon multiprocessor architectures" (1988); ESTEE's `lc`.
//!
//! The chains: take the unclustered task of largest bottom level (with
//! transfer costs, [`bottom_levels_us`]) — a source of what is left, since
//! an unclustered input would rank higher — and follow, while there is one,
//! its unclustered consumer of largest bottom level; repeat until every
//! task is in a chain. Bottom levels are those of the whole graph, not
//! recomputed as chains are removed, which keeps it O((tasks + edges) ·
//! log tasks). The mapping: chains in the order found (longest first) each
//! go to the worker with the least work mapped so far (ESTEE tries every
//! worker in a full schedule estimate per chain instead). Workers run their
//! tasks by bottom level.

use super::super::cluster::Ranking;
use super::super::tasks::Tasks;
use super::levels::bottom_levels_us;
use super::{Policy, View};
use crate::graph::{Graph, TaskId};

/// Not mapped to a worker yet.
const UNMAPPED: u32 = u32::MAX;

/// See the module docs.
pub(super) struct LinearClustering {
    level_us: Vec<f64>,
    worker_of: Vec<u32>,
}

impl LinearClustering {
    /// The chains of `graph` mapped onto `workers` workers, edges costing
    /// their transfer at `bytes_per_us` (none: free).
    pub(super) fn new(
        graph: &Graph,
        tasks: &Tasks,
        workers: u32,
        bytes_per_us: Option<f64>,
    ) -> Self {
        let level_us = bottom_levels_us(graph, tasks, bytes_per_us);
        let mut by_level: Vec<TaskId> = graph.ids().collect();
        by_level.sort_by(|a, b| level_us[b.index()].total_cmp(&level_us[a.index()]));
        let mut worker_of = vec![UNMAPPED; graph.len()];
        let mut mapped_us = Ranking::new(workers);
        let mut chain = Vec::new();
        for &head in &by_level {
            if worker_of[head.index()] != UNMAPPED {
                continue;
            }
            chain.clear();
            let mut next = Some(head);
            while let Some(task) = next {
                chain.push(task);
                worker_of[task.index()] = 0;
                next = (0..tasks.dependent_count(task))
                    .map(|i| tasks.dependent(task, i))
                    .filter(|d| worker_of[d.index()] == UNMAPPED)
                    .max_by(|a, b| level_us[a.index()].total_cmp(&level_us[b.index()]));
            }
            let worker = mapped_us.least();
            for &task in &chain {
                worker_of[task.index()] = worker;
                mapped_us.add(worker, tasks.get(task).cost_us);
            }
        }
        LinearClustering {
            level_us,
            worker_of,
        }
    }
}

impl Policy for LinearClustering {
    fn priority(&self, _view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        self.level_us[task.index()]
    }

    fn place(&mut self, _view: &mut View, task: TaskId) -> Option<u32> {
        Some(self.worker_of[task.index()])
    }
}
