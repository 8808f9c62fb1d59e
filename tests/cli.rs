//! The `dagsim` binary: formats, round trips and bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn dagsim(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dagsim"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn summary_of_the_large_example() {
    let (ok, out, _) = dagsim(&[
        "graph",
        "--files",
        "100",
        "--compares",
        "200",
        "--format",
        "summary",
    ]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["tasks"],
        100 + 1 + 100 + v["tasks"].as_u64().unwrap() - 402 + 200 + 1
    );
    assert!(v["span_ms"].as_f64().unwrap() > 0.0);
    assert!(v["work_ms"].as_f64().unwrap() > v["span_ms"].as_f64().unwrap());
}

#[test]
fn json_export_imports_back_to_the_same_graph() {
    let dir = std::env::temp_dir().join(format!("dagsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("g.json");
    let (ok, json, _) = dagsim(&[
        "graph",
        "--files",
        "12",
        "--compares",
        "9",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert!(ok);
    std::fs::write(&path, &json).unwrap();
    let (ok, again, err) = dagsim(&[
        "graph",
        "--graph",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    assert_eq!(again, json);
    let (_, dot, _) = dagsim(&[
        "graph",
        "--graph",
        path.to_str().unwrap(),
        "--format",
        "dot",
    ]);
    assert!(dot.starts_with("digraph {") && dot.contains("shape=circle"));
}

#[test]
fn bad_input_names_the_field_and_exits_non_zero() {
    for (args, expected) in [
        (
            vec!["graph", "--files", "2"],
            "files: must be between 3 and 300000, got 2",
        ),
        (
            vec!["graph", "--compares", "0"],
            "compares: must be between 1",
        ),
        (vec!["graph", "--files", "-4"], "--files"),
        (vec!["graph", "--files", "ten"], "--files"),
        (
            vec!["run", "--threads", "0"],
            "--threads: must be between 1 and 256",
        ),
        (
            vec!["run", "--time-scale", "-1"],
            "time_scale: must be a number between 0 and 100",
        ),
        (
            vec!["graph", "--graph", "/nonexistent.json"],
            "--graph: cannot read",
        ),
    ] {
        let (ok, _, err) = dagsim(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn run_prints_the_serial_answer() {
    let (ok, out, err) = dagsim(&[
        "run",
        "--threads",
        "3",
        "--time-scale",
        "0",
        "--mode",
        "spin",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let etl = dagsim::etl::build(&dagsim::etl::EtlSpec::small()).unwrap();
    let best = etl.serial().unwrap();
    assert_eq!(v["best"], serde_json::json!([best.a, best.b]));
    assert_eq!(v["score"].as_f64().unwrap(), best.score);
    assert_eq!(v["tasks"], etl.graph().len());
}

#[test]
fn simulate_prints_the_prediction_and_the_sweep() {
    let (ok, out, err) = dagsim(&[
        "simulate",
        "--files",
        "100",
        "--compares",
        "200",
        "--workers",
        "8",
        "--policy",
        "b-level",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["makespan_ms"].as_f64().unwrap() >= v["bounds"]["lower_ms"].as_f64().unwrap());
    assert!(v["utilisation"].as_f64().unwrap() <= 1.0);
    let (ok, out, _) = dagsim(&["simulate", "--sweep"]);
    assert!(ok);
    let points: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(points.len(), 9 * 5);
    let (ok, _, err) = dagsim(&["simulate", "--policy", "heft"]);
    assert!(
        !ok && err.contains("valid policies: dask-like, work-stealing, b-level, random, fifo"),
        "{err}"
    );
    let (ok, _, err) = dagsim(&["simulate", "--workers", "0"]);
    assert!(
        !ok && err.contains("workers: must be between 1 and 4096"),
        "{err}"
    );
}
