//! Where the Dask model's scheduler sends each task, following
//! distributed's scheduler: root-ish tasks are queued and handed to the
//! least busy worker with a free slot (`worker-saturation`); other tasks go
//! to the holder of their inputs where they would start earliest
//! (`decide_worker`: occupancy per thread plus the time to fetch what it
//! lacks); every 100 ms idle workers steal tasks not yet started from
//! saturated ones when the move pays for its transfer (the cost model of
//! distributed's `WorkStealing`). A p2p shuffle's output tasks are pinned
//! to the workers of their output partitions (range-sharded, as
//! distributed's shuffle assigns them) and never stolen.

use super::costs::Costs;
use super::Cluster;
use crate::graph::Graph;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// Work-stealing interval, µs (distributed's `work-stealing-interval`).
pub(super) const BALANCE_US: f64 = 100_000.0;
/// Fixed cost distributed's stealing adds to a move, µs (its `LATENCY`).
const STEAL_LATENCY_US: f64 = 100_000.0;
/// distributed's default bandwidth estimate, bytes/µs (100 MB/s).
const DEFAULT_BANDWIDTH: f64 = 100.0;
/// distributed's `rootish-taskgroup`: a root-ish group has fewer dependency groups.
const ROOTISH_GROUPS: usize = 5;
/// distributed's `rootish-taskgroup-dependencies`: ... and fewer tasks in them.
const ROOTISH_DEPENDENCIES: u32 = 5;
/// Stealing levels: a task whose transfer/compute ratio puts it at level 15
/// or more is never stolen.
const LEVELS: i32 = 15;

/// Dask task groups: which group each task is in, and which groups are root-ish.
pub(super) struct Groups {
    /// Per task: its group.
    pub of: Vec<u32>,
    /// Per group: how many tasks.
    pub size: Vec<u32>,
    /// Per group: its dependency groups (distinct, sorted; itself when its
    /// tasks read each other's outputs).
    pub deps: Vec<Vec<u32>>,
}

impl Groups {
    /// Groups from a per-task group index (0..count).
    pub fn new(graph: &Graph, of: Vec<u32>, count: usize) -> Groups {
        let mut size = vec![0u32; count];
        let mut deps: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); count];
        for id in graph.ids() {
            let g = of[id.index()];
            size[g as usize] += 1;
            for d in graph.deps(id) {
                // Its own group too, as distributed's `TaskState.add_dependency`
                // adds it: a group whose tasks read each other is not root-ish.
                deps[g as usize].insert(of[d.index()]);
            }
        }
        Groups {
            of,
            size,
            deps: deps.into_iter().map(|s| s.into_iter().collect()).collect(),
        }
    }

    /// distributed's `is_rootish`: a group larger than twice the cluster's
    /// threads with fewer than 5 dependency groups of fewer than 5 tasks in all
    /// (`distributed.scheduler.rootish-taskgroup` and
    /// `rootish-taskgroup-dependencies`, both 5).
    fn rootish(&self, group: u32, total_threads: u32) -> bool {
        let g = group as usize;
        let dep_tasks: u32 = self.deps[g].iter().map(|&d| self.size[d as usize]).sum();
        self.size[g] > 2 * total_threads
            && self.deps[g].len() < ROOTISH_GROUPS
            && dep_tasks < ROOTISH_DEPENDENCIES
    }
}

/// The scheduler's view: what each worker is processing, and the queue.
pub(super) struct Placement {
    graph_deps: Vec<Vec<usize>>,
    bytes: Vec<u64>,
    threads: u32,
    slots: usize,
    bandwidth: f64,
    /// Per task: expected duration (its prefix's mean), µs.
    expected: Vec<f64>,
    priority: Vec<i64>,
    rootish: Vec<bool>,
    /// Per task: the worker a p2p shuffle restricts it to.
    pinned: Vec<Option<u32>>,
    /// Per task: the worker it is assigned to.
    worker: Vec<Option<u32>>,
    started: Vec<bool>,
    /// Per worker: tasks assigned and not finished; of those not started.
    processing: Vec<usize>,
    pending: Vec<BTreeSet<usize>>,
    occupancy: Vec<f64>,
    queue: BinaryHeap<Reverse<(i64, usize)>>,
    assigned: Vec<(usize, u32)>,
    placed: u64,
}

impl Placement {
    /// A scheduler for `cluster` (an infinite `worker-saturation`: no queuing).
    pub fn new(graph: &Graph, costs: &Costs, groups: &Groups, cluster: &Cluster) -> Placement {
        let (workers, threads, saturation) = (cluster.workers, cluster.threads, cluster.saturation);
        let mut sum = vec![(0.0, 0u32); graph.prefixes().len()];
        for id in graph.ids() {
            let s = &mut sum[graph.prefix_index(id)];
            *s = (s.0 + costs.solo_us[id.index()], s.1 + 1);
        }
        let total = workers * threads;
        let queuing = saturation.is_finite();
        Placement {
            graph_deps: graph
                .ids()
                .map(|id| graph.deps(id).iter().map(|d| d.index()).collect())
                .collect(),
            bytes: graph.ids().map(|id| graph.bytes(id)).collect(),
            threads,
            slots: if queuing {
                ((saturation * f64::from(threads)).ceil() as usize).max(1)
            } else {
                usize::MAX
            },
            bandwidth: if costs.bandwidth > 0.0 {
                costs.bandwidth
            } else {
                DEFAULT_BANDWIDTH
            },
            expected: graph
                .ids()
                .map(|id| {
                    let (s, n) = sum[graph.prefix_index(id)];
                    s / f64::from(n.max(1))
                })
                .collect(),
            priority: costs.priority.clone(),
            rootish: graph
                .ids()
                .map(|id| queuing && groups.rootish(groups.of[id.index()], total))
                .collect(),
            pinned: pinned(graph, costs, workers),
            worker: vec![None; graph.len()],
            started: vec![false; graph.len()],
            processing: vec![0; workers as usize],
            pending: vec![BTreeSet::new(); workers as usize],
            occupancy: vec![0.0; workers as usize],
            queue: BinaryHeap::new(),
            assigned: Vec::new(),
            placed: 0,
        }
    }

    /// The worker task `t` is assigned to.
    pub fn worker_of(&self, t: usize) -> Option<u32> {
        self.worker[t]
    }

    /// Assignments made since the last call: (task, worker).
    pub fn take_assigned(&mut self) -> Vec<(usize, u32)> {
        std::mem::take(&mut self.assigned)
    }

    /// Task `t` starts on its worker's thread: no longer stealable. False if it already ran.
    pub fn take_start(&mut self, t: usize) -> bool {
        if self.started[t] {
            return false;
        }
        self.started[t] = true;
        if let Some(w) = self.worker[t] {
            self.pending[w as usize].remove(&t);
        }
        true
    }

    /// Task `t`'s dependencies are done (`holders`: where each output is).
    pub fn ready(&mut self, t: usize, holders: &[Vec<u32>]) {
        if let Some(w) = self.pinned[t] {
            self.assign(t, w);
        } else if self.rootish[t] {
            self.queue.push(Reverse((self.priority[t], t)));
            self.fill_queue();
        } else {
            let w = self.decide_worker(t, holders);
            self.assign(t, w);
        }
    }

    /// The scheduler learnt that `t` finished on `w`.
    pub fn finished(&mut self, t: usize, w: u32) {
        self.processing[w as usize] -= 1;
        self.occupancy[w as usize] -= self.expected[t];
        self.fill_queue();
    }

    fn assign(&mut self, t: usize, w: u32) {
        self.worker[t] = Some(w);
        self.processing[w as usize] += 1;
        self.occupancy[w as usize] += self.expected[t];
        self.pending[w as usize].insert(t);
        self.assigned.push((t, w));
        self.placed += 1;
    }

    fn unassign(&mut self, t: usize, w: u32) {
        self.processing[w as usize] -= 1;
        self.occupancy[w as usize] -= self.expected[t];
        self.pending[w as usize].remove(&t);
    }

    /// Queued root-ish tasks to the least busy workers with a free slot.
    fn fill_queue(&mut self) {
        while !self.queue.is_empty() {
            let free = (0..self.processing.len())
                .filter(|&w| self.processing[w] < self.slots)
                .min_by(|&a, &b| self.processing[a].cmp(&self.processing[b]).then(a.cmp(&b)));
            let Some(w) = free else { return };
            let Some(Reverse((_, t))) = self.queue.pop() else {
                return;
            };
            self.assign(t, w as u32);
        }
    }

    /// Bytes of `t`'s inputs worker `w` lacks, over the bandwidth estimate, µs.
    fn comm_cost(&self, t: usize, w: u32, holders: &[Vec<u32>]) -> f64 {
        let bytes: u64 = self.graph_deps[t]
            .iter()
            .filter(|&&d| !holders[d].contains(&w))
            .map(|&d| self.bytes[d])
            .sum();
        bytes as f64 / self.bandwidth
    }

    fn start_time(&self, t: usize, w: u32, holders: &[Vec<u32>]) -> f64 {
        self.occupancy[w as usize] / f64::from(self.threads) + self.comm_cost(t, w, holders)
    }

    /// distributed's `decide_worker`: among the holders of `t`'s inputs, the
    /// one where it would start earliest; without inputs, the least occupied
    /// (round robin among idle ones).
    fn decide_worker(&self, t: usize, holders: &[Vec<u32>]) -> u32 {
        let n = self.processing.len();
        let mut candidates: Vec<u32> = self.graph_deps[t]
            .iter()
            .flat_map(|&d| holders[d].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.is_empty() {
            let start = (self.placed % n as u64) as usize;
            let least = (0..n)
                .map(|i| (start + i) % n)
                .min_by(|&a, &b| self.occupancy[a].total_cmp(&self.occupancy[b]));
            return least.unwrap_or(0) as u32;
        }
        candidates
            .into_iter()
            .min_by(|&a, &b| {
                self.start_time(t, a, holders)
                    .total_cmp(&self.start_time(t, b, holders))
            })
            .unwrap_or(0)
    }

    /// One work-stealing round; returns how many tasks moved (their new
    /// assignments are in `take_assigned`).
    pub fn balance(&mut self, holders: &[Vec<u32>]) -> usize {
        let threads = self.threads as usize;
        let mut thieves: Vec<u32> = (0..self.processing.len() as u32)
            .filter(|&w| self.processing[w as usize] < threads)
            .collect();
        if thieves.is_empty() || thieves.len() == self.processing.len() {
            return 0;
        }
        let mut victims: Vec<u32> = (0..self.processing.len() as u32)
            .filter(|&w| self.processing[w as usize] > threads)
            .collect();
        victims.sort_by(|&a, &b| {
            self.occupancy[b as usize]
                .total_cmp(&self.occupancy[a as usize])
                .then(a.cmp(&b))
        });
        let mut moved = 0;
        for victim in victims {
            let mut candidates: Vec<(i32, usize)> = self.pending[victim as usize]
                .iter()
                .filter_map(|&t| self.level(t).map(|l| (l, t)))
                .collect();
            candidates.sort_unstable();
            for (_, t) in candidates {
                let Some(&thief) = thieves.iter().min_by(|&&a, &&b| {
                    self.start_time(t, a, holders)
                        .total_cmp(&self.start_time(t, b, holders))
                }) else {
                    return moved;
                };
                let compute = self.expected[t];
                let occ_thief =
                    self.occupancy[thief as usize] + self.comm_cost(t, thief, holders) + compute;
                let occ_victim = self.occupancy[victim as usize]
                    - (self.comm_cost(t, victim, holders) + compute) / 2.0;
                if occ_thief <= occ_victim {
                    self.unassign(t, victim);
                    self.assign(t, thief);
                    moved += 1;
                    if self.processing[thief as usize] >= threads {
                        thieves.retain(|&w| w != thief);
                    }
                }
            }
        }
        moved
    }

    /// distributed's stealing level of `t`: 0 without inputs, else from
    /// (transfer time + 100 ms) / compute time; None when never stolen.
    fn level(&self, t: usize) -> Option<i32> {
        if self.pinned[t].is_some() {
            return None;
        }
        if self.graph_deps[t].is_empty() {
            return Some(0);
        }
        let compute = self.expected[t];
        if compute <= 0.0 {
            return None;
        }
        let bytes: u64 = self.graph_deps[t].iter().map(|&d| self.bytes[d]).sum();
        let ratio = (bytes as f64 / self.bandwidth + STEAL_LATENCY_US) / compute;
        let level = ((ratio.log2() + 6.0).round() as i32).max(1);
        (level < LEVELS).then_some(level)
    }
}

/// Per task: the worker a p2p shuffle pins it to. The dependents of a
/// barrier are its output partitions, in order: the i-th of n goes to
/// worker i · workers / n (distributed's range sharding).
fn pinned(graph: &Graph, costs: &Costs, workers: u32) -> Vec<Option<u32>> {
    let mut pinned = vec![None; graph.len()];
    if !costs.barrier.contains(&true) {
        return pinned;
    }
    let dependents = graph.dependents();
    for b in graph.ids().filter(|b| costs.barrier[b.index()]) {
        let outputs = dependents.of(b);
        for (i, d) in outputs.iter().enumerate() {
            pinned[d.index()] = Some((i * workers as usize / outputs.len()) as u32);
        }
    }
    pinned
}

/// Group index per task and group count: the measurement's Dask task groups,
/// or (without) the prefixes.
pub(super) fn task_groups(
    graph: &Graph,
    measurement: Option<&crate::graph::Measurement>,
) -> (Vec<u32>, usize) {
    let prefix_groups = || {
        (
            graph
                .ids()
                .map(|id| graph.prefix_index(id) as u32)
                .collect(),
            graph.prefixes().len(),
        )
    };
    let Some(m) = measurement else {
        return prefix_groups();
    };
    if m.group.contains(&u32::MAX) {
        return prefix_groups();
    }
    (m.group.clone(), m.groups.len())
}

#[cfg(test)]
mod tests {
    use super::super::wall;
    use super::*;

    /// `n` tasks of one group: a chain, or independent.
    fn one_group(n: usize, chain: bool) -> Groups {
        Groups::new(&wall::one_group(n, chain, 1.0), vec![0; n], 1)
    }

    #[test]
    fn a_group_reading_its_own_outputs_is_not_root_ish() {
        // distributed counts the group among its own dependencies: 100
        // dependency tasks, not fewer than 5.
        assert!(!one_group(100, true).rootish(0, 2));
        assert!(one_group(100, false).rootish(0, 2));
    }
}
