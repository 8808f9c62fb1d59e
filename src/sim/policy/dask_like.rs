//! Dask-like: ready tasks are ordered critical-path-first (our stand-in for
//! `dask.order`), and each goes to the worker where it would start earliest,
//! like distributed's `decide_worker` (see [`earliest_start`]). Idle workers
//! steal, as distributed's work stealing does ([`IdleStealing`]).

use super::earliest::{earliest_start, Holders};
use super::stealing::IdleStealing;
use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct DaskLike {
    stealing: IdleStealing,
    /// Who holds the inputs of the task being placed.
    holders: Holders,
}

impl DaskLike {
    /// The policy for `workers` workers.
    pub(super) fn new(workers: u32) -> Self {
        DaskLike {
            stealing: IdleStealing::new(workers),
            holders: Holders::default(),
        }
    }
}

impl Policy for DaskLike {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        Some(earliest_start(view, task, &mut self.holders).1)
    }

    fn stealing(&mut self) -> Option<&mut IdleStealing> {
        Some(&mut self.stealing)
    }
}
