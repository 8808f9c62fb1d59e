//! ETF, Earliest Time First: among the ready tasks and the workers, place
//! the pair that can start earliest (ties to the larger static b-level),
//! then repeat. Source: Hwang, Chow, Anger & Lee, "Scheduling precedence
//! graphs in systems with interprocessor communication times" (1989).
//! Applied as ESTEE does, to the tasks that become ready together (see
//! [`PairScheduler`](super::pairs::PairScheduler)).

use super::pairs::PairScore;
use super::View;
use crate::graph::TaskId;

/// Earliest start first, then larger b-level.
pub(super) struct EarliestTime;

impl PairScore for EarliestTime {
    fn score(&self, view: &View, task: TaskId, start_us: f64) -> (f64, f64) {
        (start_us, -view.bottom_level(task))
    }

    fn level(&self, view: &View, task: TaskId) -> f64 {
        view.bottom_level(task)
    }
}
