//! Pair schedulers (ETF, DLS): among the tasks that became ready together,
//! every candidate task is scored on the worker where it would start
//! earliest ([`earliest_start`]), the best pair is placed, and the rest are
//! scored again (loads changed). Each worker runs its queue by b-level. What
//! "best" means is the scheduler's [`PairScore`], one file each.
//!
//! Tasks without inputs would all start at the same time (on the
//! least-loaded worker: they fetch nothing), so among them only the one of
//! largest [`PairScore::level`] can be best: they are sorted once per batch
//! and only that one is scored, O(1) per placement however many there are
//! (the 250,000 roots of a 1M-task ETL graph). Of the tasks with inputs the
//! candidates are the first [`WINDOW`]: exact when at most that many become
//! ready at once (every published ESTEE benchmark graph but a few), and
//! O(WINDOW · inputs) per placement on the huge batches of large graphs.

use super::earliest::{earliest_start, Holders};
use super::{Policy, View};
use crate::graph::TaskId;

/// Most tasks of a batch scored per placement.
pub(super) const WINDOW: usize = 512;

/// How a pair scheduler ranks a task that would start `start_us` from now
/// on its earliest-start worker: least first, compared in order.
pub(super) trait PairScore {
    /// The score of `task` starting at `start_us`.
    fn score(&self, view: &View, task: TaskId, start_us: f64) -> (f64, f64);
    /// What ranks tasks that start at the same time: of two such tasks the
    /// one of larger level has the lesser (better) score.
    fn level(&self, view: &View, task: TaskId) -> f64;
}

/// A pair scheduler ranking pairs by `S`.
pub(super) struct PairScheduler<S> {
    score: S,
    /// The pair chosen last, so the placement that follows reuses its worker.
    chosen: Option<(TaskId, u32)>,
    /// How many tasks at the front of the current batch have no inputs:
    /// `batch[..inputless]` is sorted by level, largest last; the tasks with
    /// inputs follow in any order.
    inputless: usize,
    /// Who holds the inputs of the task being scored.
    holders: Holders,
}

impl<S: PairScore> PairScheduler<S> {
    /// The scheduler ranking by `score`.
    pub(super) fn new(score: S) -> Self {
        PairScheduler {
            score,
            chosen: None,
            inputless: 0,
            holders: Holders::default(),
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
            _ => earliest_start(view, task, &mut self.holders).1,
        })
    }

    fn orders_batches(&self) -> bool {
        true
    }

    fn next_ready(&mut self, view: &mut View, batch: &mut [TaskId], fresh: bool) -> usize {
        if fresh {
            self.sort_inputless(view, batch);
        }
        let m = self.inputless;
        let mut best: Option<((f64, f64), usize, u32)> = None;
        let mut consider = |view: &mut View, i: usize| {
            let task = batch[i];
            let (start, worker) = earliest_start(view, task, &mut self.holders);
            let k = self.score.score(view, task, start);
            let better =
                best.is_none_or(|(b, ..)| k.0.total_cmp(&b.0).then(k.1.total_cmp(&b.1)).is_lt());
            if better {
                best = Some((k, i, worker));
            }
        };
        if m > 0 {
            consider(view, m - 1);
        }
        for i in m..batch.len().min(m + WINDOW) {
            consider(view, i);
        }
        let (_, mut i, worker) = best.unwrap_or(((0.0, 0.0), 0, 0));
        self.chosen = batch.get(i).map(|t| (*t, worker));
        if m > 0 && i == m - 1 {
            // The engine swaps the last task into the place it takes: move
            // the chosen one last first, so the sorted part only shrinks.
            batch.swap(i, batch.len() - 1);
            i = batch.len() - 1;
            self.inputless -= 1;
        }
        i
    }
}

impl<S: PairScore> PairScheduler<S> {
    /// Moves the tasks of `batch` without inputs to its front, sorted by
    /// level (largest last; equal levels keep their order).
    fn sort_inputless(&mut self, view: &View, batch: &mut [TaskId]) {
        let mut m = 0;
        for i in 0..batch.len() {
            if view.graph.deps(batch[i]).is_empty() {
                batch.swap(i, m);
                m += 1;
            }
        }
        batch[..m].reverse();
        batch[..m].sort_by(|a, b| {
            let (la, lb) = (self.score.level(view, *a), self.score.level(view, *b));
            la.total_cmp(&lb)
        });
        self.inputless = m;
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::GraphBuilder;
    use crate::sim::{simulate, PolicyKind, SimOptions};

    /// Independent tasks all ready at once, more than the window, the
    /// longest listed last: ETF and DLS place the longest first onto the
    /// least-loaded worker — the LPT schedule, whose makespan is computed
    /// here by hand.
    #[test]
    fn a_huge_batch_of_roots_is_placed_longest_first() {
        let mut g = GraphBuilder::new();
        let durations: Vec<f64> = (1..=3 * super::WINDOW).map(|d| d as f64).collect();
        for (i, d) in durations.iter().enumerate() {
            g.add(&format!("t-{i}"), 0, &[], *d, 0);
        }
        let graph = g.finish();
        let mut loads = [0.0f64; 3];
        for d in durations.iter().rev() {
            let least = (0..3).fold(0, |b, w| if loads[w] < loads[b] { w } else { b });
            loads[least] += d;
        }
        let lpt = loads.iter().copied().fold(0.0, f64::max);
        for policy in [PolicyKind::Etf, PolicyKind::Dls] {
            let options = SimOptions {
                workers: 3,
                policy,
                ..SimOptions::default()
            };
            let report = simulate(&graph, &options).unwrap();
            assert_eq!(report.makespan_ms, lpt, "{policy}");
        }
    }
}
