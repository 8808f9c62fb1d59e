//! b-level list scheduling (HLFET; HEFT-like on identical workers): one
//! global queue ordered by bottom level — the longest chain of durations to a
//! sink — so the task heading the longest remaining chain runs first.
//! Plain `b-level`: the next free thread takes it. `b-level-gt` (ESTEE's
//! blevel-gt): it goes to the free worker with the fewest input bytes to
//! fetch ([`fewest_bytes_idle`]). Source: Adam, Chandy & Dickson, "A
//! comparison of list schedules for parallel processing systems" (1974);
//! Beránek et al. 2022 for the `-gt` choice. [`LevelList`] also carries
//! t-level (see `t_level`).

use super::greedy_transfer::{fewest_bytes_idle, Held};
use super::{Policy, View};
use crate::graph::TaskId;

/// A global queue by a static level, to the next free thread or (`-gt`)
/// the free worker with the fewest bytes to fetch.
pub(super) struct LevelList {
    /// Top levels, µs, smallest first (t-level); `None`: bottom levels,
    /// largest first (b-level).
    pub top_us: Option<Vec<f64>>,
    /// Pick the free worker with the fewest bytes to fetch.
    pub greedy_transfer: bool,
    /// What each worker holds of a task's inputs, while picking.
    pub held: Held,
}

impl LevelList {
    /// b-level, with the `-gt` worker choice if `greedy_transfer`.
    pub(super) fn b_level(greedy_transfer: bool) -> Self {
        LevelList {
            top_us: None,
            greedy_transfer,
            held: Held::default(),
        }
    }
}

impl Policy for LevelList {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        match &self.top_us {
            Some(top) => -top[task.index()],
            None => view.bottom_level(task),
        }
    }

    fn place(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        None
    }

    fn picks(&self) -> bool {
        self.greedy_transfer
    }

    fn pick(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        fewest_bytes_idle(view, task, &mut self.held)
    }
}
