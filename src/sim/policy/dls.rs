//! DLS, Dynamic Level Scheduling: among the ready tasks and the workers,
//! place the pair of largest dynamic level `SL(t) − EST(t, w)` — the static
//! level (b-level, µs) minus the earliest start on that worker — then repeat.
//! Source: Sih & Lee, "A compile-time scheduling heuristic for
//! interconnection-constrained heterogeneous processor architectures"
//! (1993), on identical workers. Applied as ESTEE does, to the tasks that
//! become ready together (see [`PairScheduler`](super::pairs::PairScheduler)).

use super::super::tasks::Tasks;
use super::levels::bottom_levels_us;
use super::pairs::PairScore;
use super::View;
use crate::graph::{Graph, TaskId};

/// Largest static level minus earliest start first.
pub(super) struct DynamicLevel {
    static_level_us: Vec<f64>,
}

impl DynamicLevel {
    /// The score for `graph`.
    pub(super) fn new(graph: &Graph, tasks: &Tasks) -> Self {
        DynamicLevel {
            static_level_us: bottom_levels_us(graph, tasks, None),
        }
    }
}

impl PairScore for DynamicLevel {
    fn score(&self, _view: &View, task: TaskId, start_us: f64) -> (f64, f64) {
        (start_us - self.static_level_us[task.index()], 0.0)
    }

    fn level(&self, _view: &View, task: TaskId) -> f64 {
        self.static_level_us[task.index()]
    }
}
