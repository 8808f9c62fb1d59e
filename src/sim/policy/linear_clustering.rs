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
use super::super::SimOptions;
use super::levels::BottomLevels;
use super::{Policy, Preparing, View};
use crate::graph::{Graph, TaskId};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Not mapped to a worker yet.
const UNMAPPED: u32 = u32::MAX;
/// Mapped to a worker once the chain being walked is.
const IN_CHAIN: u32 = u32::MAX - 1;

/// See the module docs.
struct LinearClustering {
    level_us: Vec<f64>,
    worker_of: Vec<u32>,
}

impl Policy for LinearClustering {
    fn priority(&self, _view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        self.level_us[task.index()]
    }

    fn place(&mut self, _view: &mut View, task: TaskId) -> Option<u32> {
        Some(self.worker_of[task.index()])
    }
}

/// A task by its bottom level: the largest first, then the lowest id (the
/// order of a stable sort by decreasing level).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Head {
    level_us: f64,
    task: TaskId,
}

impl Eq for Head {}
impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        self.level_us
            .total_cmp(&other.level_us)
            .then(other.task.cmp(&self.task))
    }
}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What [`Clustering`] works on next.
enum Phase {
    /// The bottom levels, from the last task to the first.
    Levels(BottomLevels),
    /// Every task joins the heads by level: `0..next` have.
    Order {
        next: usize,
    },
    /// Chains: walked from the head, `next` the task to add (none: the
    /// chain is mapped from `chain[mapped..]` on, to `worker`).
    Chains {
        next: Option<TaskId>,
        worker: u32,
        mapped: usize,
    },
    Done,
}

/// LC's chains and their mapping, made in bounded steps before the run
/// (see the module docs); the same chains whatever the slicing.
pub(super) struct Clustering {
    phase: Phase,
    level_us: Vec<f64>,
    heads: BinaryHeap<Head>,
    worker_of: Vec<u32>,
    mapped_us: Ranking,
    chain: Vec<TaskId>,
    /// Tasks in chains so far (progress).
    clustered: usize,
}

impl Clustering {
    /// The clustering of `graph` onto `workers` workers, edges costing their
    /// transfer at `bytes_per_us` (none: free); nothing done yet.
    pub(super) fn new(graph: &Graph, workers: u32, bytes_per_us: Option<f64>) -> Self {
        Clustering {
            phase: Phase::Levels(BottomLevels::new(graph, bytes_per_us)),
            level_us: Vec::new(),
            heads: BinaryHeap::with_capacity(graph.len()),
            worker_of: vec![UNMAPPED; graph.len()],
            mapped_us: Ranking::new(workers),
            chain: Vec::new(),
            clustered: 0,
        }
    }

    /// One unit of the chains' phase: the next task of the chain walked,
    /// the next of the chain mapped, or the next head; false once every
    /// task is in a chain.
    fn chains(&mut self, tasks: &Tasks, left: &mut usize) -> bool {
        let Phase::Chains {
            next,
            worker,
            mapped,
        } = &mut self.phase
        else {
            return false;
        };
        if let Some(task) = *next {
            // Follow the unclustered consumer of largest level (the last of equals).
            self.chain.push(task);
            self.worker_of[task.index()] = IN_CHAIN;
            let count = tasks.dependent_count(task);
            *next = (0..count)
                .map(|i| tasks.dependent(task, i))
                .filter(|d| self.worker_of[d.index()] == UNMAPPED)
                .max_by(|a, b| self.level_us[a.index()].total_cmp(&self.level_us[b.index()]));
            if next.is_none() {
                *worker = self.mapped_us.least();
            }
            *left = left.saturating_sub(1 + count as usize);
        } else if let Some(&task) = self.chain.get(*mapped) {
            self.worker_of[task.index()] = *worker;
            self.mapped_us.add(*worker, tasks.get(task).cost_us);
            *mapped += 1;
            self.clustered += 1;
            *left -= 1;
        } else {
            self.chain.clear();
            *mapped = 0;
            *left -= 1;
            let Some(head) = self.heads.pop() else {
                return false;
            };
            if self.worker_of[head.task.index()] == UNMAPPED {
                *next = Some(head.task);
            }
        }
        true
    }
}

impl Preparing for Clustering {
    fn step(&mut self, graph: &Graph, tasks: &Tasks, _: &SimOptions, left: &mut usize) -> bool {
        while *left > 0 {
            match &mut self.phase {
                Phase::Levels(levels) => {
                    if levels.step(graph, tasks, left) {
                        let Phase::Levels(levels) =
                            std::mem::replace(&mut self.phase, Phase::Order { next: 0 })
                        else {
                            unreachable!("the phase was just matched");
                        };
                        self.level_us = levels.into_levels();
                    }
                }
                Phase::Order { next } => {
                    let end = graph.len().min(next.saturating_add(*left));
                    for i in *next..end {
                        let level_us = self.level_us[i];
                        let task = TaskId(i as u32);
                        self.heads.push(Head { level_us, task });
                    }
                    *left -= end - *next;
                    *next = end;
                    if end == graph.len() {
                        self.phase = Phase::Chains {
                            next: None,
                            worker: 0,
                            mapped: 0,
                        };
                    }
                }
                Phase::Chains { .. } => {
                    if !self.chains(tasks, left) {
                        self.phase = Phase::Done;
                    }
                }
                Phase::Done => return true,
            }
        }
        matches!(self.phase, Phase::Done)
    }

    fn progress(&self) -> f64 {
        let n = self.worker_of.len().max(1) as f64;
        match &self.phase {
            Phase::Levels(levels) => levels.progress() / 3.0,
            Phase::Order { next } => (1.0 + *next as f64 / n) / 3.0,
            Phase::Chains { .. } => (2.0 + self.clustered as f64 / n) / 3.0,
            Phase::Done => 1.0,
        }
    }

    fn share(&self) -> f64 {
        // About what the chains cost against the run that follows.
        0.2
    }

    fn into_policy(self: Box<Self>) -> Box<dyn Policy> {
        Box::new(LinearClustering {
            level_us: self.level_us,
            worker_of: self.worker_of,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::policy::levels::bottom_levels_us;

    /// LC's chains in one call, as they were made before the preparation
    /// ran in steps: a stable sort by decreasing level, then every chain.
    fn one_call(graph: &Graph, tasks: &Tasks, workers: u32, rate: Option<f64>) -> Vec<u32> {
        let level_us = bottom_levels_us(graph, tasks, rate);
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
        worker_of
    }

    #[test]
    fn chains_in_steps_are_the_one_call_chains() {
        let etl = crate::etl::build(&crate::etl::EtlSpec {
            files: 60,
            compares: 90,
            ..crate::etl::EtlSpec::small()
        })
        .unwrap();
        let mut graphs = vec![etl.graph().clone()];
        for (family, size) in [
            ("fern", 6),
            ("gridcat", 5),
            ("bigmerge", 4),
            ("triplets", 6),
        ] {
            graphs.push(crate::families::generate(family, size, 3).unwrap());
        }
        let options = SimOptions::default();
        // A time scale of 0 leaves the overhead: equal costs, many equal levels.
        let cases = graphs
            .iter()
            .flat_map(|g| [(g, Tasks::new(g, 5.0, 1.0)), (g, Tasks::new(g, 5.0, 0.0))]);
        for (graph, tasks) in cases {
            for (workers, rate) in [(1, None), (4, Some(10.0)), (7, Some(0.5))] {
                let expected = one_call(graph, &tasks, workers, rate);
                for units in [1, 2, 5, 1_000] {
                    let mut clustering = Box::new(Clustering::new(graph, workers, rate));
                    let mut progress = 0.0;
                    while !clustering.step(graph, &tasks, &options, &mut { units }) {
                        let now = clustering.progress();
                        assert!(now >= progress && now <= 1.0, "{progress} then {now}");
                        progress = now;
                    }
                    assert_eq!(clustering.worker_of, expected, "{} tasks", graph.len());
                    assert_eq!(clustering.level_us, bottom_levels_us(graph, &tasks, rate));
                }
            }
        }
    }
}
