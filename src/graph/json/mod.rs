//! The JSON graph format, for graphs that come from or go to outside, with
//! the scheduling lab (feature `lab`): the export `Graph::to_json`
//! (`export`) and the validated import `Graph::from_json` (`import`, whose
//! docs describe the format): `read` parses into flat arenas under the size
//! limits; `order` finds a topological order or a cycle. The limits and
//! the import's errors are here for both: the page's core checks a file's
//! size before the lab reads it.

#[cfg(feature = "lab")]
mod dask_hints;
#[cfg(feature = "lab")]
mod export;
#[cfg(feature = "lab")]
mod import;
#[cfg(feature = "lab")]
mod measurement;
#[cfg(feature = "lab")]
mod order;
#[cfg(feature = "lab")]
mod read;

#[cfg(feature = "lab")]
pub use dask_hints::{DaskHints, DaskHintsError, DASK_SECTION_VERSION};
#[cfg(feature = "lab")]
pub use measurement::{
    Calibration, MeasuredCluster, Measurement, MeasurementError, PrefixStats, TaskRun,
    TransferCalibration, MAX_CORES, MEASUREMENT_VERSION,
};

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

/// Size limits of `Graph::from_json_with` (feature `lab`); the default is the constants above.
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

/// The keys of a cycle as an error shows them: at most 10, then how many more.
fn shown_cycle(keys: &[String]) -> String {
    let mut text: Vec<String> = keys.iter().take(10).map(|k| shown(k)).collect();
    if keys.len() > 10 {
        text.push(format!("… ({} more)", keys.len() - 10));
    }
    text.join(" -> ")
}

#[cfg(all(test, feature = "lab"))]
mod tests {
    use super::*;
    use crate::graph::{Graph, TaskId};

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
