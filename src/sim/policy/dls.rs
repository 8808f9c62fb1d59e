//! DLS, Dynamic Level Scheduling: among the ready tasks and the workers,
//! place the pair of largest dynamic level `SL(t) − EST(t, w)` — the static
//! level (b-level, µs) minus the earliest start on that worker — then repeat.
//! Source: Sih & Lee, "A compile-time scheduling heuristic for
//! interconnection-constrained heterogeneous processor architectures"
//! (1993), on identical workers. Applied as ESTEE does, to the tasks that
//! become ready together; the start estimate and the candidate window are
//! [`PairChoice`]'s. Each worker runs its queue by b-level.

use super::super::tasks::Tasks;
use super::levels::bottom_levels_us;
use super::pairs::PairChoice;
use super::{Policy, View};
use crate::graph::{Graph, TaskId};

/// See the module docs.
pub(super) struct Dls {
    static_level_us: Vec<f64>,
    pairs: PairChoice,
}

impl Dls {
    /// The policy for `graph`.
    pub(super) fn new(graph: &Graph, tasks: &Tasks) -> Self {
        Dls {
            static_level_us: bottom_levels_us(graph, tasks, None),
            pairs: PairChoice::default(),
        }
    }
}

impl Policy for Dls {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        Some(self.pairs.worker_for(view, task))
    }

    fn orders_batches(&self) -> bool {
        true
    }

    fn next_ready(&mut self, view: &mut View, batch: &mut [TaskId], _fresh: bool) -> usize {
        let level = &self.static_level_us;
        self.pairs.choose(view, batch, |_, task, start| {
            (start - level[task.index()], 0.0)
        })
    }
}
