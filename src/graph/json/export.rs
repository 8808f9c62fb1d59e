//! `Graph::to_json`: a graph in the JSON format (feature `lab`: the page's
//! core asks its scheduling lab for this download).

use super::FORMAT_VERSION;
use crate::graph::{Graph, Reads, TaskId};
use serde::ser::{Serialize, SerializeStruct, Serializer};

impl Graph {
    /// The graph in the JSON format, tasks in id order.
    pub fn to_json(&self) -> String {
        // Only strings and finite numbers: serialising cannot fail.
        serde_json::to_string(&Export(self)).unwrap_or_default()
    }
}

/// Serialises a graph in the JSON format without building intermediate vectors.
struct Export<'g>(&'g Graph);

/// One task of an [`Export`].
struct ExportTask<'g>(&'g Graph, TaskId);

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut top = s.serialize_struct("Graph", 2)?;
        if g.is_extended() {
            top.serialize_field("version", &FORMAT_VERSION)?;
        }
        top.serialize_field("tasks", &Seq(|| g.ids().map(|id| ExportTask(g, id))))?;
        top.end()
    }
}

impl Serialize for ExportTask<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (g, id) = (self.0, self.1);
        let mut t = s.serialize_struct("Task", 6)?;
        t.serialize_field("key", g.key(id))?;
        t.serialize_field("prefix", g.prefix(id))?;
        let deps = g.deps(id);
        t.serialize_field(
            "deps",
            &Seq(|| (0..deps.len()).map(|i| ExportDep(g.key(deps[i]), g.reads(id, i)))),
        )?;
        t.serialize_field("duration_ms", &g.duration_ms(id))?;
        match g.output_sizes(id) {
            [bytes] => t.serialize_field("bytes", bytes)?,
            sizes => t.serialize_field("outputs", sizes)?,
        }
        if g.threads(id) != 1 {
            t.serialize_field("threads", &g.threads(id))?;
        }
        t.end()
    }
}

/// A dependency of an [`ExportTask`]: its key, or `{"key", "outputs"}`
/// when the task reads only some of its outputs.
struct ExportDep<'g>(&'g str, Reads<'g>);

impl Serialize for ExportDep<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Reads::All => s.serialize_str(self.0),
            Reads::Only(outputs) => {
                let mut d = s.serialize_struct("Dep", 2)?;
                d.serialize_field("key", self.0)?;
                d.serialize_field("outputs", outputs)?;
                d.end()
            }
        }
    }
}

/// A sequence serialised from a fresh iterator.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}
