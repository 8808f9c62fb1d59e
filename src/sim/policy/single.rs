//! Single worker: every task runs on worker 0, critical-path-first — the
//! baseline of no distribution at all (no transfers ever). ESTEE's
//! `single`/all-on-one scheduler.

use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct Single;

impl Policy for Single {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        Some(0)
    }
}
