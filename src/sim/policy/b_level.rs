//! b-level list scheduling (HEFT-like on identical workers): one global queue
//! ordered by bottom level, so the task heading the longest remaining chain
//! always goes to the next free thread.

use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct BLevel;

impl Policy for BLevel {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        None
    }
}
