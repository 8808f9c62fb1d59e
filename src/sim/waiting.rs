//! Tasks waiting for inputs still in flight. Only the `maxmin` network
//! leaves a transfer's end open when it starts (the other models know it at
//! once); a task placed on a worker, or holding a thread there, then waits
//! here until the last of its in-flight inputs arrives.

use crate::graph::TaskId;

/// End of a list of waiters.
const NONE: u32 = u32::MAX;

/// Where a task waits and what it still lacks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Wait {
    /// The worker it will run on.
    pub worker: u32,
    /// The thread slot it holds there, if it took one before fetching.
    pub slot: Option<u32>,
    /// When the inputs that did arrive (or were already there) are there, µs.
    pub inputs_at: f64,
    /// Inputs still in flight.
    pub missing: u32,
}

/// The waiting tasks and, per transfer, the tasks waiting for it.
#[derive(Default)]
pub(super) struct Waiting {
    /// Per task (by id), where its wait is in `waits`, or [`NONE`]: a flat
    /// index costs a load where a hash map would hash.
    by_task: Vec<u32>,
    waits: Vec<Wait>,
    /// Entries of `waits` free for reuse.
    free: Vec<u32>,
    /// First waiter of each transfer (by id), into `nodes`.
    heads: Vec<u32>,
    /// A waiting task and the next waiter of the same transfer.
    nodes: Vec<(TaskId, u32)>,
}

impl Waiting {
    /// Records that `task` needs the output carried by `transfer`.
    pub fn needs(&mut self, task: TaskId, transfer: u32) {
        let t = transfer as usize;
        if self.heads.len() <= t {
            self.heads.resize(t + 1, NONE);
        }
        self.nodes.push((task, self.heads[t]));
        self.heads[t] = (self.nodes.len() - 1) as u32;
    }

    /// `task` waits as `wait` says (after [`Waiting::needs`] for each missing input).
    pub fn insert(&mut self, task: TaskId, wait: Wait) {
        debug_assert!(wait.missing > 0);
        let t = task.index();
        if self.by_task.len() <= t {
            self.by_task.resize(t + 1, NONE);
        }
        self.by_task[t] = match self.free.pop() {
            Some(i) => {
                self.waits[i as usize] = wait;
                i
            }
            None => {
                self.waits.push(wait);
                (self.waits.len() - 1) as u32
            }
        };
    }

    /// `transfer` delivered its output at `at_us`: pushes onto `ready` each
    /// task that now has all its inputs.
    pub fn arrived(&mut self, transfer: u32, at_us: f64, ready: &mut Vec<(TaskId, Wait)>) {
        let Some(head) = self.heads.get_mut(transfer as usize) else {
            return;
        };
        let mut node = std::mem::replace(head, NONE);
        while node != NONE {
            let (task, next) = self.nodes[node as usize];
            node = next;
            let i = self.by_task.get(task.index()).copied().unwrap_or(NONE);
            if i == NONE {
                continue;
            }
            let wait = &mut self.waits[i as usize];
            wait.missing -= 1;
            wait.inputs_at = wait.inputs_at.max(at_us);
            if wait.missing == 0 {
                ready.push((task, *wait));
                self.by_task[task.index()] = NONE;
                self.free.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_is_ready_when_its_last_transfer_arrives() {
        let mut w = Waiting::default();
        let (a, b) = (TaskId(1), TaskId(2));
        w.needs(a, 0);
        w.needs(a, 1);
        w.needs(b, 1);
        let wait = |missing| Wait {
            worker: 3,
            slot: None,
            inputs_at: 10.0,
            missing,
        };
        w.insert(a, wait(2));
        w.insert(b, wait(1));
        let arrived_at = |task, inputs_at| {
            vec![(
                task,
                Wait {
                    inputs_at,
                    ..wait(0)
                },
            )]
        };
        let mut ready = Vec::new();
        w.arrived(1, 50.0, &mut ready);
        assert_eq!(ready, arrived_at(b, 50.0));
        ready.clear();
        w.arrived(0, 40.0, &mut ready);
        assert_eq!(ready, arrived_at(a, 50.0));
        w.arrived(7, 1.0, &mut ready);
        assert_eq!(ready.len(), 1);
    }
}
