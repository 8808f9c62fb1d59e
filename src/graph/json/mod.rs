//! The JSON graph format, for graphs that come from or go to outside:
//! export with [`Graph::to_json`], validated import with [`Graph::from_json`]
//! (whose docs describe the format). [`read`] parses into flat arenas under
//! the size limits; [`order`] finds a topological order or a cycle.

mod dask_hints;
mod measurement;
mod order;
mod read;

pub use dask_hints::{DaskHints, DaskHintsError, DASK_SECTION_VERSION};
pub use measurement::{
    Calibration, MeasuredCluster, Measurement, MeasurementError, PrefixStats, TaskRun,
    TransferCalibration, MAX_CORES, MEASUREMENT_VERSION,
};

use super::{Graph, GraphBuilder, Input, Reads, TaskId};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::HashMap;

/// Most tasks an imported graph may have, by default.
pub const MAX_TASKS: usize = 2_000_000;
/// Most dependency edges an imported graph may have, by default.
pub const MAX_EDGES: usize = 8 * MAX_TASKS;
/// Largest JSON text accepted, in bytes, by default.
pub const MAX_JSON_BYTES: usize = 512 * 1024 * 1024;
/// Longest duration accepted, in ms (one day).
pub const MAX_DURATION_MS: f64 = 86_400_000.0;
/// Most threads a task may need (the simulator's most threads per worker).
pub const MAX_TASK_THREADS: u32 = 256;
/// The newest version of the format: 2 adds several outputs per task,
/// dependencies that read some of them, and tasks of several threads.
pub const FORMAT_VERSION: u64 = 2;

/// Size limits of [`Graph::from_json_with`]; the default is the constants above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportLimits {
    /// Most bytes of JSON text (at most 4 GiB whatever is set here).
    pub max_bytes: usize,
    /// Most tasks.
    pub max_tasks: usize,
    /// Most dependency edges.
    pub max_edges: usize,
}

impl ImportLimits {
    /// Limits for an importer that has `memory` bytes in all (a page's wasm
    /// memory): the text at most a quarter of it (its copy and the arenas it
    /// is read into take as much again), 512 bytes per task and 64 per edge,
    /// and never more than the defaults.
    pub fn for_memory(memory: usize) -> ImportLimits {
        ImportLimits {
            max_bytes: (memory / 4).min(MAX_JSON_BYTES),
            max_tasks: (memory / 512).min(MAX_TASKS),
            max_edges: (memory / 64).min(MAX_EDGES),
        }
    }
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_bytes: MAX_JSON_BYTES,
            max_tasks: MAX_TASKS,
            max_edges: MAX_EDGES,
        }
    }
}

/// Why an outside graph was rejected. Messages name the field (or the key)
/// and the allowed range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GraphError {
    /// Not JSON of the documented shape (serde_json's message: the field,
    /// what was expected, line and column).
    #[error("graph JSON: {message}")]
    Json {
        /// What is wrong, and where.
        message: String,
    },
    /// Bigger than the [`ImportLimits`].
    #[error("graph: {what} must be at most {limit}, got {got}")]
    TooLarge {
        /// What is too large: `bytes of JSON`, `tasks` or `dependency edges`.
        what: &'static str,
        /// The limit.
        limit: usize,
        /// The actual size.
        got: usize,
    },
    /// Two tasks share a key.
    #[error("tasks: duplicate key {} (every key must be unique)", shown(.key))]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A dependency names no task.
    #[error("tasks[{}].deps: unknown key {} (deps must name keys of the same graph)", shown(.task), shown(.dep))]
    UnknownDependency {
        /// The task whose deps are wrong.
        task: String,
        /// The missing key.
        dep: String,
    },
    /// The dependencies form a cycle.
    #[error("tasks: dependency cycle {} (a graph must be acyclic)", shown_cycle(.keys))]
    Cycle {
        /// The keys on one cycle, each feeding the next; the first is repeated last.
        keys: Vec<String>,
    },
    /// The file's `version` is not one this reader knows.
    #[error("version: must be 1 or {FORMAT_VERSION}, got {value}")]
    Version {
        /// The version given.
        value: u64,
    },
    /// A version-1 file (no `version`, or 1) uses a field of version 2.
    #[error("tasks[{}].{field}: needs \"version\": {FORMAT_VERSION} at the top of the file (version 1 has one output read whole and one thread per task)", shown(.key))]
    NeedsVersion {
        /// The first task using it.
        key: String,
        /// `outputs`, `threads` or `deps` (a dependency naming outputs).
        field: &'static str,
    },
    /// A task needs no thread or more than [`MAX_TASK_THREADS`].
    #[error("tasks[{}].threads: must be between 1 and {MAX_TASK_THREADS}, got {value} (threads of one worker the task needs at once)", shown(.key))]
    BadThreads {
        /// The task.
        key: String,
        /// The bad value.
        value: u64,
    },
    /// A task gives both `bytes` and `outputs`.
    #[error("tasks[{}]: give bytes (one output) or outputs (their sizes), not both", shown(.key))]
    BytesAndOutputs {
        /// The task.
        key: String,
    },
    /// A dependency names outputs its task does not have, none, or one twice.
    #[error("tasks[{}].deps: {} {message}", shown(.task), shown(.dep))]
    BadOutputRead {
        /// The task whose deps are wrong.
        task: String,
        /// The dependency's key.
        dep: String,
        /// What is wrong, with the allowed range.
        message: String,
    },
    /// A duration is negative, not finite or too long.
    #[error("tasks[{}].duration_ms: must be a finite number between 0 and {MAX_DURATION_MS}, got {value} (one day at most)", shown(.key))]
    BadDuration {
        /// The task.
        key: String,
        /// The bad value.
        value: f64,
    },
}

impl Graph {
    /// The graph in the JSON format, tasks in id order.
    pub fn to_json(&self) -> String {
        // Only strings and finite numbers: serialising cannot fail.
        serde_json::to_string(&Export(self)).unwrap_or_default()
    }

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
            let edges = super::span(&dep_ends, i as usize);
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

/// Longest part of a key an error message shows, in characters.
const SHOWN_KEY_CHARS: usize = 120;

/// A key as an error shows it: quoted and escaped (one line whatever it
/// holds), cut to [`SHOWN_KEY_CHARS`] characters.
fn shown(key: &str) -> String {
    match key.char_indices().nth(SHOWN_KEY_CHARS) {
        None => format!("{key:?}"),
        Some((cut, _)) => format!("{:?}…", &key[..cut]),
    }
}

/// Longest parser message an error shows, in characters.
const SHOWN_MESSAGE_CHARS: usize = 300;

/// Graph file `text` read as `T` (the part a section's reader wants); a bad
/// file is a parser message on one line.
fn parse_file<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
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

/// The keys of a cycle as an error shows them: at most 10, then how many more.
fn shown_cycle(keys: &[String]) -> String {
    let mut text: Vec<String> = keys.iter().take(10).map(|k| shown(k)).collect();
    if keys.len() > 10 {
        text.push(format!("… ({} more)", keys.len() - 10));
    }
    text.join(" -> ")
}

/// `Err(TooLarge)` when `got` exceeds `limit`.
fn too_large(what: &'static str, limit: usize, got: usize) -> Result<(), GraphError> {
    if got > limit {
        Err(GraphError::TooLarge { what, limit, got })
    } else {
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn task(key: &str, deps: &[&str], ms: f64) -> String {
        format!(
            r#"{{"key":"{key}","deps":{},"duration_ms":{ms}}}"#,
            serde_json::to_string(deps).unwrap()
        )
    }

    fn graph(tasks: &[String]) -> String {
        format!(r#"{{"tasks":[{}]}}"#, tasks.join(","))
    }

    #[test]
    fn imports_in_any_order_and_round_trips() {
        let text = graph(&[
            task("sum-1", &["load-2", "load-1"], 3.0),
            task("load-1", &[], 1.0),
            task("load-2", &[], 2.0),
        ]);
        let g = Graph::from_json(&text).unwrap();
        let keys: Vec<&str> = g.ids().map(|id| g.key(id)).collect();
        assert_eq!(keys, vec!["load-2", "load-1", "sum-1"]);
        assert_eq!(g.prefix(TaskId(2)), "sum");
        assert_eq!(g.deps(TaskId(2)), &[TaskId(0), TaskId(1)]);
        assert_eq!(Graph::from_json(&g.to_json()).unwrap(), g);
    }

    #[test]
    fn optional_fields_default_and_escapes_decode() {
        let g = Graph::from_json(
            r#"{"tasks":[{"duration_ms":0,"key":"a\"b\u00e9"},{"key":"plain","deps":["a\"bé"],"duration_ms":1,"prefix":"p","bytes":7}]}"#,
        )
        .unwrap();
        assert_eq!((g.key(TaskId(0)), g.prefix(TaskId(0))), ("a\"bé", "a\"bé"));
        assert_eq!((g.prefix(TaskId(1)), g.bytes(TaskId(1))), ("p", 7));
        assert_eq!(g.bytes(TaskId(0)), 0);
    }

    #[test]
    fn limits_are_checked_while_reading() {
        let text = graph(&[
            task("a", &[], 1.0),
            task("b", &["a"], 1.0),
            task("c", &["a", "b"], 1.0),
        ]);
        let limits = |max_bytes, max_tasks, max_edges| ImportLimits {
            max_bytes,
            max_tasks,
            max_edges,
        };
        assert!(Graph::from_json_with(&text, &limits(text.len(), 3, 3)).is_ok());
        assert_eq!(
            Graph::from_json_with(&text, &limits(text.len() - 1, 3, 3)),
            Err(GraphError::TooLarge {
                what: "bytes of JSON",
                limit: text.len() - 1,
                got: text.len()
            })
        );
        assert_eq!(
            Graph::from_json_with(&text, &limits(text.len(), 1, 3)),
            Err(GraphError::TooLarge {
                what: "tasks",
                limit: 1,
                got: 3
            })
        );
        assert_eq!(
            Graph::from_json_with(&text, &limits(text.len(), 3, 2))
                .unwrap_err()
                .to_string(),
            "graph: dependency edges must be at most 2, got 3"
        );
    }

    #[test]
    fn shape_errors_name_the_field() {
        for (text, expected) in [
            (r#"{"tasks": 3}"#, "an array of tasks"),
            (r#"{"tasks": [], "x": 1}"#, "unknown field `x`"),
            (r#"{}"#, "missing field `tasks`"),
            (r#"{"tasks":[{"key":"a"}]}"#, "missing field `duration_ms`"),
            (r#"{"tasks":[{"duration_ms":1}]}"#, "missing field `key`"),
            (
                r#"{"tasks":[{"key":"a","key":"b","duration_ms":1}]}"#,
                "duplicate field `key`",
            ),
            (
                r#"{"tasks":[{"key":"a","duration_ms":1,"bytes":-1}]}"#,
                "invalid value: integer `-1`",
            ),
            (
                r#"{"tasks":[{"key":"a","duration_ms":1e400}]}"#,
                "number out of range",
            ),
            (r#"{"tasks":[]} trailing"#, "trailing characters"),
            (r#"{"tasks":[{"a\nb":1}]}"#, r#"unknown field `a\nb`"#),
        ] {
            let e = Graph::from_json(text).unwrap_err();
            assert!(matches!(e, GraphError::Json { .. }), "{text}: {e}");
            assert!(e.to_string().contains(expected), "{text}: {e}");
            assert!(!e.to_string().contains('\n'), "{text}: {e}");
        }
        let long = format!(r#"{{"tasks":[{{"{}":1}}]}}"#, "x".repeat(10_000));
        assert!(Graph::from_json(&long).unwrap_err().to_string().len() < 400);
    }
}
