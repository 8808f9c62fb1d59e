//! The validated import of a graph file ([`Graph::from_json`], whose docs
//! describe the format), and the parser helpers its `measurement` and
//! `dask` sections share. Part of the scheduling lab (feature `lab`): the
//! page's core never reads graph files.

use super::{
    order, read, GraphError, ImportLimits, FORMAT_VERSION, MAX_DURATION_MS, MAX_TASK_THREADS,
};
use crate::graph::{Graph, GraphBuilder, Input, Reads, TaskId};
use std::collections::HashMap;

impl Graph {
    /// Reads and validates a graph in the JSON format under the default
    /// [`ImportLimits`]:
    ///
    /// ```json
    /// {"tasks": [{"key": "load-1", "prefix": "load", "deps": [], "duration_ms": 120.5, "bytes": 512},
    ///            {"key": "sum-1", "prefix": "sum", "deps": ["load-1"], "duration_ms": 3, "bytes": 8}]}
    /// ```
    ///
    /// - `key` (string, required): unique.
    /// - `prefix` (string): the op, which groups tasks; defaults to the key up
    ///   to its last `-` (the whole key when it has none).
    /// - `deps` (array of keys of the same file, default `[]`): in any order
    ///   of appearance; the file need not be topologically sorted.
    /// - `duration_ms` (number, required): finite, 0 ≤ d ≤ [`MAX_DURATION_MS`].
    /// - `bytes` (integer ≥ 0, default 0): the output's size.
    ///
    /// Version 2 (the file says `"version": 2` at the top level; without
    /// it, or with 1, the file is version 1 and these fields are errors)
    /// adds ESTEE's task model:
    ///
    /// - `outputs` (array of integers ≥ 0, instead of `bytes`): the sizes
    ///   of the task's several outputs (`[]`: it makes none). `bytes: n` is
    ///   `outputs: [n]`.
    /// - a dependency may be `{"key": "…", "outputs": [i, …]}`: the task
    ///   reads only those outputs (indices into the dependency's `outputs`,
    ///   each once, at least one); a plain key reads all of them. Transfers
    ///   move only what is read.
    /// - `threads` (integer 1 ≤ k ≤ [`MAX_TASK_THREADS`], default 1): the
    ///   threads of one worker the task needs at once.
    ///
    /// [`Graph::to_json`] writes version 2 only for graphs that use it, so
    /// every other graph is written exactly as before.
    ///
    /// A top-level `measurement` object (the real run the durations come
    /// from, read by [`Measurement::from_json`]) and a top-level `dask`
    /// object (Dask's priorities and p2p shuffle volumes, read by
    /// [`DaskHints::from_json`]) are allowed and skipped here.
    /// No other field is allowed. The limits (by default [`MAX_JSON_BYTES`]
    /// of text, [`MAX_TASKS`] tasks and [`MAX_EDGES`] dependencies) are
    /// checked while reading, so memory stays proportional to the input.
    /// Then duplicate keys, unknown dependencies, bad durations and cycles
    /// (naming the keys on one) are rejected, and the tasks are renumbered in
    /// a stable topological order: each task right after its dependencies,
    /// so a sorted file keeps its order and a file written by
    /// [`Graph::to_json`] imports back to the identical graph.
    /// O(tasks + edges).
    pub fn from_json(text: &str) -> Result<Graph, GraphError> {
        Graph::from_json_with(text, &ImportLimits::default())
    }

    /// [`Graph::from_json`] under other limits (a page may want smaller ones).
    pub fn from_json_with(text: &str, limits: &ImportLimits) -> Result<Graph, GraphError> {
        let max_bytes = limits.max_bytes.min(u32::MAX as usize);
        too_large("bytes of JSON", max_bytes, text.len())?;
        let raw = read::read(text, limits).map_err(|e| GraphError::Json {
            message: one_line(&e.to_string()),
        })?;
        too_large("tasks", limits.max_tasks, raw.tasks_seen)?;
        too_large("dependency edges", limits.max_edges, raw.edges_seen)?;
        too_large(
            "output sizes and indices",
            limits.max_edges,
            raw.numbers_seen,
        )?;
        let strings = &raw.strings;
        let key = |i: u32| strings.get(raw.tasks[i as usize].key);
        let version = raw.version.unwrap_or(1);
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(GraphError::Version { value: version });
        }
        if let (1, Some((task, field))) = (version, raw.extended) {
            return Err(GraphError::NeedsVersion {
                key: key(task as u32).to_owned(),
                field,
            });
        }

        let mut index = HashMap::with_capacity(raw.tasks.len());
        for (i, t) in raw.tasks.iter().enumerate() {
            let k = strings.get(t.key);
            if index.insert(k, i as u32).is_some() {
                return Err(GraphError::DuplicateKey { key: k.to_owned() });
            }
            if !(t.duration_ms.is_finite() && (0.0..=MAX_DURATION_MS).contains(&t.duration_ms)) {
                return Err(GraphError::BadDuration {
                    key: k.to_owned(),
                    value: t.duration_ms,
                });
            }
            check_task_model(k, t)?;
        }
        let mut deps = Vec::with_capacity(raw.edges_seen);
        let mut dep_ends = Vec::with_capacity(raw.tasks.len());
        let mut reads = read::EdgeReads::new(&raw);
        for t in &raw.tasks {
            for s in t.deps.clone() {
                let dep = strings.get(s);
                let Some(&d) = index.get(dep) else {
                    return Err(GraphError::UnknownDependency {
                        task: strings.get(t.key).to_owned(),
                        dep: dep.to_owned(),
                    });
                };
                let outputs = raw.tasks[d as usize].output_count();
                reads.check(&raw, deps.len(), outputs).map_err(|message| {
                    GraphError::BadOutputRead {
                        task: strings.get(t.key).to_owned(),
                        dep: dep.to_owned(),
                        message,
                    }
                })?;
                deps.push(d);
            }
            dep_ends.push(deps.len() as u32);
        }
        drop(index);
        let order =
            order::topological_order(&dep_ends, &deps).map_err(|cycle| GraphError::Cycle {
                keys: cycle.into_iter().map(|i| key(i).to_owned()).collect(),
            })?;

        let mut new_id = vec![TaskId(0); raw.tasks.len()];
        let mut b = GraphBuilder::with_capacity(raw.tasks.len(), deps.len());
        let mut ids = Vec::new();
        let mut inputs = Vec::new();
        for i in order {
            let t = &raw.tasks[i as usize];
            let edges = crate::graph::span(&dep_ends, i as usize);
            let k = strings.get(t.key);
            let prefix = match t.prefix {
                Some(p) => strings.get(p),
                None => k.rsplit_once('-').map_or(k, |(p, _)| p),
            };
            if version == 1 {
                ids.clear();
                ids.extend(deps[edges].iter().map(|d| new_id[*d as usize]));
                let bytes = t.bytes.unwrap_or(0);
                new_id[i as usize] = b.add_keyed(k, prefix, &ids, t.duration_ms, bytes);
                continue;
            }
            inputs.clear();
            inputs.extend(edges.map(|e| Input {
                task: new_id[deps[e] as usize],
                reads: reads.of(e).map_or(Reads::All, Reads::Only),
            }));
            let bytes = [t.bytes.unwrap_or(0)];
            let outputs = match &t.outputs {
                Some(range) => &raw.numbers[range.start as usize..range.end as usize],
                None => &bytes[..],
            };
            // Checked above: 1 ≤ threads ≤ MAX_TASK_THREADS.
            let threads = t.threads.unwrap_or(1) as u32;
            new_id[i as usize] =
                b.add_keyed_with(k, prefix, &inputs, t.duration_ms, outputs, threads);
        }
        Ok(b.finish())
    }
}

/// Checks a task's `threads`, and that it does not give both `bytes` and
/// `outputs`.
fn check_task_model(key: &str, t: &read::RawTask) -> Result<(), GraphError> {
    if let Some(value) = t.threads {
        if !(1..=u64::from(MAX_TASK_THREADS)).contains(&value) {
            return Err(GraphError::BadThreads {
                key: key.to_owned(),
                value,
            });
        }
    }
    if t.bytes.is_some() && t.outputs.is_some() {
        return Err(GraphError::BytesAndOutputs {
            key: key.to_owned(),
        });
    }
    Ok(())
}

/// Longest parser message an error shows, in characters.
const SHOWN_MESSAGE_CHARS: usize = 300;

/// Graph file `text` read as `T` (the part a section's reader wants); a bad
/// file is a parser message on one line.
pub(super) fn parse_file<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| one_line(&e.to_string()))
}

/// A parser message on one line (it may quote a field name from the file):
/// control characters escaped, cut to [`SHOWN_MESSAGE_CHARS`] characters.
fn one_line(message: &str) -> String {
    let mut out = String::new();
    for (i, c) in message.chars().enumerate() {
        if i == SHOWN_MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `Err(TooLarge)` when `got` exceeds `limit`.
fn too_large(what: &'static str, limit: usize, got: usize) -> Result<(), GraphError> {
    if got > limit {
        Err(GraphError::TooLarge { what, limit, got })
    } else {
        Ok(())
    }
}
