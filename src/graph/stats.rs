//! Whole-graph numbers: size, total work, the critical path (span) and the
//! tasks on it, and the width of every level.

use super::{Graph, TaskId};
use serde::Serialize;

/// Summary statistics of a [`Graph`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphStats {
    /// Number of tasks.
    pub tasks: usize,
    /// Number of dependency edges.
    pub edges: usize,
    /// Sum of all durations, ms: the time one thread needs.
    pub work_ms: f64,
    /// The longest chain of durations, ms: the time infinitely many threads need.
    pub span_ms: f64,
    /// The tasks on one longest chain, from a source to a sink.
    pub critical_path: Vec<TaskId>,
    /// Number of tasks per level (level = longest number of edges from a source).
    pub width_per_level: Vec<u32>,
    /// `work_ms / span_ms`: the most speedup any number of threads can give.
    pub parallelism: f64,
}

impl Graph {
    /// Bottom level of every task: the longest chain of durations from the
    /// task to any sink, the task included, ms. Critical-path-first schedulers
    /// run the largest first.
    pub fn bottom_levels_ms(&self) -> Vec<f64> {
        let dependents = self.dependents();
        let mut level = vec![0.0; self.len()];
        for id in self.ids().rev() {
            let below = dependents
                .of(id)
                .iter()
                .map(|d| level[d.index()])
                .fold(0.0, f64::max);
            level[id.index()] = self.duration_ms(id) + below;
        }
        level
    }

    /// Work, span, critical path and level widths, in O(tasks + edges).
    pub fn stats(&self) -> GraphStats {
        let n = self.len();
        // Longest chain ending at each task (its top level plus itself), and its predecessor on it.
        let mut finish = vec![0.0f64; n];
        let mut via: Vec<Option<TaskId>> = vec![None; n];
        let mut depth = vec![0u32; n];
        for id in self.ids() {
            let mut best: Option<TaskId> = None;
            for &d in self.deps(id) {
                if best.is_none_or(|b| finish[d.index()] > finish[b.index()]) {
                    best = Some(d);
                }
                depth[id.index()] = depth[id.index()].max(depth[d.index()] + 1);
            }
            finish[id.index()] = self.duration_ms(id) + best.map_or(0.0, |b| finish[b.index()]);
            via[id.index()] = best;
        }
        let end = self
            .ids()
            .max_by(|a, b| finish[a.index()].total_cmp(&finish[b.index()]));
        let mut critical_path: Vec<TaskId> =
            std::iter::successors(end, |t| via[t.index()]).collect();
        critical_path.reverse();
        let mut width_per_level = vec![0u32; depth.iter().max().map_or(0, |d| *d as usize + 1)];
        for d in depth {
            width_per_level[d as usize] += 1;
        }
        let work_ms: f64 = self.duration_ms.iter().sum();
        let span_ms = end.map_or(0.0, |e| finish[e.index()]);
        GraphStats {
            tasks: n,
            edges: self.edge_count(),
            work_ms,
            span_ms,
            critical_path,
            width_per_level,
            parallelism: if span_ms > 0.0 {
                work_ms / span_ms
            } else {
                1.0
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::GraphBuilder;

    #[test]
    fn diamond_stats() {
        // a(1) -> b(5), c(2) -> d(1): span = a+b+d = 7, work = 9.
        let mut g = GraphBuilder::new();
        let a = g.add("a", 0, &[], 1.0, 0);
        let b = g.add("b", 0, &[a], 5.0, 0);
        let c = g.add("c", 0, &[a], 2.0, 0);
        let d = g.add("d", 0, &[b, c], 1.0, 0);
        let graph = g.finish();
        let s = graph.stats();
        assert_eq!((s.tasks, s.edges), (4, 4));
        assert_eq!((s.work_ms, s.span_ms), (9.0, 7.0));
        assert_eq!(s.critical_path, vec![a, b, d]);
        assert_eq!(s.width_per_level, vec![1, 2, 1]);
        assert_eq!(graph.bottom_levels_ms(), vec![7.0, 6.0, 3.0, 1.0]);
    }
}
