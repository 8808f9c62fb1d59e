//! ETF, Earliest Time First: among the ready tasks and the workers, place
//! the pair that can start earliest (ties to the larger static b-level),
//! then repeat. Source: Hwang, Chow, Anger & Lee, "Scheduling precedence
//! graphs in systems with interprocessor communication times" (1989).
//! Applied as ESTEE does, to the tasks that become ready together; the start
//! estimate and the candidate window are [`PairChoice`]'s. Each worker runs
//! its queue by b-level.

use super::pairs::PairChoice;
use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
#[derive(Default)]
pub(super) struct Etf {
    pairs: PairChoice,
}

impl Policy for Etf {
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
        self.pairs.choose(view, batch, |view, task, start| {
            (start, -view.bottom_level(task))
        })
    }
}
