//! The JSON graph format, for graphs that come from or go to outside:
//!
//! ```json
//! {"tasks": [{"key": "load-1", "prefix": "load", "deps": [], "duration_ms": 120.5, "bytes": 512},
//!            {"key": "sum-1", "prefix": "sum", "deps": ["load-1"], "duration_ms": 3, "bytes": 8}]}
//! ```
//!
//! `key` must be unique; `deps` name keys of the same file, in any order of
//! appearance; `prefix` defaults to the key up to its last `-`; `bytes`
//! defaults to 0. Import checks everything and renumbers the tasks in a
//! stable topological order (Kahn's algorithm, ties by position in the file).

use super::{Graph, GraphBuilder, TaskId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Most tasks an imported graph may have.
pub const MAX_TASKS: usize = 2_000_000;
/// Largest JSON text accepted, in bytes.
pub const MAX_JSON_BYTES: usize = 512 * 1024 * 1024;
/// Longest duration accepted, in ms (one day).
pub const MAX_DURATION_MS: f64 = 86_400_000.0;

/// Why an outside graph was rejected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GraphError {
    /// Not JSON of the documented shape.
    #[error("graph JSON: {0}")]
    Json(String),
    /// Bigger than the stated limits.
    #[error("graph: {what} must be at most {limit}, got {got}")]
    TooLarge {
        /// What is too large (`tasks`, `bytes of JSON`).
        what: &'static str,
        /// The limit.
        limit: usize,
        /// The actual size.
        got: usize,
    },
    /// Two tasks share a key.
    #[error("tasks: duplicate key {0:?}")]
    DuplicateKey(String),
    /// A dependency names no task.
    #[error("tasks[{task:?}].deps: unknown key {dep:?}")]
    UnknownDependency {
        /// The task whose deps are wrong.
        task: String,
        /// The missing key.
        dep: String,
    },
    /// The dependencies form a cycle; one cycle's keys, in order.
    #[error("tasks: dependency cycle {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    /// A duration is negative, not finite or too long.
    #[error("tasks[{key:?}].duration_ms: must be a finite number between 0 and {MAX_DURATION_MS}, got {value}")]
    BadDuration {
        /// The task.
        key: String,
        /// The bad value.
        value: f64,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphJson<T> {
    tasks: Vec<T>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskIn {
    key: String,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    deps: Vec<String>,
    duration_ms: f64,
    #[serde(default)]
    bytes: u64,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    key: &'a str,
    prefix: &'a str,
    deps: Vec<&'a str>,
    duration_ms: f64,
    bytes: u64,
}

impl Graph {
    /// The graph in the JSON format (tasks in id order).
    pub fn to_json(&self) -> String {
        let tasks = self
            .ids()
            .map(|id| TaskOut {
                key: self.key(id),
                prefix: self.prefix(id),
                deps: self.deps(id).iter().map(|d| self.key(*d)).collect(),
                duration_ms: self.duration_ms(id),
                bytes: self.bytes(id),
            })
            .collect();
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(&GraphJson { tasks }).unwrap_or_default()
    }

    /// Reads and validates a graph in the JSON format; see the module docs.
    pub fn from_json(text: &str) -> Result<Graph, GraphError> {
        if text.len() > MAX_JSON_BYTES {
            return Err(GraphError::TooLarge {
                what: "bytes of JSON",
                limit: MAX_JSON_BYTES,
                got: text.len(),
            });
        }
        let input: GraphJson<TaskIn> =
            serde_json::from_str(text).map_err(|e| GraphError::Json(e.to_string()))?;
        let tasks = input.tasks;
        if tasks.len() > MAX_TASKS {
            return Err(GraphError::TooLarge {
                what: "tasks",
                limit: MAX_TASKS,
                got: tasks.len(),
            });
        }
        let mut index = HashMap::with_capacity(tasks.len());
        for (i, t) in tasks.iter().enumerate() {
            if index.insert(t.key.as_str(), i).is_some() {
                return Err(GraphError::DuplicateKey(t.key.clone()));
            }
            if !(t.duration_ms.is_finite() && (0.0..=MAX_DURATION_MS).contains(&t.duration_ms)) {
                return Err(GraphError::BadDuration {
                    key: t.key.clone(),
                    value: t.duration_ms,
                });
            }
        }
        let deps: Vec<Vec<usize>> = tasks
            .iter()
            .map(|t| {
                t.deps
                    .iter()
                    .map(|d| {
                        index.get(d.as_str()).copied().ok_or_else(|| {
                            GraphError::UnknownDependency {
                                task: t.key.clone(),
                                dep: d.clone(),
                            }
                        })
                    })
                    .collect()
            })
            .collect::<Result<_, _>>()?;
        let order = topological_order(&deps).map_err(|cycle| {
            GraphError::Cycle(cycle.into_iter().map(|i| tasks[i].key.clone()).collect())
        })?;
        let mut new_id = vec![TaskId(0); tasks.len()];
        let mut b = GraphBuilder::with_capacity(tasks.len(), deps.iter().map(Vec::len).sum());
        let mut ids = Vec::new();
        for i in order {
            let t = &tasks[i];
            ids.clear();
            ids.extend(deps[i].iter().map(|d| new_id[*d]));
            let prefix = t
                .prefix
                .as_deref()
                .unwrap_or_else(|| t.key.rsplit_once('-').map_or(&t.key, |(p, _)| p));
            new_id[i] = b.add_keyed(&t.key, prefix, &ids, t.duration_ms, t.bytes);
        }
        Ok(b.finish())
    }
}

/// Kahn's algorithm over `deps` (positions), ties by position; on a cycle,
/// the positions of one cycle in dependency order.
fn topological_order(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = deps.len();
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(i);
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
        .filter(|i| pending[*i] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(i)) = ready.pop() {
        order.push(i);
        for &next in &dependents[i] {
            pending[next] -= 1;
            if pending[next] == 0 {
                ready.push(std::cmp::Reverse(next));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every unplaced task has an unplaced dependency: walk those until a task repeats.
    let mut seen = vec![usize::MAX; n];
    let Some(mut at) = (0..n).find(|i| pending[*i] > 0) else {
        return Err(Vec::new());
    };
    let mut walk = Vec::new();
    while seen[at] == usize::MAX {
        seen[at] = walk.len();
        walk.push(at);
        at = deps[at]
            .iter()
            .copied()
            .find(|d| pending[*d] > 0)
            .unwrap_or(at);
    }
    let mut cycle = walk.split_off(seen[at]);
    cycle.reverse();
    cycle.push(cycle[0]);
    Err(cycle)
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
        assert_eq!(keys, vec!["load-1", "load-2", "sum-1"]);
        assert_eq!(g.prefix(TaskId(2)), "sum");
        assert_eq!(g.deps(TaskId(2)), &[TaskId(1), TaskId(0)]);
        assert_eq!(Graph::from_json(&g.to_json()).unwrap(), g);
    }

    #[test]
    fn every_error_names_what_is_wrong() {
        let dup = graph(&[task("a", &[], 1.0), task("a", &[], 1.0)]);
        assert_eq!(
            Graph::from_json(&dup).unwrap_err(),
            GraphError::DuplicateKey("a".into())
        );
        let unknown = graph(&[task("a", &["zz"], 1.0)]);
        assert_eq!(
            Graph::from_json(&unknown).unwrap_err().to_string(),
            r#"tasks["a"].deps: unknown key "zz""#
        );
        let cycle = graph(&[
            task("x", &[], 1.0),
            task("a", &["c", "x"], 1.0),
            task("b", &["a"], 1.0),
            task("c", &["b"], 1.0),
        ]);
        let e = Graph::from_json(&cycle).unwrap_err();
        let GraphError::Cycle(keys) = &e else {
            panic!("{e}")
        };
        assert_eq!(keys.first(), keys.last());
        assert_eq!(keys.len(), 4);
        assert!(e.to_string().starts_with("tasks: dependency cycle "));
        let negative = graph(&[task("a", &[], -1.0)]);
        assert!(Graph::from_json(&negative)
            .unwrap_err()
            .to_string()
            .contains("duration_ms: must be a finite number"));
        assert!(matches!(
            Graph::from_json("{\"tasks\": 3}"),
            Err(GraphError::Json(_))
        ));
        assert!(matches!(
            Graph::from_json("{\"tasks\": [], \"x\": 1}"),
            Err(GraphError::Json(_))
        ));
        assert!(matches!(
            Graph::from_json(&graph(&[r#"{"key":"a","duration_ms":1e400}"#.into()])),
            Err(GraphError::Json(_))
        ));
    }
}
