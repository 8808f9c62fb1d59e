//! Per-task state of a simulation, packed in one 32-byte record per task.
//!
//! The loop visits tasks in priority order, which is nearly random in memory
//! on a large graph; with one vector per field every visit would miss the
//! cache once per field. Here a visit costs one line for the record and, for
//! tasks with more than one dependent, one for the dependents list.

use crate::graph::{Graph, TaskId};

/// Home worker of a task whose output does not exist yet.
pub(super) const NOWHERE: u32 = u32::MAX;

/// What the loop knows of one task.
#[derive(Clone, Copy, Debug)]
#[repr(align(32))]
pub(super) struct SimTask {
    /// Thread time the task takes: overhead + duration × time scale, µs.
    pub cost_us: f64,
    /// Longest chain of durations from the task to a sink, ms.
    pub bottom_level_ms: f64,
    /// Worker holding the task's output ([`NOWHERE`] until it finishes).
    pub home: u32,
    /// Dependencies not finished yet.
    pub pending: u32,
    /// The only dependent if there is one, else where the dependents start
    /// in the flat list (a single dependent is kept here to save a miss).
    first_dependent: u32,
    dependents: u32,
}

/// The thread time `task` of `graph` takes: overhead + duration × time
/// scale, µs.
#[inline]
pub(super) fn thread_time_us(
    graph: &Graph,
    task: TaskId,
    overhead_us: f64,
    time_scale: f64,
) -> f64 {
    overhead_us + graph.duration_ms(task) * (time_scale * 1e3)
}

/// Every task's state, and the dependents of every task as one flat list.
pub(super) struct Tasks {
    states: Vec<SimTask>,
    dependents: Vec<TaskId>,
}

impl Tasks {
    /// The initial state of every task of `graph`.
    pub fn new(graph: &Graph, overhead_us: f64, time_scale: f64) -> Self {
        let by_task = graph.dependents();
        let bottom_level = graph.bottom_levels_ms();
        let mut dependents = Vec::with_capacity(graph.edge_count());
        let states = graph
            .ids()
            .map(|id| {
                let of = by_task.of(id);
                let first_dependent = match of {
                    [only] => only.0,
                    _ => {
                        dependents.extend_from_slice(of);
                        (dependents.len() - of.len()) as u32
                    }
                };
                SimTask {
                    cost_us: thread_time_us(graph, id, overhead_us, time_scale),
                    bottom_level_ms: bottom_level[id.index()],
                    home: NOWHERE,
                    pending: graph.deps(id).len() as u32,
                    first_dependent,
                    dependents: of.len() as u32,
                }
            })
            .collect();
        Tasks { states, dependents }
    }

    /// The state of `task`.
    #[inline]
    pub fn get(&self, task: TaskId) -> &SimTask {
        &self.states[task.index()]
    }

    /// The state of `task`, to update.
    #[inline]
    pub fn get_mut(&mut self, task: TaskId) -> &mut SimTask {
        &mut self.states[task.index()]
    }

    /// The `i`-th task that depends on `task` (`i < dependent_count(task)`).
    #[inline]
    pub fn dependent(&self, task: TaskId, i: u32) -> TaskId {
        let state = self.get(task);
        if state.dependents == 1 {
            TaskId(state.first_dependent)
        } else {
            self.dependents[(state.first_dependent + i) as usize]
        }
    }

    /// How many tasks depend on `task`.
    #[inline]
    pub fn dependent_count(&self, task: TaskId) -> u32 {
        self.get(task).dependents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;

    #[test]
    fn records_are_half_a_cache_line_and_hold_the_graph() {
        assert_eq!(std::mem::size_of::<SimTask>(), 32);
        let mut b = GraphBuilder::new();
        let a = b.add("a", 0, &[], 2.0, 0);
        let c = b.add("c", 0, &[a], 3.0, 0);
        let d = b.add("d", 0, &[a, c], 1.0, 0);
        let tasks = Tasks::new(&b.finish(), 10.0, 0.5);
        let s = tasks.get(a);
        assert_eq!((s.cost_us, s.bottom_level_ms, s.pending), (1010.0, 6.0, 0));
        assert_eq!(tasks.dependent_count(a), 2);
        assert_eq!((tasks.dependent(a, 0), tasks.dependent(a, 1)), (c, d));
        assert_eq!((tasks.dependent_count(c), tasks.dependent(c, 0)), (1, d));
        assert_eq!((tasks.get(d).pending, tasks.dependent_count(d)), (2, 0));
        assert_eq!(tasks.get(c).home, NOWHERE);
    }
}
