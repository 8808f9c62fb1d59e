//! Choosing (task, worker) pairs among tasks that became ready together, as
//! ETF and DLS do: every candidate task is scored on the worker where it
//! would start earliest ([`earliest_start`]), the best pair is placed, and
//! the rest are scored again (loads changed). The candidates are the first
//! [`WINDOW`] tasks of the batch: exact when at most that many tasks become
//! ready at once (every published ESTEE benchmark graph but a few), and
//! O(WINDOW · inputs) per placement on the huge batches of large graphs.

use super::earliest::earliest_start;
use super::View;
use crate::graph::TaskId;

/// Most tasks of a batch scored per placement.
pub(super) const WINDOW: usize = 512;

/// The pair chosen last, so the placement that follows reuses its worker.
#[derive(Default)]
pub(super) struct PairChoice {
    chosen: Option<(TaskId, u32)>,
}

impl PairChoice {
    /// The index in `batch` of the task whose pair scores least by `key(view,
    /// task, estimated start µs)`, compared in order (first on ties),
    /// remembering its worker.
    pub(super) fn choose(
        &mut self,
        view: &mut View,
        batch: &[TaskId],
        key: impl Fn(&View, TaskId, f64) -> (f64, f64),
    ) -> usize {
        let mut best: Option<((f64, f64), usize, u32)> = None;
        for (i, &task) in batch.iter().take(WINDOW).enumerate() {
            let (start, worker) = earliest_start(view, task);
            let k = key(view, task, start);
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

    /// The worker chosen for `task` with it, or its earliest-start worker.
    pub(super) fn worker_for(&mut self, view: &mut View, task: TaskId) -> u32 {
        match self.chosen.take() {
            Some((t, worker)) if t == task => worker,
            _ => earliest_start(view, task).1,
        }
    }
}
