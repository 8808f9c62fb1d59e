//! MCP, Modified Critical Path: tasks by as-late-as-possible start time
//! (ALAP, computed with every edge costing its transfer at the bandwidth),
//! smallest first; each goes to the worker where it would start earliest
//! ([`earliest_start`]: queued work per thread plus the transfers it
//! needs). Source: Wu & Gajski, "Hypertool: a programming aid for
//! message-passing systems" (1990).
//!
//! Here, as in ESTEE, the list is applied as tasks become ready: the tasks
//! that become ready together are placed smallest ALAP first, and each
//! worker runs its queue in the same order. ALAP = critical path − the
//! bottom level with transfers ([`bottom_levels_us`]), so smallest ALAP is
//! largest bottom level; ties go to the task that became ready first (the
//! paper breaks them by the descendants' ALAPs).

use super::super::tasks::Tasks;
use super::earliest::{earliest_start, Holders};
use super::levels::bottom_levels_us;
use super::{Policy, View};
use crate::graph::{Graph, TaskId};

/// See the module docs.
pub(super) struct Mcp {
    /// Bottom level with transfers, µs: larger is a smaller ALAP.
    level_us: Vec<f64>,
    /// Who holds the inputs of the task being placed.
    holders: Holders,
}

impl Mcp {
    /// The policy for `graph` on a network of `bytes_per_us` (none: free).
    pub(super) fn new(graph: &Graph, tasks: &Tasks, bytes_per_us: Option<f64>) -> Self {
        Mcp {
            level_us: bottom_levels_us(graph, tasks, bytes_per_us),
            holders: Holders::default(),
        }
    }
}

impl Policy for Mcp {
    fn priority(&self, _view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        self.level_us[task.index()]
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        Some(earliest_start(view, task, &mut self.holders).1)
    }

    fn orders_batches(&self) -> bool {
        true
    }

    fn next_ready(&mut self, _view: &mut View, batch: &mut [TaskId], fresh: bool) -> usize {
        if fresh {
            // Smallest ALAP last (stable: earlier-ready first among equals).
            batch.reverse();
            batch.sort_by(|a, b| self.level_us[a.index()].total_cmp(&self.level_us[b.index()]));
        }
        batch.len() - 1
    }
}
