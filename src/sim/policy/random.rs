//! Random: every ready task joins the queue of a uniformly drawn worker
//! (seeded splitmix64, so runs repeat), served in ready order, no stealing.

use super::{Policy, View};
use crate::graph::TaskId;
use crate::prng::{Purpose, SplitMix64};

/// See the module docs.
pub(super) struct Random {
    rng: SplitMix64,
}

impl Random {
    pub(super) fn new(seed: u64) -> Self {
        Random {
            rng: SplitMix64::stream(seed, Purpose::Placement, 0),
        }
    }
}

impl Policy for Random {
    fn priority(&self, _view: &View, _task: TaskId, ready_seq: u32) -> f64 {
        -f64::from(ready_seq)
    }

    fn place(&mut self, view: &mut View, _task: TaskId) -> Option<u32> {
        Some(self.rng.below(view.workers()))
    }
}
