//! Building the families whose tasks have several outputs or need several
//! threads (irw's cross-validations and mapreduce, the pegasus workflows):
//! a [`GraphBuilder`] that takes seconds and sizes in MiB, as ESTEE writes
//! them, and salts every task with a running count so keys stay unique.

use crate::graph::{Graph, GraphBuilder, Input, Reads, TaskId};

/// Bytes in a MiB.
const MIB: f64 = 1_048_576.0;

/// A graph under construction; see the module docs.
pub(super) struct Workflow {
    b: GraphBuilder,
    salt: u64,
    /// Output sizes of the task being added, bytes (kept to reuse its buffer).
    sizes: Vec<u64>,
}

/// One output of `task` (by index among its outputs).
pub(super) fn output(task: TaskId, index: &[u32]) -> Input<'_> {
    Input {
        task,
        reads: Reads::Only(index),
    }
}

/// Every output of `task`.
pub(super) fn all(task: TaskId) -> Input<'static> {
    Input::all(task)
}

/// Output indices `0..n`, to name one output with [`output`].
pub(super) fn indices(n: u32) -> Vec<u32> {
    (0..n).collect()
}

impl Workflow {
    /// An empty graph with room for `tasks` tasks and `edges` dependencies.
    pub(super) fn with_capacity(tasks: usize, edges: usize) -> Self {
        Workflow {
            b: GraphBuilder::with_capacity(tasks, edges),
            salt: 0,
            sizes: Vec::new(),
        }
    }

    /// Adds a task of `seconds` on `threads` threads making outputs of
    /// `mib` MiB each, reading `inputs`.
    pub(super) fn add(
        &mut self,
        prefix: &str,
        inputs: &[Input],
        seconds: f64,
        mib: &[f64],
        threads: u32,
    ) -> TaskId {
        self.salt += 1;
        self.sizes.clear();
        self.sizes
            .extend(mib.iter().map(|m| (m * MIB).round() as u64));
        self.b.add_with(
            prefix,
            self.salt,
            inputs,
            seconds * 1e3,
            &self.sizes,
            threads,
        )
    }

    /// The finished graph.
    pub(super) fn finish(self) -> Graph {
        self.b.finish()
    }
}
