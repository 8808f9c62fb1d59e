//! t-level list scheduling: one global queue ordered by top level — the
//! longest chain of durations from a source to the task, i.e. its earliest
//! possible start — smallest first, so tasks run roughly in the order an
//! unbounded machine would start them. Plain `t-level`: the next free thread
//! takes the head; `t-level-gt` (ESTEE's tlevel-gt): it goes to the free
//! worker with the fewest input bytes to fetch. Source: Kwok & Ahmad,
//! "Static scheduling algorithms for allocating directed task graphs to
//! multiprocessors" (1999), §2; Beránek et al. 2022 for the `-gt` choice.

use super::super::tasks::Tasks;
use super::greedy_transfer::fewest_bytes_idle;
use super::levels::top_levels_us;
use super::{Policy, View};
use crate::graph::{Graph, TaskId};

/// See the module docs.
pub(super) struct TLevel {
    top_us: Vec<f64>,
    greedy_transfer: bool,
}

impl TLevel {
    /// The policy for `graph`; `greedy_transfer` for the `-gt` worker choice.
    pub(super) fn new(graph: &Graph, tasks: &Tasks, greedy_transfer: bool) -> Self {
        TLevel {
            top_us: top_levels_us(graph, tasks),
            greedy_transfer,
        }
    }
}

impl Policy for TLevel {
    fn priority(&self, _view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        -self.top_us[task.index()]
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
