//! The optional `dask` section of a graph file: what Dask itself says of the
//! graph, whether or not it was run — `dask.order`'s priorities and the bytes
//! each task hands to a p2p shuffle (data that moves between workers outside
//! the graph's edges). `dask_to_dagsim` writes it for every export; the Dask
//! model (`crate::sim::dask`) reads it. docs/measurement.md describes it.
//! Parsed apart from the tasks (the graph reader skips the section) and
//! validated here: keys those of the graph, priorities for every task or none.

use super::import::parse_file;
use super::shown;
use crate::graph::Graph;
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::HashMap;

/// The section's version this reader understands.
pub const DASK_SECTION_VERSION: u32 = 1;

/// Why a `dask` section was rejected; the message names the field (keys
/// quoted and cut, one line whatever the file holds).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("dask: {0}")]
pub struct DaskHintsError(pub String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHints {
    version: u32,
    #[serde(default)]
    priority: HashMap<String, i64>,
    #[serde(default)]
    p2p_bytes: HashMap<String, u64>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    dask: Option<RawHints>,
    #[allow(dead_code)]
    tasks: IgnoredAny,
}

/// A validated `dask` section, per task indexed by [`crate::graph::TaskId`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaskHints {
    /// Per task: `dask.order`'s priority (lower first), when the file gives them.
    pub priority: Option<Vec<i64>>,
    /// Per task: bytes it hands to a p2p shuffle (0: none).
    pub p2p_bytes: Vec<u64>,
}

impl DaskHints {
    /// The `dask` section of graph file `text` (already imported as
    /// `graph`), or None when the file has none.
    pub fn from_json(text: &str, graph: &Graph) -> Result<Option<DaskHints>, DaskHintsError> {
        let file: File = parse_file(text).map_err(DaskHintsError)?;
        file.dask.map(|raw| validate(raw, graph)).transpose()
    }
}

fn validate(raw: RawHints, graph: &Graph) -> Result<DaskHints, DaskHintsError> {
    if raw.version != DASK_SECTION_VERSION {
        return Err(DaskHintsError(format!(
            "version: must be {DASK_SECTION_VERSION}, got {}",
            raw.version
        )));
    }
    let index: HashMap<&str, usize> = graph.ids().map(|id| (graph.key(id), id.index())).collect();
    let position = |field: &str, key: &str| {
        index.get(key).copied().ok_or_else(|| {
            DaskHintsError(format!("{field}[{}]: not a key of the graph", shown(key)))
        })
    };
    let priority = if raw.priority.is_empty() {
        None
    } else {
        let mut priority = vec![None; graph.len()];
        for (key, p) in &raw.priority {
            priority[position("priority", key)?] = Some(*p);
        }
        let all: Option<Vec<i64>> = priority.iter().copied().collect();
        match all {
            Some(all) => Some(all),
            None => {
                let missing = graph
                    .ids()
                    .find(|id| priority[id.index()].is_none())
                    .map_or("", |id| graph.key(id));
                return Err(DaskHintsError(format!(
                    "priority: must give every task or none, {} has none",
                    shown(missing)
                )));
            }
        }
    };
    let mut p2p_bytes = vec![0; graph.len()];
    for (key, bytes) in &raw.p2p_bytes {
        p2p_bytes[position("p2p_bytes", key)?] = *bytes;
    }
    Ok(DaskHints {
        priority,
        p2p_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASKS: &str = r#""tasks": [{"key": "a", "duration_ms": 1}, {"key": "b", "deps": ["a"], "duration_ms": 1}]"#;

    fn read(section: &str) -> Result<Option<DaskHints>, DaskHintsError> {
        let text = format!("{{{TASKS}{section}}}");
        let graph = Graph::from_json(&text).unwrap();
        DaskHints::from_json(&text, &graph)
    }

    #[test]
    fn reads_priorities_and_p2p_bytes_by_key() {
        assert_eq!(read(""), Ok(None));
        let hints = read(
            r#", "dask": {"version": 1, "priority": {"b": 0, "a": 7}, "p2p_bytes": {"a": 4096}}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(hints.priority, Some(vec![7, 0]));
        assert_eq!(hints.p2p_bytes, vec![4096, 0]);
        let none = read(r#", "dask": {"version": 1}"#).unwrap().unwrap();
        assert_eq!((none.priority, none.p2p_bytes), (None, vec![0, 0]));
    }

    #[test]
    fn a_bad_section_names_its_field() {
        for (section, expected) in [
            (r#", "dask": {"version": 2}"#, "version: must be 1, got 2"),
            (
                r#", "dask": {"version": 1, "priority": {"a": 1}}"#,
                r#"priority: must give every task or none, "b" has none"#,
            ),
            (
                r#", "dask": {"version": 1, "priority": {"a": 1, "b": 2, "zz": 3}}"#,
                r#"priority["zz"]: not a key of the graph"#,
            ),
            (
                r#", "dask": {"version": 1, "p2p_bytes": {"a": -1}}"#,
                "invalid value: integer `-1`",
            ),
            (r#", "dask": {"version": 1, "x": 1}"#, "unknown field `x`"),
        ] {
            let e = read(section).unwrap_err().to_string();
            assert!(
                e.starts_with("dask: ") && e.contains(expected),
                "{section}: {e}"
            );
        }
    }
}
