//! The task graph: a compact, immutable arena of tasks.
//!
//! A [`Graph`] stores every task's key, prefix, dependencies, duration and
//! output size in flat vectors indexed by [`TaskId`]. One invariant makes
//! everything downstream simple: **a task's dependencies always have smaller
//! ids than the task itself**, so id order is a topological order. The
//! [`GraphBuilder`] guarantees it by construction (a task can only depend on
//! handles that already exist); graphs imported from outside are validated and
//! renumbered to satisfy it.
//!
//! Graphs are built with [`GraphBuilder`] in the spirit of `dask.delayed`:
//! adding a task on handles of earlier tasks returns a new handle, nothing runs.
//! What a task computes is not part of the graph; see [`Compute`].

mod builder;
mod compute;
mod cull;
mod groups;
mod json;
mod outputs;
mod parts;
mod stats;
mod token;

pub use builder::GraphBuilder;
pub use compute::{Compute, TaskError};
pub use groups::{PrefixGroups, MAX_SHOWN_PREFIXES};
#[cfg(feature = "lab")]
pub use json::{
    Calibration, DaskHints, DaskHintsError, MeasuredCluster, Measurement, MeasurementError,
    PrefixStats, TaskRun, TransferCalibration, DASK_SECTION_VERSION, MAX_CORES,
    MEASUREMENT_VERSION,
};
pub use json::{
    GraphError, ImportLimits, FORMAT_VERSION, MAX_DURATION_MS, MAX_EDGES, MAX_JSON_BYTES,
    MAX_TASKS, MAX_TASK_THREADS,
};
pub use outputs::{Input, InputOutput, InputOutputs, Reads};
pub use parts::{Adopting, GraphParts, OutputParts, PartsReader, PartsWriter, WIRE_VERSION};
pub use stats::{GraphStats, StatsPass};
pub use token::Token;

use outputs::Outputs;
use std::ops::Range;

/// A task's index in its [`Graph`]. Dependencies of a task have smaller ids.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct TaskId(pub u32);

impl TaskId {
    /// The id as a vector index.
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An immutable task graph; see the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Distinct prefixes in order of first appearance; tasks refer to them by index.
    prefixes: Vec<String>,
    /// Index into `prefixes` per task.
    prefix_of: Vec<u32>,
    /// All keys concatenated; task `i`'s key is `keys[key_ends[i-1]..key_ends[i]]`.
    keys: String,
    key_ends: Vec<u32>,
    /// Dependencies of task `i` are `deps[dep_ends[i-1]..dep_ends[i]]` (CSR layout).
    deps: Vec<TaskId>,
    dep_ends: Vec<u32>,
    duration_ms: Vec<f64>,
    /// Total output size per task (the sum of its outputs' sizes).
    bytes: Vec<u64>,
    /// Threads each task needs at once on one worker; empty when every task
    /// needs one.
    threads: Vec<u32>,
    /// Every task's outputs and what each edge reads; `None` when every
    /// task has one output, read whole (see the `outputs` module).
    outputs: Option<Box<Outputs>>,
    /// What views show of the prefixes (derived from the fields above).
    groups: PrefixGroups,
}

impl Graph {
    /// Number of tasks.
    #[inline]
    pub fn len(&self) -> usize {
        self.prefix_of.len()
    }

    /// True when the graph has no task.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.prefix_of.is_empty()
    }

    /// Every task id, in topological (id) order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = TaskId> + DoubleEndedIterator {
        (0..self.len() as u32).map(TaskId)
    }

    /// The task's unique key, `prefix-token` for built graphs.
    #[inline]
    pub fn key(&self, id: TaskId) -> &str {
        &self.keys[span(&self.key_ends, id.index())]
    }

    /// The task's prefix (its op name: `load`, `roll`, …), which groups tasks
    /// for progress bars and colours.
    #[inline]
    pub fn prefix(&self, id: TaskId) -> &str {
        &self.prefixes[self.prefix_index(id)]
    }

    /// Index of the task's prefix in [`Graph::prefixes`].
    #[inline]
    pub fn prefix_index(&self, id: TaskId) -> usize {
        self.prefix_of[id.index()] as usize
    }

    /// The distinct prefixes, in order of first appearance.
    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// The tasks this task depends on (all with smaller ids).
    #[inline]
    pub fn deps(&self, id: TaskId) -> &[TaskId] {
        &self.deps[span(&self.dep_ends, id.index())]
    }

    /// The task's drawn duration in milliseconds (finite, ≥ 0).
    #[inline]
    pub fn duration_ms(&self, id: TaskId) -> f64 {
        self.duration_ms[id.index()]
    }

    /// Every task's duration, ms, by task id.
    pub fn durations_ms(&self) -> &[f64] {
        &self.duration_ms
    }

    /// The size of the task's output in bytes (a cost hint for transfers);
    /// for a task with several outputs, their sizes summed.
    #[inline]
    pub fn bytes(&self, id: TaskId) -> u64 {
        self.bytes[id.index()]
    }

    /// The same graph with other durations and output sizes, one per task in
    /// id order (both finite and ≥ 0): the graph as a scheduler that only
    /// estimates them sees it. The bytes read per edge of a graph with
    /// several outputs per task stay the real ones.
    pub fn with_costs(&self, duration_ms: Vec<f64>, bytes: Vec<u64>) -> Graph {
        debug_assert_eq!((duration_ms.len(), bytes.len()), (self.len(), self.len()));
        let mut graph = Graph {
            duration_ms,
            bytes,
            ..self.clone()
        };
        graph.groups = PrefixGroups::of(&graph);
        graph
    }

    /// Threads of one worker the task needs at once (1 for most tasks).
    #[inline]
    pub fn threads(&self, id: TaskId) -> u32 {
        self.threads.get(id.index()).copied().unwrap_or(1)
    }

    /// The first task needing the most threads, and how many; `None` when
    /// every task needs one.
    pub fn most_threads(&self) -> Option<(TaskId, u32)> {
        let (i, &k) = self
            .threads
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, k)| **k)?;
        (k > 1).then_some((TaskId(i as u32), k))
    }

    /// The sizes of the task's outputs, bytes (one for most tasks).
    #[inline]
    pub fn output_sizes(&self, id: TaskId) -> &[u64] {
        match &self.outputs {
            Some(o) => o.sizes(id.index()),
            None => std::slice::from_ref(&self.bytes[id.index()]),
        }
    }

    /// Number of outputs of all tasks: global output ids are below it.
    pub fn output_count(&self) -> usize {
        self.outputs.as_ref().map_or(self.len(), |o| o.count())
    }

    /// What the task reads of its `i`-th dependency.
    #[inline]
    pub fn reads(&self, id: TaskId, i: usize) -> Reads<'_> {
        match &self.outputs {
            Some(o) => {
                let e = span(&self.dep_ends, id.index()).start + i;
                let list = o.reads(e);
                let dep = self.deps(id)[i];
                if list.len() == o.sizes(dep.index()).len() {
                    Reads::All
                } else {
                    Reads::Only(list)
                }
            }
            None => Reads::All,
        }
    }

    /// Bytes the task reads of its `i`-th dependency.
    #[inline]
    pub fn read_bytes(&self, id: TaskId, i: usize) -> u64 {
        match &self.outputs {
            Some(o) => o.edge_bytes()[span(&self.dep_ends, id.index()).start + i],
            None => self.bytes(self.deps(id)[i]),
        }
    }

    /// The bytes the task reads of each dependency, in the order of
    /// [`Graph::deps`]; `None` when every consumer reads whole outputs (then
    /// it is each dependency's [`Graph::bytes`]).
    #[inline]
    pub fn read_sizes(&self, id: TaskId) -> Option<&[u64]> {
        let o = self.outputs.as_ref()?;
        Some(&o.edge_bytes()[span(&self.dep_ends, id.index())])
    }

    /// Each dependency of the task and the bytes the task reads of it.
    #[inline]
    pub fn deps_read(&self, id: TaskId) -> impl ExactSizeIterator<Item = (TaskId, u64)> + '_ {
        let read = self.read_sizes(id);
        self.deps(id)
            .iter()
            .enumerate()
            .map(move |(i, &d)| match read {
                Some(read) => (d, read[i]),
                None => (d, self.bytes[d.index()]),
            })
    }

    /// Every output the task reads, dependency by dependency.
    #[inline]
    pub fn inputs(&self, id: TaskId) -> InputOutputs<'_> {
        let range = span(&self.dep_ends, id.index());
        InputOutputs {
            graph: self,
            deps: self.deps[range.clone()].iter(),
            edge: range.start,
            dep: TaskId(0),
            reads: &[],
        }
    }

    /// True when some task needs several threads, has other than one
    /// output, or some consumer reads only some outputs of a task: what
    /// version 2 of the JSON format adds.
    pub fn is_extended(&self) -> bool {
        self.outputs.is_some() || !self.threads.is_empty()
    }

    /// Bytes of all keys together.
    pub fn key_bytes(&self) -> usize {
        self.keys.len()
    }

    /// Number of dependency edges.
    pub fn edge_count(&self) -> usize {
        self.deps.len()
    }

    /// Bytes of heap the arena holds (vector capacities), for memory-per-task
    /// measurements.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.prefixes
            .iter()
            .map(|p| p.capacity() + size_of::<String>())
            .sum::<usize>()
            + self.prefix_of.capacity() * size_of::<u32>()
            + self.keys.capacity()
            + self.key_ends.capacity() * size_of::<u32>()
            + self.deps.capacity() * size_of::<TaskId>()
            + self.dep_ends.capacity() * size_of::<u32>()
            + self.duration_ms.capacity() * size_of::<f64>()
            + self.bytes.capacity() * size_of::<u64>()
            + self.threads.capacity() * size_of::<u32>()
            + self.outputs.as_ref().map_or(0, |o| o.heap_bytes())
    }

    /// For every task, the tasks that depend on it, as a CSR pair
    /// `(ends, list)`: the dependents of task `i` are `list[ends[i-1]..ends[i]]`.
    /// Computed in O(tasks + edges); callers that need it often keep it.
    pub fn dependents(&self) -> Dependents {
        let n = self.len();
        let mut counts = vec![0u32; n];
        for d in &self.deps {
            counts[d.index()] += 1;
        }
        let mut ends = Vec::with_capacity(n);
        let mut total = 0u32;
        for c in &counts {
            total += c;
            ends.push(total);
        }
        let mut fill: Vec<u32> = ends.iter().zip(&counts).map(|(e, c)| e - c).collect();
        let mut list = vec![TaskId(0); self.deps.len()];
        for id in self.ids() {
            for d in self.deps(id) {
                list[fill[d.index()] as usize] = id;
                fill[d.index()] += 1;
            }
        }
        Dependents { ends, list }
    }
}

/// The reverse edges of a [`Graph`]; see [`Graph::dependents`].
#[derive(Clone, Debug)]
pub struct Dependents {
    ends: Vec<u32>,
    list: Vec<TaskId>,
}

impl Dependents {
    /// The tasks that depend on `id`.
    #[inline]
    pub fn of(&self, id: TaskId) -> &[TaskId] {
        &self.list[span(&self.ends, id.index())]
    }
}

/// The range of entry `i` in a CSR layout whose entry ends are `ends`.
#[inline]
fn span(ends: &[u32], i: usize) -> Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}
