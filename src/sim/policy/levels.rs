//! Static task levels the list schedulers rank by, in µs of thread time
//! (overhead + duration × time scale, as the simulation charges):
//!
//! - top level `t(n) = max over inputs d of t(d) + w(d)` — the earliest a
//!   task can start on unbounded workers (0 for sources);
//! - bottom level with transfers `b(n) = w(n) + max over consumers c of
//!   (bytes c reads of n / B + b(c))` — the longest path to a sink when every edge is
//!   a transfer at bandwidth `B` (plain b-level without a bandwidth); MCP's
//!   as-late-as-possible start is `critical path − b(n)`, so smallest ALAP
//!   first is largest `b` first.
//!
//! Both O(tasks + edges): a graph lists dependencies before dependents.

use super::super::tasks::Tasks;
use crate::graph::{Graph, TaskId};

/// The top level of every task, µs.
pub(super) fn top_levels_us(graph: &Graph, tasks: &Tasks) -> Vec<f64> {
    let mut level = vec![0.0; graph.len()];
    for id in graph.ids() {
        level[id.index()] = graph
            .deps(id)
            .iter()
            .map(|d| level[d.index()] + tasks.get(*d).cost_us)
            .fold(0.0, f64::max);
    }
    level
}

/// The bottom level of every task counting each edge as a transfer at
/// `bytes_per_us` (none: edges are free), µs.
pub(super) fn bottom_levels_us(
    graph: &Graph,
    tasks: &Tasks,
    bytes_per_us: Option<f64>,
) -> Vec<f64> {
    let mut levels = BottomLevels::new(graph, bytes_per_us);
    levels.step(graph, tasks, &mut { usize::MAX });
    levels.into_levels()
}

/// [`bottom_levels_us`] in bounded steps, tasks from the last to the first.
pub(super) struct BottomLevels {
    /// Until a task is reached, the most any consumer adds below it.
    level: Vec<f64>,
    /// Tasks not reached yet: `0..left`.
    left: usize,
    bytes_per_us: Option<f64>,
}

impl BottomLevels {
    /// The pass over `graph`, nothing done yet.
    pub(super) fn new(graph: &Graph, bytes_per_us: Option<f64>) -> Self {
        BottomLevels {
            level: vec![0.0; graph.len()],
            left: graph.len(),
            bytes_per_us,
        }
    }

    /// Works until `units` are spent (a task and each of its inputs one);
    /// true once every level is known.
    pub(super) fn step(&mut self, graph: &Graph, tasks: &Tasks, units: &mut usize) -> bool {
        while *units > 0 && self.left > 0 {
            self.left -= 1;
            let id = TaskId(self.left as u32);
            let level = &mut self.level;
            level[id.index()] += tasks.get(id).cost_us;
            let here = level[id.index()];
            for (d, bytes) in graph.deps_read(id) {
                let transfer = self.bytes_per_us.map_or(0.0, |rate| bytes as f64 / rate);
                let below = &mut level[d.index()];
                *below = below.max(here + transfer);
            }
            *units = units.saturating_sub(1 + graph.deps(id).len());
        }
        self.left == 0
    }

    /// How far the pass is, 0 to 1.
    pub(super) fn progress(&self) -> f64 {
        1.0 - self.left as f64 / self.level.len().max(1) as f64
    }

    /// The levels (once [`BottomLevels::step`] said they are known).
    pub(super) fn into_levels(self) -> Vec<f64> {
        self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    #[test]
    fn levels_of_a_diamond() {
        // a(1) -> b(2), c(5) -> d(1); 100 bytes per output at 10 bytes/µs.
        let mut g = GraphBuilder::new();
        let a = g.add("a", 0, &[], 1.0, 100);
        let b = g.add("b", 0, &[a], 2.0, 100);
        let c = g.add("c", 0, &[a], 5.0, 100);
        let d = g.add("d", 0, &[b, c], 1.0, 100);
        let g = g.finish();
        let tasks = Tasks::new(&g, 0.0, 1.0);
        let top = top_levels_us(&g, &tasks);
        assert_eq!(
            [a, b, c, d].map(|t| top[t.index()]),
            [0.0, 1000.0, 1000.0, 6000.0]
        );
        let bottom = bottom_levels_us(&g, &tasks, Some(10.0));
        assert_eq!(
            [a, b, c, d].map(|t| bottom[t.index()]),
            [7020.0, 3010.0, 6010.0, 1000.0]
        );
        assert_eq!(bottom_levels_us(&g, &tasks, None)[a.index()], 7000.0);
    }
}
