//! Version 2 of the graph JSON format: several outputs per task, consumers
//! naming the outputs they read, tasks of several threads — read, written
//! back identically, and every bad reference rejected by name; version-1
//! files read as before.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::graph::{Graph, GraphError, Reads, TaskId};

const V2: &str = r#"{"version": 2, "tasks": [
  {"key": "split", "duration_ms": 5, "outputs": [1000, 20, 0]},
  {"key": "fit", "deps": [{"key": "split", "outputs": [2, 0]}], "duration_ms": 3, "threads": 4},
  {"key": "sum", "deps": ["split", "fit"], "duration_ms": 1, "bytes": 8},
  {"key": "end", "deps": ["sum"], "duration_ms": 1, "outputs": []}
]}"#;

#[test]
fn version_2_reads_outputs_reads_and_threads() {
    let g = Graph::from_json(V2).unwrap();
    let [split, fit, sum, end] = [0, 1, 2, 3].map(TaskId);
    assert_eq!(g.output_sizes(split), &[1000, 20, 0]);
    assert_eq!(g.bytes(split), 1020);
    assert_eq!(g.reads(fit, 0), Reads::Only(&[0, 2]));
    assert_eq!(g.read_bytes(fit, 0), 1000);
    assert_eq!((g.threads(fit), g.threads(sum)), (4, 1));
    assert_eq!((g.reads(sum, 0), g.read_bytes(sum, 0)), (Reads::All, 1020));
    assert!(g.output_sizes(end).is_empty());
    let read: Vec<(u32, u32, u64)> = g
        .inputs(sum)
        .map(|i| (i.task.0, i.output, i.bytes))
        .collect();
    // Global output ids: split 0–2, fit 3, sum 4.
    assert_eq!(read, [(0, 0, 1000), (0, 1, 20), (0, 2, 0), (1, 3, 0)]);
    assert_eq!(g.output_count(), 5);
    assert_eq!(g.most_threads(), Some((fit, 4)));
}

#[test]
fn version_2_round_trips_and_version_1_is_written_as_before() {
    let g = Graph::from_json(V2).unwrap();
    let text = g.to_json();
    assert!(text.starts_with(r#"{"version":2,"tasks":"#), "{text}");
    assert!(
        text.contains(r#"{"key":"split","outputs":[0,2]}"#),
        "{text}"
    );
    assert_eq!(Graph::from_json(&text).unwrap(), g);
    // A version-1 file, and the same tasks saying version 2 with the plain
    // fields, give the same graph, written in version 1.
    let v1 = r#"{"tasks":[{"key":"a","prefix":"a","deps":[],"duration_ms":1.0,"bytes":7},{"key":"b","prefix":"b","deps":["a"],"duration_ms":2.0,"bytes":0}]}"#;
    let plain = Graph::from_json(v1).unwrap();
    assert_eq!(plain.to_json(), v1);
    let same = r#"{"version":2,"tasks":[{"key":"a","duration_ms":1,"outputs":[7],"threads":1},{"key":"b","deps":[{"key":"a","outputs":[0]}],"duration_ms":2}]}"#;
    assert_eq!(Graph::from_json(same).unwrap(), plain);
    assert!(!plain.is_extended());
}

#[test]
fn culling_keeps_outputs_reads_and_threads() {
    let g = Graph::from_json(V2).unwrap();
    let c = g.cull(&[TaskId(1)]);
    assert_eq!(c.len(), 2);
    assert_eq!(c.reads(TaskId(1), 0), Reads::Only(&[0, 2]));
    assert_eq!(c.threads(TaskId(1)), 4);
}

fn error(text: &str) -> String {
    let e = Graph::from_json(text).unwrap_err();
    let message = e.to_string();
    assert!(!matches!(e, GraphError::Json { .. }), "{message}");
    message
}

#[test]
fn bad_references_and_values_name_the_task_and_field() {
    let v2 = |tasks: &str| format!(r#"{{"version":2,"tasks":[{tasks}]}}"#);
    let a = r#"{"key":"a","duration_ms":1,"outputs":[5,6]}"#;
    for (text, expected) in [
        (
            r#"{"version":3,"tasks":[]}"#.to_owned(),
            "version: must be 1 or 2, got 3",
        ),
        (
            r#"{"tasks":[{"key":"a","duration_ms":1,"threads":2}]}"#.to_owned(),
            r#"tasks["a"].threads: needs "version": 2"#,
        ),
        (
            r#"{"version":1,"tasks":[{"key":"a","duration_ms":1,"outputs":[1]}]}"#.to_owned(),
            r#"tasks["a"].outputs: needs "version": 2"#,
        ),
        (
            r#"{"tasks":[{"key":"a","duration_ms":1},{"key":"b","duration_ms":1,"deps":[{"key":"a","outputs":[0]}]}]}"#.to_owned(),
            r#"tasks["b"].deps: needs "version": 2"#,
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"threads":0}"#),
            r#"tasks["a"].threads: must be between 1 and 256, got 0"#,
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"threads":257}"#),
            "must be between 1 and 256, got 257",
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"bytes":1,"outputs":[1]}"#),
            r#"tasks["a"]: give bytes (one output) or outputs (their sizes), not both"#,
        ),
        (
            v2(&format!(r#"{a},{{"key":"b","duration_ms":1,"deps":[{{"key":"a","outputs":[2]}}]}}"#)),
            r#"tasks["b"].deps: "a" has 2 outputs (indices 0 to 1), got output 2"#,
        ),
        (
            v2(&format!(r#"{a},{{"key":"b","duration_ms":1,"deps":[{{"key":"a","outputs":[]}}]}}"#)),
            r#"tasks["b"].deps: "a" reads no output"#,
        ),
        (
            v2(&format!(r#"{a},{{"key":"b","duration_ms":1,"deps":[{{"key":"a","outputs":[1,1]}}]}}"#)),
            r#"tasks["b"].deps: "a" names output 1 twice"#,
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"outputs":[]},{"key":"b","duration_ms":1,"deps":[{"key":"a","outputs":[0]}]}"#),
            r#"tasks["b"].deps: "a" makes no outputs, got output 0"#,
        ),
        (
            v2(r#"{"key":"b","duration_ms":1,"deps":[{"key":"zz","outputs":[0]}]}"#),
            r#"tasks["b"].deps: unknown key "zz""#,
        ),
    ] {
        let message = error(&text);
        assert!(message.contains(expected), "{text}: {message}");
    }
    // Shape errors of the new fields come from the parser, by field name.
    for (text, expected) in [
        (
            v2(r#"{"key":"a","duration_ms":1,"outputs":[-1]}"#),
            "invalid value",
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"deps":[{"key":"b"}]}"#),
            "missing field `outputs`",
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"deps":[{"outputs":[0]}]}"#),
            "missing field `key`",
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"deps":[{"key":"b","outputs":[0],"x":1}]}"#),
            "unknown field `x`",
        ),
        (
            v2(r#"{"key":"a","duration_ms":1,"deps":[3]}"#),
            "a dependency key or",
        ),
    ] {
        let e = Graph::from_json(&text).unwrap_err();
        assert!(matches!(e, GraphError::Json { .. }), "{text}: {e}");
        assert!(e.to_string().contains(expected), "{text}: {e}");
    }
}

#[test]
fn output_numbers_count_against_the_limits() {
    let text = r#"{"version":2,"tasks":[{"key":"a","duration_ms":1,"outputs":[1,2,3,4]}]}"#;
    let limits = dagsim::graph::ImportLimits {
        max_bytes: 1000,
        max_tasks: 10,
        max_edges: 3,
    };
    let e = Graph::from_json_with(text, &limits).unwrap_err();
    assert_eq!(
        e.to_string(),
        "graph: output sizes and indices must be at most 3, got 4"
    );
}
