//! Whole-graph numbers: size, total work, the critical path (span) and the
//! tasks on it, and the width of every level — in one call
//! ([`Graph::stats`]) or in bounded steps ([`StatsPass`]), with the same
//! result.

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

    /// Work, span, critical path and level widths, in O(tasks + edges):
    /// every step of a [`StatsPass`] at once.
    pub fn stats(&self) -> GraphStats {
        let mut pass = StatsPass::new(self);
        while !pass.step(self, usize::MAX) {}
        pass.finish(self)
    }
}

/// What a [`StatsPass`] works on next.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// Tasks in id order: the longest chain ending at each, its depth.
    Chains,
    /// Tasks in id order: the width of every level.
    Levels,
    /// The critical path, walked back from its end.
    Path,
    Done,
}

/// [`Graph::stats`] in bounded steps ([`StatsPass::step`]), so a caller
/// that must stay responsive can stop between two; the stats do not depend
/// on the slicing. Every step is given the graph [`StatsPass::new`] was.
///
/// ```
/// use dagsim::etl::{build, EtlSpec};
/// use dagsim::graph::StatsPass;
/// let etl = build(&EtlSpec::default()).unwrap();
/// let graph = etl.graph();
/// let mut pass = StatsPass::new(graph);
/// while !pass.step(graph, 100) {}
/// assert_eq!(pass.finish(graph), graph.stats());
/// ```
#[derive(Clone, Debug)]
pub struct StatsPass {
    phase: Phase,
    /// The next task (Chains, Levels) or the next task back on the path.
    next: Option<TaskId>,
    /// Longest chain of durations ending at each task (its top level plus
    /// itself), ms, and its predecessor on that chain; like `depth`, filled
    /// in id order (a task's dependencies come first), so starting the pass
    /// touches no memory.
    finish: Vec<f64>,
    via: Vec<Option<TaskId>>,
    /// Longest number of edges from a source to each task.
    depth: Vec<u32>,
    work_ms: f64,
    /// The task the longest chain ends at (the last of equals).
    end: Option<TaskId>,
    width_per_level: Vec<u32>,
    /// The critical path from its end back (reversed at the end).
    path: Vec<TaskId>,
}

impl StatsPass {
    /// The pass over `graph`, nothing done yet.
    pub fn new(graph: &Graph) -> StatsPass {
        let n = graph.len();
        StatsPass {
            phase: Phase::Chains,
            next: graph.ids().next(),
            finish: Vec::with_capacity(n),
            via: Vec::with_capacity(n),
            depth: Vec::with_capacity(n),
            work_ms: 0.0,
            end: None,
            width_per_level: Vec::new(),
            path: Vec::new(),
        }
    }

    /// Works for about `units` units (a task and each of its dependencies
    /// one, a task on the path one), at least one task; true when done.
    pub fn step(&mut self, graph: &Graph, units: usize) -> bool {
        let mut left = units.max(1);
        while left > 0 && self.phase != Phase::Done {
            let Some(id) = self.next else {
                self.next_phase(graph);
                continue;
            };
            match self.phase {
                Phase::Chains => {
                    left = left.saturating_sub(1 + graph.deps(id).len());
                    self.chain(graph, id);
                    self.next = following(graph, id);
                }
                Phase::Levels => {
                    left -= 1;
                    self.width_per_level[self.depth[id.index()] as usize] += 1;
                    self.next = following(graph, id);
                }
                Phase::Path => {
                    left -= 1;
                    self.path.push(id);
                    self.next = self.via[id.index()];
                }
                Phase::Done => {}
            }
        }
        self.phase == Phase::Done
    }

    /// The longest chain ending at `id` and its depth, from its dependencies'.
    fn chain(&mut self, graph: &Graph, id: TaskId) {
        let mut best: Option<TaskId> = None;
        let mut depth = 0;
        for &d in graph.deps(id) {
            if best.is_none_or(|b| self.finish[d.index()] > self.finish[b.index()]) {
                best = Some(d);
            }
            depth = depth.max(self.depth[d.index()] + 1);
        }
        let i = id.index();
        let duration = graph.duration_ms(id);
        self.depth.push(depth);
        self.finish
            .push(duration + best.map_or(0.0, |b| self.finish[b.index()]));
        self.via.push(best);
        self.work_ms += duration;
        // The last of equal ends, as `Iterator::max_by` picks.
        if self
            .end
            .is_none_or(|e| self.finish[i].total_cmp(&self.finish[e.index()]).is_ge())
        {
            self.end = Some(id);
        }
    }

    /// Starts the phase after the current one.
    fn next_phase(&mut self, graph: &Graph) {
        (self.phase, self.next) = match self.phase {
            Phase::Chains => {
                let levels = self.depth.iter().max().map_or(0, |d| *d as usize + 1);
                self.width_per_level = vec![0; levels];
                (Phase::Levels, graph.ids().next())
            }
            Phase::Levels => (Phase::Path, self.end),
            Phase::Path | Phase::Done => (Phase::Done, None),
        };
    }

    /// How far the pass is, 0 to 1 (two passes over the tasks; the path
    /// walk counts as done).
    pub fn progress(&self, graph: &Graph) -> f64 {
        let at = self.next.map_or(graph.len(), TaskId::index) as f64;
        let n = graph.len().max(1) as f64;
        match self.phase {
            Phase::Chains => 0.5 * at / n,
            Phase::Levels => 0.5 + 0.5 * at / n,
            Phase::Path | Phase::Done => 1.0,
        }
    }

    /// The stats (finishing the pass first).
    pub fn finish(mut self, graph: &Graph) -> GraphStats {
        while !self.step(graph, usize::MAX) {}
        let mut critical_path = self.path;
        critical_path.reverse();
        let span_ms = self.end.map_or(0.0, |e| self.finish[e.index()]);
        let work_ms = self.work_ms;
        GraphStats {
            tasks: graph.len(),
            edges: graph.edge_count(),
            work_ms,
            span_ms,
            critical_path,
            width_per_level: self.width_per_level,
            parallelism: if span_ms > 0.0 {
                work_ms / span_ms
            } else {
                1.0
            },
        }
    }
}

/// The task after `id` in id order, if any.
fn following(graph: &Graph, id: TaskId) -> Option<TaskId> {
    (id.index() + 1 < graph.len()).then(|| TaskId(id.0 + 1))
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
