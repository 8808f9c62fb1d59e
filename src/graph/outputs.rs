//! Several outputs per task, each with its own size, and for every
//! dependency edge the outputs the consumer reads (ESTEE's data objects).
//!
//! Most graphs have one output per task, read whole by every consumer: they
//! keep only [`Graph::bytes`](super::Graph::bytes) and no [`Outputs`] at all,
//! so the extension costs them nothing. The first task with another number
//! of outputs, or the first edge reading some of a task's outputs, makes the
//! builder record every task's outputs and every edge's reads (the earlier
//! tasks as one output each, read whole).
//!
//! Outputs have global ids: task `t`'s outputs are numbered from
//! [`Outputs::first`] on, in order; without [`Outputs`] output `t` is task
//! `t`'s only output. The network keys its copies by these ids, so a
//! consumer fetches only the outputs it reads.

use super::parts::OutputParts;
use super::{span, TaskId};

/// Which outputs of a dependency a task reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads<'a> {
    /// All of them (the only choice for a task with one output).
    All,
    /// These, by index among the dependency's outputs: sorted, distinct,
    /// each below its number of outputs.
    Only(&'a [u32]),
}

/// One dependency of a task and what the task reads of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Input<'a> {
    /// The dependency.
    pub task: TaskId,
    /// Which of its outputs the task reads.
    pub reads: Reads<'a>,
}

impl Input<'_> {
    /// Reads every output of `task`.
    pub fn all(task: TaskId) -> Input<'static> {
        Input {
            task,
            reads: Reads::All,
        }
    }
}

/// Every task's outputs and every edge's reads, in CSR layout.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Outputs {
    /// Task `i`'s output sizes are `sizes[span(ends, i)]`.
    sizes: Vec<u64>,
    ends: Vec<u32>,
    /// Edge `e` (the position of a dependency in the graph's flat list)
    /// reads the outputs `reads[span(read_ends, e)]` of its dependency, as
    /// indices among that dependency's outputs, sorted.
    reads: Vec<u32>,
    read_ends: Vec<u32>,
    /// Bytes each edge reads.
    edge_bytes: Vec<u64>,
}

impl Outputs {
    /// Output sizes of task `i`.
    #[inline]
    pub(super) fn sizes(&self, i: usize) -> &[u64] {
        &self.sizes[span(&self.ends, i)]
    }

    /// The global id of task `i`'s first output.
    #[inline]
    pub(super) fn first(&self, i: usize) -> u32 {
        span(&self.ends, i).start as u32
    }

    /// Number of outputs of all tasks.
    pub(super) fn count(&self) -> usize {
        self.sizes.len()
    }

    /// What edge `e` reads, as indices among its dependency's outputs.
    #[inline]
    pub(super) fn reads(&self, e: usize) -> &[u32] {
        &self.reads[span(&self.read_ends, e)]
    }

    /// Bytes each edge reads.
    #[inline]
    pub(super) fn edge_bytes(&self) -> &[u64] {
        &self.edge_bytes
    }

    /// Records the next task's outputs.
    pub(super) fn push_task(&mut self, sizes: &[u64]) {
        self.sizes.extend_from_slice(sizes);
        self.ends.push(self.sizes.len() as u32);
    }

    /// Records the next edge: it reads `reads` of dependency `dep`, whose
    /// outputs are already recorded.
    ///
    /// # Panics
    /// If `reads` names an output `dep` does not have (a programming error:
    /// the importer checks files first).
    pub(super) fn push_edge(&mut self, dep: TaskId, reads: Reads) {
        let range = span(&self.ends, dep.index());
        let n = range.len() as u32;
        let bytes = match reads {
            Reads::All => {
                self.reads.extend(0..n);
                self.sizes[range]
                    .iter()
                    .fold(0u64, |a, b| a.saturating_add(*b))
            }
            Reads::Only(list) => {
                assert!(
                    list.windows(2).all(|w| w[0] < w[1]) && list.iter().all(|r| *r < n),
                    "reads of {dep:?} not sorted, distinct and below {n}"
                );
                self.reads.extend_from_slice(list);
                let sizes = &self.sizes[range];
                list.iter()
                    .fold(0u64, |a, r| a.saturating_add(sizes[*r as usize]))
            }
        };
        self.read_ends.push(self.reads.len() as u32);
        self.edge_bytes.push(bytes);
    }

    /// Bytes of heap held.
    pub(super) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        (self.sizes.capacity() + self.edge_bytes.capacity()) * size_of::<u64>()
            + (self.ends.capacity() + self.reads.capacity() + self.read_ends.capacity())
                * size_of::<u32>()
    }
}

impl Outputs {
    /// A copy of the columns.
    pub(super) fn to_parts(&self) -> OutputParts {
        OutputParts {
            sizes: self.sizes.clone(),
            ends: self.ends.clone(),
            reads: self.reads.clone(),
            read_ends: self.read_ends.clone(),
        }
    }

    /// `sizes`, `ends`, `reads` and `read_ends` (see [`OutputParts`]).
    pub(super) fn columns(&self) -> (&[u64], &[u32], &[u32], &[u32]) {
        (&self.sizes, &self.ends, &self.reads, &self.read_ends)
    }

    /// The outputs of these columns, checked by `parts::Adopting`
    /// (`edge_bytes`: what each edge reads, bytes).
    pub(super) fn from_checked(parts: OutputParts, edge_bytes: Vec<u64>) -> Outputs {
        Outputs {
            sizes: parts.sizes,
            ends: parts.ends,
            reads: parts.reads,
            read_ends: parts.read_ends,
            edge_bytes,
        }
    }
}

/// The outputs one task reads of its inputs, one by one; see
/// [`Graph::inputs`](super::Graph::inputs).
pub struct InputOutputs<'g> {
    pub(super) graph: &'g super::Graph,
    /// The task's dependencies not visited yet.
    pub(super) deps: std::slice::Iter<'g, TaskId>,
    /// The flat index of the next dependency's edge.
    pub(super) edge: usize,
    /// The dependency being read and its reads left.
    pub(super) dep: TaskId,
    pub(super) reads: &'g [u32],
}

/// One output a task reads: the dependency that makes it, the output's
/// global id and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputOutput {
    /// The dependency.
    pub task: TaskId,
    /// The output's global id (the task's id when every task has one output).
    pub output: u32,
    /// Its size, bytes.
    pub bytes: u64,
}

impl Iterator for InputOutputs<'_> {
    type Item = InputOutput;

    #[inline]
    fn next(&mut self) -> Option<InputOutput> {
        let g = self.graph;
        let Some(o) = &g.outputs else {
            let &task = self.deps.next()?;
            return Some(InputOutput {
                task,
                output: task.0,
                bytes: g.bytes[task.index()],
            });
        };
        loop {
            if let Some((&r, rest)) = self.reads.split_first() {
                self.reads = rest;
                let i = self.dep.index();
                return Some(InputOutput {
                    task: self.dep,
                    output: o.first(i) + r,
                    bytes: o.sizes(i)[r as usize],
                });
            }
            self.dep = *self.deps.next()?;
            self.reads = o.reads(self.edge);
            self.edge += 1;
        }
    }
}
