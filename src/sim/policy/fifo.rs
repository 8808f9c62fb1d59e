//! FIFO: one global queue in the order tasks became ready; the next free
//! thread takes the oldest. The baseline every other policy should beat.

use super::{Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct Fifo;

impl Policy for Fifo {
    fn priority(&self, _view: &View, _task: TaskId, ready_seq: u32) -> f64 {
        -f64::from(ready_seq)
    }

    fn place(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        None
    }
}
