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
fn summary_of_the_large_example_matches_the_library() {
    let (ok, out, err) = dagsim(&[
        "graph",
        "--files",
        "100",
        "--compares",
        "200",
        "--format",
        "summary",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let etl = dagsim::etl::build(&dagsim::etl::EtlSpec::large()).unwrap();
    let s = etl.graph().stats();
    assert_eq!(v["tasks"], 499);
    assert_eq!(v["tasks"], s.tasks);
    assert_eq!(v["edges"], s.edges);
    assert_eq!(v["work_ms"].as_f64().unwrap(), s.work_ms);
    assert_eq!(v["span_ms"].as_f64().unwrap(), s.span_ms);
    assert_eq!(v["parallelism"].as_f64().unwrap(), s.parallelism);
    assert_eq!(v["critical_path_tasks"], s.critical_path.len());
    assert!(v["build_ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn dot_is_per_task_for_small_graphs_and_grouped_for_big_ones() {
    let (ok, small, _) = dagsim(&["graph", "--format", "dot", "--color-by-prefix"]);
    assert!(ok);
    let tasks = dagsim::etl::build(&dagsim::etl::EtlSpec::small())
        .unwrap()
        .graph()
        .len();
    assert_eq!(small.matches("shape=circle").count(), tasks);
    assert!(small.contains(dagsim::dot::prefix_color(0)));
    let (ok, big, _) = dagsim(&[
        "graph",
        "--files",
        "2000",
        "--compares",
        "2000",
        "--format",
        "dot",
    ]);
    assert!(ok);
    assert!(!big.contains("shape=circle"));
    assert_eq!(big.matches("[id=").count(), 6, "one node per prefix");
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

    // `run --graph` replays the imported graph: every task, no answer, at
    // least its critical path in time.
    let (ok, out, err) = dagsim(&[
        "run",
        "--graph",
        path.to_str().unwrap(),
        "--threads",
        "2",
        "--time-scale",
        "0.01",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tasks = serde_json::from_str::<serde_json::Value>(&json).unwrap()["tasks"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(v["tasks"], tasks);
    assert!(v["best"].is_null() && v["score"].is_null());
    assert!(v["makespan_ms"].as_f64().unwrap() >= v["span_ms"].as_f64().unwrap());

    // A pipeline flag beside --graph is refused, not ignored.
    let (ok, _, err) = dagsim(&["run", "--graph", path.to_str().unwrap(), "--files", "50"]);
    assert!(!ok);
    assert!(
        err.contains("'--graph <GRAPH>' cannot be used with '--files <FILES>'"),
        "{err}"
    );
}

#[test]
fn bad_input_names_the_field_and_exits_non_zero() {
    for (args, expected) in [
        (
            vec!["graph", "--files", "2"],
            "--files: must be between 3 and 300000, got 2 (a roll needs three consecutive files)",
        ),
        (
            vec!["graph", "--compares", "0"],
            "--compares: must be between 1",
        ),
        (
            vec!["graph", "--fail", "nope"],
            "--fail: no task has the key",
        ),
        (vec!["graph", "--bogus"], "unexpected argument '--bogus'"),
        (vec!["graph", "--files", "-4"], "--files"),
        (vec!["graph", "--files", "ten"], "--files"),
        (
            vec!["run", "--threads", "0"],
            "--threads: must be between 1 and 256",
        ),
        (
            vec!["run", "--time-scale", "-1"],
            "--time-scale: must be a number between 0 and 100",
        ),
        (
            vec!["simulate", "--latency-us", "-1"],
            "--latency-us: must be a number between 0 and",
        ),
        (
            vec!["graph", "--graph", "/nonexistent.json"],
            "--graph: cannot read",
        ),
        (
            vec!["simulate", "--policy", "dask", "--host-cores", "2000000"],
            "--host-cores: must be between 0 and 1048576, got 2000000 (0: every thread its own core)",
        ),
    ] {
        let (ok, _, err) = dagsim(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(err.starts_with("dagsim: "), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    // Far more output than a pipe buffers; the reader leaves after 100 bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dagsim"))
        .args([
            "graph",
            "--files",
            "20000",
            "--compares",
            "20000",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(head.starts_with(b"{\"tasks\""));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
        !ok && err.contains("--workers: must be between 1 and 4096"),
        "{err}"
    );
}

#[test]
fn bad_graph_files_are_rejected_with_the_key_or_field() {
    let dir = std::env::temp_dir().join(format!("dagsim-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text, expected) in [
        (
            "syntax",
            r#"{"tasks": [{"key": "a""#,
            "graph JSON: EOF while parsing",
        ),
        (
            "missing",
            r#"{"tasks": [{"key": "a"}]}"#,
            "missing field `duration_ms`",
        ),
        (
            "unknown",
            r#"{"tasks": [{"key": "a", "deps": ["b"], "duration_ms": 1}]}"#,
            r#"tasks["a"].deps: unknown key "b""#,
        ),
        (
            "cycle",
            r#"{"tasks": [{"key": "a", "deps": ["b"], "duration_ms": 1},
                          {"key": "b", "deps": ["a"], "duration_ms": 1}]}"#,
            "dependency cycle",
        ),
        (
            "newline-key",
            r#"{"tasks": [{"key": "a\nb", "deps": ["a\nb"], "duration_ms": 1}]}"#,
            r#"dependency cycle "a\nb" -> "a\nb""#,
        ),
        (
            "negative",
            r#"{"tasks": [{"key": "a", "duration_ms": -3}]}"#,
            r#"tasks["a"].duration_ms: must be a finite number between 0 and"#,
        ),
    ] {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap();
        for command in ["graph", "simulate"] {
            let (ok, out, err) = dagsim(&[command, "--graph", path.to_str().unwrap()]);
            assert!(!ok && out.is_empty(), "{name}: {out}");
            assert!(err.contains(expected), "{name}: {err}");
            assert!(err.contains(&format!("{name}.json")), "{name}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn simulate_takes_information_modes_and_a_scheduling_interval() {
    let run = |extra: &[&str]| {
        let mut args = vec!["simulate", "--workers", "3", "--policy", "b-level"];
        args.extend_from_slice(extra);
        let (ok, out, err) = dagsim(&args);
        assert!(ok, "{extra:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["makespan_ms"].as_f64().unwrap()
    };
    let exact = run(&[]);
    assert_eq!(run(&["--information", "noisy", "--noise", "0"]), exact);
    assert_eq!(run(&["--information", "exact", "--noise", "1.5"]), exact);
    assert!(run(&["--information", "prefix-mean"]) >= exact * 0.5);
    assert!(run(&["--scheduling-interval-us", "1000000"]) > exact + 1_000.0);
    for (args, expected) in [
        (
            &["--information", "oracle"][..],
            "--information: unknown information mode \"oracle\"; valid modes: exact, noisy, prefix-mean",
        ),
        (
            &["--noise", "3"],
            "--noise: must be a number between 0 and 2, got 3",
        ),
        (
            &["--scheduling-interval-us", "-5"],
            "--scheduling-interval-us: must be a number between 0 and 60000000, got -5",
        ),
        (
            &["--policy", "dask", "--information", "noisy"],
            "--information: the calibrated Dask model (--policy dask)",
        ),
    ] {
        let mut all = vec!["simulate"];
        all.extend_from_slice(args);
        let (ok, _, err) = dagsim(&all);
        assert!(!ok && err.contains(expected), "{args:?}: {err}");
    }
    let (ok, out, err) = dagsim(&["simulate", "--compare", "--workers", "2"]);
    assert!(ok && out.contains("| camp |"), "{err}");
}

#[test]
fn the_dask_sweep_says_which_host_it_predicts_on() {
    let graph = "www/test/e2e/fixtures/measured.json"; // a 2 x 1 LocalCluster on 2 cores
    let sweep = [
        "simulate",
        "--graph",
        graph,
        "--sweep",
        "--sweep-workers",
        "1,2",
    ];
    let (ok, out, err) = dagsim(&[&sweep[..], &["--sweep-threads", "1"]].concat());
    assert!(ok, "{err}");
    assert!(
        out.contains("host: every shape's workers share one host of 2 cores (the measured host, from the file;"),
        "{out}"
    );
    let (ok, out, err) =
        dagsim(&[&sweep[..], &["--sweep-threads", "1", "--host-cores", "0"]].concat());
    assert!(ok, "{err}");
    assert!(
        out.contains("host: every thread its own core (a real cluster;"),
        "{out}"
    );
    let (ok, out, err) = dagsim(&[
        "simulate",
        "--graph",
        graph,
        "--workers",
        "2",
        "--host-cores",
        "1",
    ]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            report["host_cores"].as_u64(),
            report["host_from_file"].as_bool()
        ),
        (Some(1), Some(false))
    );
}
