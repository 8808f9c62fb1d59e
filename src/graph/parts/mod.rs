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
    /// All keys, concatenated (UTF-8).
    pub keys: Cow<'g, [u8]>,
    /// End of each task's key in `keys`, bytes.
    pub key_ends: Cow<'g, [u32]>,
    /// Every task's dependencies, concatenated.
    pub deps: Cow<'g, [TaskId]>,
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
    /// The graph's columns, borrowed.
    pub fn to_parts(&self) -> GraphParts<'_> {
        GraphParts {
            prefixes: Cow::Borrowed(&self.prefixes),
            prefix_of: Cow::Borrowed(&self.prefix_of),
            keys: Cow::Borrowed(self.keys.as_bytes()),
            key_ends: Cow::Borrowed(&self.key_ends),
            deps: Cow::Borrowed(&self.deps),
            dep_ends: Cow::Borrowed(&self.dep_ends),
            duration_ms: Cow::Borrowed(&self.duration_ms),
            bytes: Cow::Borrowed(&self.bytes),
            threads: Cow::Borrowed(&self.threads),
            outputs: self.outputs.as_deref().map(Outputs::to_parts),
        }
    }

    /// The graph whose columns are `parts` (from [`Graph::to_parts`], maybe
    /// in another instance), checked in O(tasks + edges + outputs) in one
    /// go ([`Adopting`] takes it in steps); a part that breaks an invariant
    /// is an error on the field `graph`.
    pub fn from_parts(parts: GraphParts<'_>) -> Result<Graph, FieldError> {
        let mut adopting = Adopting::new(parts.into_owned())?;
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
