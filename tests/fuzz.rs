//! Fuzzing with proptest: the graph JSON importer and the option parsers of
//! run and simulate take mutated and generated input and must answer with a
//! graph or an error — never a panic — and what they accept must be sound.
//! Seeds: the committed corpus `fuzz/corpus/*.json` (hostile keys, cycles,
//! bad numbers, fan-in, odd unicode, the `measurement` and `dask` sections,
//! which the Dask model then runs on). Deterministic (fixed seed).
//!
//! `#[ignore]`d in the plain `cargo test`: `scripts/test` runs a short
//! bounded pass (`fuzz` step) and `make fuzz` a long one; `DAGSIM_CASES` sets
//! how many inputs each target gets.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::EtlSpec;
use dagsim::exec::{Replay, RunOptions, Stepper};
use dagsim::graph::{Compute, DaskHints, Graph, Measurement};
use dagsim::sim::dask::{self, DaskFile, DaskOptions};
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::sync::Arc;

/// The runner every target uses: `DAGSIM_CASES` inputs (default 3000).
fn runner() -> TestRunner {
    let cases = std::env::var("DAGSIM_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(14),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    })
}

/// The committed corpus.
fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fuzz/corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("text"))
        .collect()
}

/// One edit of a text: a byte range replaced by a fragment.
#[derive(Clone, Debug)]
struct Edit {
    at: usize,
    len: usize,
    with: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragment = prop_oneof![
        Just(String::new()),
        Just("\"".to_owned()),
        Just("-".to_owned()),
        Just(",{\"key\":\"z\",\"duration_ms\":1}".to_owned()),
        Just("\"deps\":[\"a\",\"a\"],".to_owned()),
        Just("1e999".to_owned()),
        Just("-1".to_owned()),
        Just("\\u0000".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("\"version\":2,".to_owned()),
        Just(",\"outputs\":[1,0,3]".to_owned()),
        Just("{\"key\":\"split\",\"outputs\":[0]}".to_owned()),
        Just("\"threads\":3,".to_owned()),
        Just("]}".to_owned()),
        "\\PC{0,8}",
    ];
    (any::<usize>(), 0usize..8, fragment).prop_map(|(at, len, with)| Edit { at, len, with })
}

/// `text` with `edits` applied (positions wrap; cuts land on char boundaries).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        let mut at = e.at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + e.len).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s.replace_range(at..end, &e.with);
    }
    s
}

/// Imports `text` and checks what came back; never panics on its own.
fn check_import(text: &str) {
    match Graph::from_json(text) {
        Ok(g) => {
            for id in g.ids() {
                assert!(g.deps(id).iter().all(|d| d.0 < id.0), "not topological");
                assert!(g.group_index(id) < g.groups().len());
            }
            assert_eq!(
                Graph::from_json(&g.to_json()).as_ref(),
                Ok(&g),
                "round trip"
            );
            let _ = (g.stats(), dagsim::dot::to_dot(&g, &Default::default()));
            // Whatever it accepted simulates, outputs and threads included.
            let options = SimOptions {
                workers: 3,
                threads_per_worker: g.most_threads().map_or(2, |(_, k)| k),
                bandwidth_mb_s: Some(10.0),
                network: NetworkKind::Maxmin,
                ..SimOptions::default()
            };
            let r = sim::simulate(&g, &options).expect("simulates");
            assert!(r.makespan_ms >= 0.0);
            check_dask_sections(text, &g);
        }
        Err(e) => assert!(!e.to_string().contains('\n'), "multi-line error: {e}"),
    }
}

/// The `measurement` and `dask` sections of an imported file: each read or
/// refused on one line, and the Dask model runs on whatever was read.
fn check_dask_sections(text: &str, g: &Graph) {
    let one_line = |e: String| assert!(!e.contains('\n'), "multi-line error: {e}");
    let measurement = Measurement::from_json(text, g).map_err(|e| one_line(e.to_string()));
    let hints = DaskHints::from_json(text, g).map_err(|e| one_line(e.to_string()));
    let (Ok(measurement), Ok(hints)) = (measurement, hints) else {
        return;
    };
    if (measurement.is_some() || hints.is_some()) && g.len() <= 2_000 {
        let file = DaskFile {
            measurement: measurement.as_ref(),
            hints: hints.as_ref(),
        };
        let options = DaskOptions {
            workers: 3,
            threads_per_worker: 2,
            ..DaskOptions::default()
        };
        let r = dask::simulate(g, file, &options).expect("valid options");
        assert!(r.makespan_ms.is_finite() && r.makespan_ms >= 0.0, "{r:?}");
    }
}

#[test]
#[ignore = "fuzzing: scripts/test's fuzz step and make fuzz"]
fn the_importer_takes_any_mutation_of_the_corpus() {
    let corpus = corpus();
    for text in &corpus {
        check_import(text);
    }
    let inputs = (0..corpus.len(), proptest::collection::vec(edit(), 0..6));
    runner()
        .run(&inputs, |(i, edits)| {
            check_import(&mutate(&corpus[i], &edits));
            Ok(())
        })
        .unwrap();
}

#[test]
#[ignore = "fuzzing: scripts/test's fuzz step and make fuzz"]
fn the_importer_takes_generated_graphs_and_any_text() {
    // Graphs of random shape: keys with or without dashes, deps to earlier,
    // later, missing or the same keys, any duration.
    let key = prop_oneof!["[a-c]{1,3}", "[a-c]{1,2}-[0-9]", "\\PC{0,4}"];
    let task = (
        key.clone(),
        proptest::collection::vec(key, 0..4),
        prop_oneof![Just(1.0), Just(-1.0), any::<f64>()],
    );
    runner()
        .run(&proptest::collection::vec(task, 0..20), |tasks| {
            let tasks: Vec<_> = tasks
                .iter()
                .map(|(k, deps, ms)| {
                    let ms = if ms.is_finite() { *ms } else { 1.0 };
                    serde_json::json!({ "key": k, "deps": deps, "duration_ms": ms })
                })
                .collect();
            check_import(&serde_json::json!({ "tasks": tasks }).to_string());
            Ok(())
        })
        .unwrap();
    // Version 2: outputs, dependencies naming (maybe missing) outputs,
    // threads in and out of range.
    let dep = prop_oneof![
        "[a-c]{1,2}".prop_map(serde_json::Value::from),
        ("[a-c]{1,2}", proptest::collection::vec(0u32..4, 0..3))
            .prop_map(|(k, o)| serde_json::json!({ "key": k, "outputs": o })),
    ];
    let task = (
        "[a-c]{1,2}",
        proptest::collection::vec(dep, 0..3),
        proptest::option::of(proptest::collection::vec(0u64..5_000, 0..4)),
        proptest::option::of(0u32..6),
    );
    runner()
        .run(
            &(proptest::collection::vec(task, 0..12), 1u32..3),
            |(tasks, version)| {
                let tasks: Vec<_> = tasks
                    .iter()
                    .map(|(k, deps, outputs, threads)| {
                        let mut t = serde_json::json!({ "key": k, "deps": deps, "duration_ms": 2 });
                        if let Some(o) = outputs {
                            t["outputs"] = serde_json::json!(o);
                        }
                        if let Some(n) = threads {
                            t["threads"] = serde_json::json!(n);
                        }
                        t
                    })
                    .collect();
                let text = serde_json::json!({ "version": version, "tasks": tasks });
                check_import(&text.to_string());
                Ok(())
            },
        )
        .unwrap();
    runner()
        .run(&"\\PC{0,64}", |text| {
            check_import(&text);
            Ok(())
        })
        .unwrap();
}

/// A JSON value of any shape: what a page or script may pass as options.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (0u32..300).prop_map(Value::from),
        "[a-z_-]{0,12}".prop_map(Value::from),
        proptest::sample::select(&["noisy", "prefix-mean", "camp", "genetic"][..])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        let names = prop_oneof![
            Just("threads"),
            Just("mode"),
            Just("time_scale"),
            Just("workers"),
            Just("threads_per_worker"),
            Just("policy"),
            Just("overhead_us"),
            Just("bandwidth_mb_s"),
            Just("latency_us"),
            Just("seed"),
            Just("information"),
            Just("noise"),
            Just("scheduling_interval_us"),
            Just("files"),
            Just("compares"),
            Just("records_per_file"),
            Just("latency"),
            Just("lo"),
            Just("hi"),
            Just("fail"),
            Just("bogus"),
        ];
        proptest::collection::btree_map(names.prop_map(str::to_owned), inner, 0..5)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    })
}

#[test]
#[ignore = "fuzzing: scripts/test's fuzz step and make fuzz"]
fn the_option_parsers_take_any_object() {
    let graph = Arc::new(Replay::new(
        Graph::from_json(&corpus().into_iter().find(|t| t.contains("load-1")).unwrap()).unwrap(),
    ));
    runner()
        .run(&(json_value(), "\\PC{0,12}"), |(value, name)| {
            let _ = name.parse::<PolicyKind>();
            let _ = name.parse::<Information>();
            if let Ok(options) = serde_json::from_value::<SimOptions>(value.clone()) {
                // Valid options simulate; invalid ones are a field error.
                match sim::simulate(graph.graph(), &options) {
                    Ok(r) => assert!(r.makespan_ms >= 0.0),
                    Err(e) => assert!(!e.field.is_empty()),
                }
            }
            if let Ok(mut options) = serde_json::from_value::<RunOptions>(value.clone()) {
                options.time_scale = options.time_scale.min(0.001);
                if let Ok(stepper) = Stepper::new(Arc::clone(&graph), options) {
                    let report = stepper.run_to_end().expect("replays");
                    assert_eq!(report.trace.events.len(), 3);
                }
            }
            if let Ok(spec) = serde_json::from_value::<EtlSpec>(value) {
                let estimate = spec.estimate();
                assert!(estimate.bytes >= estimate.tasks);
                let small = EtlSpec {
                    files: spec.files.min(40),
                    compares: spec.compares.min(40),
                    records_per_file: spec.records_per_file.min(64),
                    ..spec
                };
                let _ = dagsim::etl::build(&small).map(|e| e.graph().len());
            }
            Ok(())
        })
        .unwrap();
}
