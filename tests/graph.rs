//! The graph layer on real and crafted graphs: culling, stats, the JSON
//! format (round trips and every validation error) and DOT.
#![cfg(feature = "lab")]

use dagsim::dot::{self, DotColor, DotOptions, DATA_SUFFIX};
use dagsim::etl::{self, EtlSpec};
use dagsim::graph::{Graph, GraphBuilder, GraphError, ImportLimits, TaskId, MAX_DURATION_MS};
use std::collections::{BTreeSet, HashMap, HashSet};

fn large() -> Graph {
    etl::build(&EtlSpec::large()).unwrap().graph().clone()
}

fn keys(g: &Graph) -> Vec<&str> {
    g.ids().map(|id| g.key(id)).collect()
}

/// Each task's key and its dependencies' keys: the graph independent of ids.
fn by_key(g: &Graph) -> HashMap<&str, Vec<&str>> {
    g.ids()
        .map(|id| (g.key(id), g.deps(id).iter().map(|d| g.key(*d)).collect()))
        .collect()
}

// ---- cull -------------------------------------------------------------

/// Ancestors of `targets` (targets included) by a plain graph search.
fn ancestors(g: &Graph, targets: &[TaskId]) -> BTreeSet<TaskId> {
    let mut seen = BTreeSet::new();
    let mut todo = targets.to_vec();
    while let Some(t) = todo.pop() {
        if seen.insert(t) {
            todo.extend_from_slice(g.deps(t));
        }
    }
    seen
}

#[test]
fn cull_keeps_exactly_the_ancestors_in_the_same_order() {
    let g = large();
    let rolls: Vec<TaskId> = g.ids().filter(|id| g.prefix(*id) == "roll").collect();
    let targets = [rolls[3], rolls[40]];
    let culled = g.cull(&targets);
    let expected: Vec<&str> = ancestors(&g, &targets)
        .into_iter()
        .map(|id| g.key(id))
        .collect();
    // BTreeSet order is id order: same tasks, same relative order.
    assert_eq!(keys(&culled), expected);
    let full = by_key(&g);
    for (key, deps) in by_key(&culled) {
        assert_eq!(deps, full[key], "{key}");
    }
    for id in culled.ids() {
        assert!(culled.deps(id).iter().all(|d| *d < id));
    }
    // 2 rolls need 4 processes (windows 3..6 and 40..43 do not overlap),
    // their 4 loads and the SQL table.
    assert_eq!(culled.len(), 2 + 3 * 2 * 2 + 1);
}

#[test]
fn culling_to_every_sink_changes_nothing_and_to_nothing_empties() {
    let g = large();
    let dependents = g.dependents();
    let sinks: Vec<TaskId> = g.ids().filter(|id| dependents.of(*id).is_empty()).collect();
    assert_eq!(g.cull(&sinks), g);
    assert!(g.cull(&[]).is_empty());
    // An id outside the graph is ignored, not a panic.
    assert!(g.cull(&[TaskId(u32::MAX)]).is_empty());
}

// ---- stats ------------------------------------------------------------

#[test]
fn stats_of_a_hand_built_graph() {
    //   a(2)   b(1)      levels: 0: a b
    //    |  \  /         1: c d
    //   c(4) d(3)        2: e
    //     \  /
    //     e(1)   f(10) (isolated, level 0)
    let mut b = GraphBuilder::new();
    let a = b.add("a", 0, &[], 2.0, 0);
    let bb = b.add("b", 0, &[], 1.0, 0);
    let c = b.add("c", 0, &[a], 4.0, 0);
    let d = b.add("d", 0, &[a, bb], 3.0, 0);
    let e = b.add("e", 0, &[c, d], 1.0, 0);
    let _f = b.add("f", 0, &[], 6.0, 0);
    let g = b.finish();
    let s = g.stats();
    assert_eq!((s.tasks, s.edges), (6, 5));
    assert_eq!(s.work_ms, 17.0);
    assert_eq!(s.span_ms, 7.0); // a + c + e
    assert_eq!(s.critical_path, vec![a, c, e]);
    assert_eq!(s.width_per_level, vec![3, 2, 1]);
    assert!((s.parallelism - 17.0 / 7.0).abs() < 1e-12);
    assert_eq!(g.bottom_levels_ms(), vec![7.0, 5.0, 5.0, 4.0, 1.0, 6.0]);
}

#[test]
fn stats_of_the_etl_graph_are_consistent() {
    let g = large();
    let s = g.stats();
    assert_eq!(s.tasks, g.len());
    assert_eq!(s.edges, g.edge_count());
    let work: f64 = g.ids().map(|id| g.duration_ms(id)).sum();
    assert!((s.work_ms - work).abs() < 1e-6);
    // The critical path is a chain from a source to the reduction whose
    // durations add up to the span, and no task's bottom level beats it.
    let path = &s.critical_path;
    assert!(g.deps(path[0]).is_empty());
    assert_eq!(g.prefix(*path.last().unwrap()), "reduction");
    assert!(path.windows(2).all(|w| g.deps(w[1]).contains(&w[0])));
    let along: f64 = path.iter().map(|id| g.duration_ms(*id)).sum();
    assert!((along - s.span_ms).abs() < 1e-9);
    let top = g.bottom_levels_ms().into_iter().fold(0.0, f64::max);
    assert!((top - s.span_ms).abs() < 1e-9);
    // load|sql, process, roll, compare, reduction.
    assert_eq!(s.width_per_level.len(), 5);
    assert_eq!(s.width_per_level.iter().sum::<u32>() as usize, g.len());
    assert!(s.parallelism > 1.0);
}

#[test]
fn stats_of_an_empty_graph() {
    let s = Graph::default().stats();
    assert_eq!((s.tasks, s.span_ms, s.parallelism), (0, 0.0, 1.0));
    assert!(s.critical_path.is_empty() && s.width_per_level.is_empty());
}

// ---- JSON -------------------------------------------------------------

#[test]
fn json_round_trips_the_etl_graphs() {
    for spec in [EtlSpec::small(), EtlSpec::large()] {
        let g = etl::build(&spec).unwrap().graph().clone();
        let text = g.to_json();
        assert_eq!(Graph::from_json(&text).unwrap(), g);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let first = &v["tasks"][0];
        let mut fields: Vec<&str> = first.as_object().unwrap().keys().map(|k| &**k).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["bytes", "deps", "duration_ms", "key", "prefix"]);
    }
}

#[test]
fn a_shuffled_file_imports_to_the_same_graph_up_to_ids() {
    let g = large();
    let v: serde_json::Value = serde_json::from_str(&g.to_json()).unwrap();
    let mut tasks = v["tasks"].as_array().unwrap().clone();
    tasks.reverse();
    tasks.swap(3, 200);
    let text = serde_json::json!({ "tasks": tasks }).to_string();
    let imported = Graph::from_json(&text).unwrap();
    assert_eq!(by_key(&imported), by_key(&g));
    for id in imported.ids() {
        assert!(imported.deps(id).iter().all(|d| *d < id));
        let original = g.ids().find(|o| g.key(*o) == imported.key(id)).unwrap();
        assert_eq!(imported.duration_ms(id), g.duration_ms(original));
        assert_eq!(imported.bytes(id), g.bytes(original));
        assert_eq!(imported.prefix(id), g.prefix(original));
    }
    assert_eq!(imported.stats().span_ms, g.stats().span_ms);
}

fn task(key: &str, deps: &[&str], ms: &str) -> String {
    format!(
        r#"{{"key":{},"deps":{},"duration_ms":{ms}}}"#,
        serde_json::to_string(key).unwrap(),
        serde_json::to_string(deps).unwrap()
    )
}

fn file(tasks: &[String]) -> String {
    format!(r#"{{"tasks":[{}]}}"#, tasks.join(","))
}

#[test]
fn every_validation_error_from_a_crafted_file() {
    let err = |text: &str| Graph::from_json(text).unwrap_err();

    let e = err(r#"{"tasks":[{"key":"a","duration_ms":"fast"}]}"#);
    assert!(matches!(e, GraphError::Json { .. }), "{e}");
    assert!(e.to_string().contains("expected f64"), "{e}");

    let text = file(&[task("a", &[], "1"), task("b", &["a"], "1")]);
    let e = Graph::from_json_with(
        &text,
        &ImportLimits {
            max_tasks: 1,
            ..ImportLimits::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e,
        GraphError::TooLarge {
            what: "tasks",
            limit: 1,
            got: 2
        }
    );
    assert_eq!(e.to_string(), "graph: tasks must be at most 1, got 2");

    let e = err(&file(&[task("a", &[], "1"), task("a", &["a"], "1")]));
    assert_eq!(e, GraphError::DuplicateKey { key: "a".into() });
    assert!(e.to_string().contains("duplicate key \"a\""));

    let e = err(&file(&[
        task("a", &[], "1"),
        task("b", &["a", "nope"], "1"),
    ]));
    assert_eq!(
        e,
        GraphError::UnknownDependency {
            task: "b".into(),
            dep: "nope".into()
        }
    );
    assert!(e
        .to_string()
        .starts_with(r#"tasks["b"].deps: unknown key "nope""#));

    for (ms, shown) in [("-0.5", "-0.5"), ("86400001", "86400001")] {
        let e = err(&file(&[task("slow", &[], ms)]));
        assert_eq!(
            e.to_string(),
            format!(
                r#"tasks["slow"].duration_ms: must be a finite number between 0 and {MAX_DURATION_MS}, got {shown} (one day at most)"#
            )
        );
    }
}

#[test]
fn a_cycle_is_named_by_the_keys_on_it() {
    // x feeds a; a, b, c form a cycle; y hangs off it.
    let text = file(&[
        task("x", &[], "1"),
        task("y", &["c"], "1"),
        task("a", &["c", "x"], "1"),
        task("b", &["a"], "1"),
        task("c", &["b"], "1"),
    ]);
    let e = Graph::from_json(&text).unwrap_err();
    let GraphError::Cycle { keys } = &e else {
        panic!("{e}")
    };
    assert_eq!(keys.len(), 4);
    assert_eq!(keys.first(), keys.last());
    let on_cycle: HashSet<&str> = keys.iter().map(String::as_str).collect();
    assert_eq!(on_cycle, HashSet::from(["a", "b", "c"]));
    // Each key feeds the next: the next one lists it as a dependency.
    let deps = HashMap::from([("a", vec!["c", "x"]), ("b", vec!["a"]), ("c", vec!["b"])]);
    for w in keys.windows(2) {
        assert!(deps[w[1].as_str()].contains(&w[0].as_str()), "{keys:?}");
    }
    assert!(e.to_string().starts_with("tasks: dependency cycle "));
    let quoted: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
    assert!(e.to_string().contains(&quoted.join(" -> ")));
}

// ---- DOT --------------------------------------------------------------

/// A DOT file split into node and edge statements (ids unescaped), after
/// checking that braces balance outside strings and every string is closed.
struct Dot {
    nodes: Vec<String>,
    edges: Vec<(String, String)>,
}

fn parse_dot(text: &str) -> Dot {
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced braces");
            }
            _ => {}
        }
    }
    assert!(!in_string && depth == 0, "unclosed string or brace");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("digraph {") && *lines.last().unwrap() == "}");
    let mut dot = Dot {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    for line in &lines[1..lines.len() - 1] {
        let line = line.trim();
        assert!(line.ends_with(';'), "{line}");
        if !line.starts_with('"') {
            continue; // graph/node defaults
        }
        let (first, rest) = quoted(line);
        match rest.trim_start().strip_prefix("->") {
            Some(to) => dot.edges.push((first, quoted(to.trim_start()).0)),
            None => dot.nodes.push(first),
        }
    }
    dot
}

/// The DOT string `s` starts with, unescaped, and what follows it.
fn quoted(s: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, &s[i + 1..]),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => break,
            },
            c => out.push(c),
        }
    }
    panic!("unterminated string in {s}")
}

#[test]
fn dot_has_a_function_and_a_data_node_per_task_and_edges_between_them() {
    let g = large();
    for color in [DotColor::None, DotColor::Prefix] {
        let text = dot::to_dot(
            &g,
            &DotOptions {
                color,
                ..DotOptions::default()
            },
        );
        assert!(text.contains("rankdir=BT"));
        let d = parse_dot(&text);
        let expected: BTreeSet<String> = g
            .ids()
            .flat_map(|id| [g.key(id).to_owned(), format!("{}{DATA_SUFFIX}", g.key(id))])
            .collect();
        assert_eq!(d.nodes.len(), 2 * g.len());
        assert_eq!(d.nodes.iter().cloned().collect::<BTreeSet<_>>(), expected);
        // One edge per dependency, twice for a compare of a roll with itself.
        assert_eq!(d.edges.len(), g.len() + g.edge_count());
        let edges: BTreeSet<(String, String)> = d.edges.into_iter().collect();
        for id in g.ids() {
            let key = g.key(id).to_owned();
            assert!(edges.contains(&(key.clone(), format!("{key}{DATA_SUFFIX}"))));
            for dep in g.deps(id) {
                let data = format!("{}{DATA_SUFFIX}", g.key(*dep));
                assert!(edges.contains(&(data, key.clone())));
            }
        }
    }
}

#[test]
fn dot_escapes_keys() {
    let text = file(&[
        task(r#"say "hi"-1"#, &[], "1"),
        task("back\\slash\nnew-line", &[r#"say "hi"-1"#], "1"),
    ]);
    let g = Graph::from_json(&text).unwrap();
    let d = parse_dot(&dot::to_dot(&g, &DotOptions::default()));
    assert!(d.nodes.contains(&r#"say "hi"-1"#.to_owned()));
    assert!(d.nodes.contains(&"back\\slash\nnew-line".to_owned()));
    assert!(d.edges.contains(&(
        format!(r#"say "hi"-1{DATA_SUFFIX}"#),
        "back\\slash\nnew-line".into()
    )));
}

#[test]
fn big_graphs_are_drawn_grouped_by_prefix() {
    let etl = etl::build(&EtlSpec {
        files: 300,
        compares: 600,
        ..EtlSpec::default()
    })
    .unwrap();
    let g = etl.graph();
    assert!(g.len() > DotOptions::default().group_above);
    let text = dot::to_dot(g, &DotOptions::default());
    let d = parse_dot(&text);
    assert_eq!(d.nodes, g.prefixes());
    let pairs: BTreeSet<(String, String)> = g
        .ids()
        .flat_map(|id| {
            g.deps(id)
                .iter()
                .map(move |dep| (g.prefix(*dep).to_owned(), g.prefix(id).to_owned()))
        })
        .collect();
    assert_eq!(d.edges.iter().cloned().collect::<BTreeSet<_>>(), pairs);
    let compares = g.ids().filter(|id| g.prefix(*id) == "compare").count();
    assert!(text.contains(&format!("{compares} tasks")));
    assert!(text.contains(&format!(
        "\"compare\" -> \"reduction\" [label=\"{compares}\"]"
    )));
    // The same graph under a higher threshold is drawn task by task.
    let full = dot::to_dot(
        g,
        &DotOptions {
            group_above: g.len(),
            ..DotOptions::default()
        },
    );
    assert_eq!(parse_dot(&full).nodes.len(), 2 * g.len());
}
