//! Idle-thread work stealing: a task joins the worker that holds its largest
//! input (locality; tasks without inputs go round-robin), critical-path-first
//! in each queue, and a worker with a free thread and nothing queued takes
//! one task at a time from the longest queue (see [`IdleStealing`]).
//! `work-stealing-eager` is ESTEE's variant.

use super::stealing::IdleStealing;
use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct WorkStealing {
    next: u32,
    stealing: IdleStealing,
}

impl WorkStealing {
    /// The policy for `workers` workers.
    pub(super) fn new(workers: u32) -> Self {
        WorkStealing {
            next: 0,
            stealing: IdleStealing::new(workers),
        }
    }
}

impl Policy for WorkStealing {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        let holder = view
            .graph
            .deps_read(task)
            .max_by_key(|(_, bytes)| *bytes)
            .map(|(d, _)| view.home(d));
        Some(holder.unwrap_or_else(|| {
            self.next = (self.next + 1) % view.workers();
            self.next
        }))
    }

    fn stealing(&mut self) -> Option<&mut IdleStealing> {
        Some(&mut self.stealing)
    }
}
