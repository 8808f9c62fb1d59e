//! Work stealing: a task joins the worker that holds most of its input bytes
//! (locality; tasks without inputs go round-robin), critical-path-first in
//! each queue, and idle workers steal from the busiest queue.

use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
#[derive(Default)]
pub(super) struct WorkStealing {
    next: u32,
}

impl Policy for WorkStealing {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        let deps = view.graph.deps(task);
        let holder = deps
            .iter()
            .max_by_key(|d| view.graph.bytes(**d))
            .map(|d| view.home(*d));
        Some(holder.unwrap_or_else(|| {
            self.next = (self.next + 1) % view.workers();
            self.next
        }))
    }

    fn steals(&self) -> bool {
        true
    }
}
