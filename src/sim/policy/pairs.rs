//! Pair schedulers (ETF, DLS): among the tasks that became ready together,
//! every candidate task is scored on the worker where it would start
//! earliest ([`earliest_start`]), the best pair is placed, and the rest are
//! scored again (loads changed). Each worker runs its queue by b-level. What
//! "best" means is the scheduler's [`PairScore`], one file each. The
//! candidates are the first [`WINDOW`] tasks of the batch: exact when at
//! most that many tasks become ready at once (every published ESTEE
//! benchmark graph but a few), and O(WINDOW · inputs) per placement on the
//! huge batches of large graphs.

use super::earliest::earliest_start;
use super::{Policy, View};
use crate::graph::TaskId;

/// Most tasks of a batch scored per placement.
pub(super) const WINDOW: usize = 512;

/// How a pair scheduler ranks a task that would start `start_us` from now
/// on its earliest-start worker: least first, compared in order.
pub(super) trait PairScore {
    /// The score of `task` starting at `start_us`.
    fn score(&self, view: &View, task: TaskId, start_us: f64) -> (f64, f64);
}

/// A pair scheduler ranking pairs by `S`.
pub(super) struct PairScheduler<S> {
    score: S,
    /// The pair chosen last, so the placement that follows reuses its worker.
    chosen: Option<(TaskId, u32)>,
}

impl<S: PairScore> PairScheduler<S> {
    /// The scheduler ranking by `score`.
    pub(super) fn new(score: S) -> Self {
        PairScheduler {
            score,
            chosen: None,
        }
    }
}

impl<S: PairScore> Policy for PairScheduler<S> {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        Some(match self.chosen.take() {
            Some((t, worker)) if t == task => worker,
            _ => earliest_start(view, task).1,
        })
    }

    fn orders_batches(&self) -> bool {
        true
    }

    fn next_ready(&mut self, view: &mut View, batch: &mut [TaskId], _fresh: bool) -> usize {
        let mut best: Option<((f64, f64), usize, u32)> = None;
        for (i, &task) in batch.iter().take(WINDOW).enumerate() {
            let (start, worker) = earliest_start(view, task);
            let k = self.score.score(view, task, start);
            let better =
                best.is_none_or(|(b, ..)| k.0.total_cmp(&b.0).then(k.1.total_cmp(&b.1)).is_lt());
            if better {
                best = Some((k, i, worker));
            }
        }
        let (_, i, worker) = best.unwrap_or(((0.0, 0.0), 0, 0));
        self.chosen = batch.get(i).map(|t| (*t, worker));
        i
    }
}
