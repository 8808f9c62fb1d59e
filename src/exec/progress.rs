//! Live progress: every task's state, and per-prefix counts like
//! `distributed.progress`.

use crate::graph::Graph;
use serde::Serialize;
use std::sync::atomic::{AtomicU8, Ordering};

/// A task's state during a run, stored as one byte per task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TaskState {
    /// Some dependency has not finished.
    Waiting = 0,
    /// All dependencies finished; queued for a thread.
    Ready = 1,
    /// On a thread now.
    Running = 2,
    /// Finished with a value.
    Done = 3,
    /// Its body returned an error.
    Failed = 4,
}

impl TaskState {
    /// The states' names as views show them, indexed by the state byte.
    pub const NAMES: [&'static str; 5] = ["waiting", "ready", "running", "done", "failed"];
}

/// Counts of one prefix's tasks per state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PrefixProgress {
    /// The prefix (`load`, `roll`, …).
    pub prefix: String,
    /// Tasks waiting on dependencies.
    pub waiting: u32,
    /// Tasks ready to run.
    pub ready: u32,
    /// Tasks running.
    pub running: u32,
    /// Tasks done.
    pub done: u32,
    /// Tasks failed.
    pub failed: u32,
}

/// A snapshot of a run's progress.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// One entry per prefix group (`Graph::groups`: the prefixes, or the
    /// largest ones and "other" when there are many), in group order.
    pub prefixes: Vec<PrefixProgress>,
    /// Time since the run started, in ms.
    pub elapsed_ms: f64,
}

impl Progress {
    /// Tasks done over all prefixes.
    pub fn done(&self) -> u32 {
        self.prefixes.iter().map(|p| p.done).sum()
    }
}

/// Counts `states` (one per task of `graph`) per prefix group and state.
pub(super) fn count(graph: &Graph, states: &[AtomicU8], elapsed_ms: f64) -> Progress {
    let mut prefixes: Vec<PrefixProgress> = graph
        .groups()
        .names()
        .iter()
        .map(|p| PrefixProgress {
            prefix: p.clone(),
            ..Default::default()
        })
        .collect();
    for id in graph.ids() {
        let p = &mut prefixes[graph.group_index(id)];
        match states[id.index()].load(Ordering::Relaxed) {
            0 => p.waiting += 1,
            1 => p.ready += 1,
            2 => p.running += 1,
            3 => p.done += 1,
            _ => p.failed += 1,
        }
    }
    Progress {
        prefixes,
        elapsed_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::TaskState;

    #[test]
    fn names_follow_the_state_bytes() {
        use TaskState::*;
        for state in [Waiting, Ready, Running, Done, Failed] {
            let name = format!("{state:?}").to_lowercase();
            assert_eq!(TaskState::NAMES[state as usize], name);
        }
    }
}
