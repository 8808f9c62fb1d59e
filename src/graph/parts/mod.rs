//! [`GraphParts`]: a graph as its columns, to hand it from one wasm instance
//! to another. The page's core (the executor's instance) and its scheduling
//! lab (a second wasm, loaded on demand) each hold the graph: whichever made
//! it sends its columns as one little-endian byte stream, in chunks
//! ([`PartsWriter`], `wire`); the other reads them back ([`PartsReader`])
//! and rebuilds the same graph in one linear pass, taken in steps
//! ([`Adopting`], `check`), so neither side ever works long without
//! answering, and either can stop between two chunks or steps. No text
//! format in between.
//!
//! The bytes come from another instance of this crate, but they cross
//! JavaScript on the way, so the reader and [`Adopting`] check every
//! invariant the graph relies on (the layout, lengths, CSR ends,
//! dependencies before dependents, valid UTF-8 keys and key boundaries,
//! durations, thread counts, output reads) and refuse a bad stream with an
//! error on the field `graph` rather than panicking later.

mod check;
mod wire;

pub use check::Adopting;
pub use wire::{PartsReader, PartsWriter, WIRE_VERSION};

use super::outputs::Outputs;
use super::{Graph, TaskId};
use crate::field::FieldError;

/// A graph's columns; task `i`'s entries are at index `i` (its key, its
/// dependencies: CSR spans ending at `key_ends[i]`, `dep_ends[i]`).
/// Read from a graph's byte stream by [`PartsReader`], or copied from a
/// graph by [`Graph::to_parts`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphParts {
    /// Distinct prefixes; tasks refer to them by index.
    pub prefixes: Vec<String>,
    /// Each task's index into `prefixes`.
    pub prefix_of: Vec<u32>,
    /// All keys, concatenated (UTF-8).
    pub keys: Vec<u8>,
    /// End of each task's key in `keys`, bytes.
    pub key_ends: Vec<u32>,
    /// Every task's dependencies, concatenated.
    pub deps: Vec<TaskId>,
    /// End of each task's dependencies in `deps`.
    pub dep_ends: Vec<u32>,
    /// Each task's duration, ms.
    pub duration_ms: Vec<f64>,
    /// Each task's output size (its outputs' sizes summed), bytes.
    pub bytes: Vec<u64>,
    /// Threads each task needs; empty when every task needs one.
    pub threads: Vec<u32>,
    /// Several outputs per task and partial reads, when the graph has them.
    pub outputs: Option<OutputParts>,
}

/// Every task's outputs and what each dependency edge reads of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutputParts {
    /// Every task's output sizes, concatenated, bytes.
    pub sizes: Vec<u64>,
    /// End of each task's outputs in `sizes`.
    pub ends: Vec<u32>,
    /// For every edge (in the order of `deps`), the indices of the outputs
    /// it reads among its dependency's, sorted and distinct, concatenated.
    pub reads: Vec<u32>,
    /// End of each edge's reads in `reads`.
    pub read_ends: Vec<u32>,
}

impl Graph {
    /// A copy of the graph's columns (the stream of [`PartsWriter`] is how
    /// they cross between instances; this is for callers that change them).
    pub fn to_parts(&self) -> GraphParts {
        GraphParts {
            prefixes: self.prefixes.clone(),
            prefix_of: self.prefix_of.clone(),
            keys: self.keys.as_bytes().to_vec(),
            key_ends: self.key_ends.clone(),
            deps: self.deps.clone(),
            dep_ends: self.dep_ends.clone(),
            duration_ms: self.duration_ms.clone(),
            bytes: self.bytes.clone(),
            threads: self.threads.clone(),
            outputs: self.outputs.as_deref().map(Outputs::to_parts),
        }
    }

    /// The graph whose columns are `parts` (from [`Graph::to_parts`], maybe
    /// in another instance), checked in O(tasks + edges + outputs) in one
    /// go ([`Adopting`] takes it in steps); a part that breaks an invariant
    /// is an error on the field `graph`.
    pub fn from_parts(parts: GraphParts) -> Result<Graph, FieldError> {
        let mut adopting = Adopting::new(parts)?;
        while !adopting.step(usize::MAX) {}
        adopting.finish()
    }

    /// The graph whose byte stream (see [`PartsWriter`]) is `bytes`, in one go.
    pub fn from_bytes(bytes: &[u8]) -> Result<Graph, FieldError> {
        let mut reader = PartsReader::default();
        reader.push(bytes)?;
        Graph::from_parts(reader.finish()?)
    }

    /// The graph's byte stream (see [`PartsWriter`]), in one go.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = PartsWriter::new(self);
        let mut bytes = Vec::with_capacity(writer.total_bytes());
        while let Some(chunk) = writer.next_chunk(usize::MAX) {
            bytes.extend_from_slice(&chunk);
        }
        bytes
    }
}

/// The error on `graph` that a bad part gets: "graph parts: `what`".
fn bad(what: &str) -> FieldError {
    FieldError::new("graph", format!("graph parts: {what}"))
}
