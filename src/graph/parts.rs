//! [`GraphParts`]: a graph as its columns, to hand it from one wasm instance
//! to another. The page's core (the executor's instance) and its scheduling
//! lab (a second wasm, loaded on demand) each hold the graph: whichever made
//! it sends its columns, the other rebuilds the same graph from them in one
//! linear pass ([`Graph::from_parts`]), with no text format in between.
//!
//! The parts come from another instance of this crate, but they cross
//! JavaScript on the way, so [`Graph::from_parts`] checks every invariant
//! the graph relies on (lengths, CSR ends, dependencies before dependents,
//! valid UTF-8 key boundaries, durations, thread counts, output reads)
//! and refuses a bad part with an error rather than panicking later.

use super::outputs::Outputs;
use super::{span, Graph, PrefixGroups, TaskId, MAX_DURATION_MS, MAX_TASK_THREADS};
use crate::field::FieldError;
use std::borrow::Cow;

/// A graph's columns; task `i`'s entries are at index `i` (its key, its
/// dependencies: CSR spans ending at `key_ends[i]`, `dep_ends[i]`).
/// Borrowed from a graph by [`Graph::to_parts`], owned when read back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphParts<'g> {
    /// Distinct prefixes; tasks refer to them by index.
    pub prefixes: Cow<'g, [String]>,
    /// Each task's index into `prefixes`.
    pub prefix_of: Cow<'g, [u32]>,
    /// All keys, concatenated.
    pub keys: Cow<'g, str>,
    /// End of each task's key in `keys`, bytes.
    pub key_ends: Cow<'g, [u32]>,
    /// Every task's dependencies (task ids), concatenated.
    pub deps: Cow<'g, [u32]>,
    /// End of each task's dependencies in `deps`.
    pub dep_ends: Cow<'g, [u32]>,
    /// Each task's duration, ms.
    pub duration_ms: Cow<'g, [f64]>,
    /// Each task's output size (its outputs' sizes summed), bytes.
    pub bytes: Cow<'g, [u64]>,
    /// Threads each task needs; empty when every task needs one.
    pub threads: Cow<'g, [u32]>,
    /// Several outputs per task and partial reads, when the graph has them.
    pub outputs: Option<OutputParts<'g>>,
}

/// Every task's outputs and what each dependency edge reads of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutputParts<'g> {
    /// Every task's output sizes, concatenated, bytes.
    pub sizes: Cow<'g, [u64]>,
    /// End of each task's outputs in `sizes`.
    pub ends: Cow<'g, [u32]>,
    /// For every edge (in the order of `deps`), the indices of the outputs
    /// it reads among its dependency's, sorted and distinct, concatenated.
    pub reads: Cow<'g, [u32]>,
    /// End of each edge's reads in `reads`.
    pub read_ends: Cow<'g, [u32]>,
}

impl GraphParts<'_> {
    /// The same columns, owned (copied where borrowed).
    pub fn into_owned(self) -> GraphParts<'static> {
        GraphParts {
            prefixes: Cow::Owned(self.prefixes.into_owned()),
            prefix_of: Cow::Owned(self.prefix_of.into_owned()),
            keys: Cow::Owned(self.keys.into_owned()),
            key_ends: Cow::Owned(self.key_ends.into_owned()),
            deps: Cow::Owned(self.deps.into_owned()),
            dep_ends: Cow::Owned(self.dep_ends.into_owned()),
            duration_ms: Cow::Owned(self.duration_ms.into_owned()),
            bytes: Cow::Owned(self.bytes.into_owned()),
            threads: Cow::Owned(self.threads.into_owned()),
            outputs: self.outputs.map(|o| OutputParts {
                sizes: Cow::Owned(o.sizes.into_owned()),
                ends: Cow::Owned(o.ends.into_owned()),
                reads: Cow::Owned(o.reads.into_owned()),
                read_ends: Cow::Owned(o.read_ends.into_owned()),
            }),
        }
    }
}

impl Graph {
    /// The graph's columns, borrowed (the dependency list is copied as ids).
    pub fn to_parts(&self) -> GraphParts<'_> {
        GraphParts {
            prefixes: Cow::Borrowed(&self.prefixes),
            prefix_of: Cow::Borrowed(&self.prefix_of),
            keys: Cow::Borrowed(&self.keys),
            key_ends: Cow::Borrowed(&self.key_ends),
            deps: Cow::Owned(self.deps.iter().map(|d| d.0).collect()),
            dep_ends: Cow::Borrowed(&self.dep_ends),
            duration_ms: Cow::Borrowed(&self.duration_ms),
            bytes: Cow::Borrowed(&self.bytes),
            threads: Cow::Borrowed(&self.threads),
            outputs: self.outputs.as_deref().map(Outputs::to_parts),
        }
    }

    /// The graph whose columns are `parts` (from [`Graph::to_parts`], maybe
    /// in another instance), checked in O(tasks + edges + outputs); a part
    /// that breaks an invariant is an error on the field `graph`.
    pub fn from_parts(parts: GraphParts<'_>) -> Result<Graph, FieldError> {
        let n = parts.prefix_of.len();
        let bad = |what: &str| FieldError::new("graph", format!("graph parts: {what}"));
        for (name, len) in [
            ("key_ends", parts.key_ends.len()),
            ("dep_ends", parts.dep_ends.len()),
            ("duration_ms", parts.duration_ms.len()),
            ("bytes", parts.bytes.len()),
        ] {
            if len != n {
                return Err(bad(&format!("{name} has {len} entries for {n} tasks")));
            }
        }
        if !(parts.threads.is_empty() || parts.threads.len() == n) {
            return Err(bad("threads must be empty or have one entry per task"));
        }
        ends_ok(&parts.key_ends, parts.keys.len()).map_err(|e| bad(&format!("key_ends {e}")))?;
        if !parts
            .key_ends
            .iter()
            .all(|&e| parts.keys.is_char_boundary(e as usize))
        {
            return Err(bad("a key ends inside a character"));
        }
        ends_ok(&parts.dep_ends, parts.deps.len()).map_err(|e| bad(&format!("dep_ends {e}")))?;
        for i in 0..n {
            if parts.deps[span(&parts.dep_ends, i)]
                .iter()
                .any(|&d| d as usize >= i)
            {
                return Err(bad(&format!("task {i} depends on a later task")));
            }
        }
        let prefixes = parts.prefixes.len();
        if parts.prefix_of.iter().any(|&p| p as usize >= prefixes) {
            return Err(bad("a task's prefix index is out of range"));
        }
        if !parts
            .duration_ms
            .iter()
            .all(|d| d.is_finite() && (0.0..=MAX_DURATION_MS).contains(d))
        {
            return Err(bad(&format!(
                "durations must be between 0 and {MAX_DURATION_MS} ms"
            )));
        }
        if parts
            .threads
            .iter()
            .any(|k| !(1..=MAX_TASK_THREADS).contains(k))
        {
            return Err(bad(&format!(
                "threads must be between 1 and {MAX_TASK_THREADS}"
            )));
        }
        let outputs = match parts.outputs {
            Some(o) => Some(Box::new(
                Outputs::from_parts(o, &parts.deps, &parts.dep_ends).map_err(|e| bad(&e))?,
            )),
            None => None,
        };
        let mut graph = Graph {
            prefixes: parts.prefixes.into_owned(),
            prefix_of: parts.prefix_of.into_owned(),
            keys: parts.keys.into_owned(),
            key_ends: parts.key_ends.into_owned(),
            deps: parts.deps.iter().map(|&d| TaskId(d)).collect(),
            dep_ends: parts.dep_ends.into_owned(),
            duration_ms: parts.duration_ms.into_owned(),
            bytes: parts.bytes.into_owned(),
            threads: parts.threads.into_owned(),
            outputs,
            groups: PrefixGroups::default(),
        };
        if let Some(o) = &graph.outputs {
            // Each task's total is its outputs' sizes summed, as built.
            for (i, total) in graph.bytes.iter_mut().enumerate() {
                *total = o.sizes(i).iter().fold(0u64, |a, b| a.saturating_add(*b));
            }
        }
        graph.groups = PrefixGroups::of(&graph);
        Ok(graph)
    }
}

/// `Ok` when `ends` is a CSR end list over `len` entries: non-decreasing,
/// the last equal to `len` (or empty when `len` is 0).
pub(super) fn ends_ok(ends: &[u32], len: usize) -> Result<(), &'static str> {
    if ends.windows(2).any(|w| w[0] > w[1]) {
        return Err("must not decrease");
    }
    if ends.last().map_or(0, |&e| e as usize) != len {
        return Err("must end at the length of the list they index");
    }
    Ok(())
}
