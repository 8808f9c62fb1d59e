//! b-level list scheduling (HLFET; HEFT-like on identical workers): one
//! global queue ordered by bottom level — the longest chain of durations to a
//! sink — so the task heading the longest remaining chain runs first.
//! Plain `b-level`: the next free thread takes it. `b-level-gt` (ESTEE's
//! blevel-gt): it goes to the free worker with the fewest input bytes to
//! fetch ([`fewest_bytes_idle`]). Source: Adam, Chandy & Dickson, "A
//! comparison of list schedules for parallel processing systems" (1974);
//! Beránek et al. 2022 for the `-gt` choice.

use super::greedy_transfer::fewest_bytes_idle;
use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct BLevel {
    /// Pick the free worker with the fewest bytes to fetch.
    pub greedy_transfer: bool,
}

impl Policy for BLevel {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        None
    }

    fn picks(&self) -> bool {
        self.greedy_transfer
    }

    fn pick(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        fewest_bytes_idle(view, task)
    }
}
