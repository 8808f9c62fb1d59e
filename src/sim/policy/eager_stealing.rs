//! Eager work stealing, after ESTEE's `ws`: a task is assigned the moment
//! it becomes ready to the worker with the fewest input bytes to fetch — the
//! holder of most of its input bytes, or a seeded random worker when no
//! worker holds any (ESTEE draws among all tied workers) — and workers with
//! a free thread rebalance at once, taking queued tasks from the longest
//! queue ([`IdleStealing`]). Unlike ESTEE, a task whose inputs are still
//! being fetched is not stolen, and the thief takes the victim's next task
//! rather than the one cheapest to move.
//!
//! `work-stealing` differs in its placement: the holder of the largest
//! single input, round-robin for tasks without inputs.

use super::earliest::Holders;
use super::stealing::IdleStealing;
use super::{Policy, View};
use crate::graph::TaskId;
use crate::prng::{Purpose, SplitMix64};

/// See the module docs.
pub(super) struct EagerStealing {
    rng: SplitMix64,
    stealing: IdleStealing,
    /// Who holds the inputs of the task being placed.
    holders: Holders,
}

impl EagerStealing {
    /// The policy for `workers` workers, drawing from `seed`.
    pub(super) fn new(workers: u32, seed: u64) -> Self {
        EagerStealing {
            rng: SplitMix64::stream(seed, Purpose::Placement, 2),
            stealing: IdleStealing::new(workers),
            holders: Holders::default(),
        }
    }
}

impl Policy for EagerStealing {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        self.holders.gather(view, task);
        let best = self.holders.iter().filter(|h| h.1 > 0).fold(
            None,
            |best: Option<(u64, u32)>, (w, bytes, _)| match best {
                Some((b, bw)) if b > bytes || (b == bytes && bw < w) => best,
                _ => Some((bytes, w)),
            },
        );
        Some(best.map_or_else(|| self.rng.below(view.workers()), |b| b.1))
    }

    fn stealing(&mut self) -> Option<&mut IdleStealing> {
        Some(&mut self.stealing)
    }
}
