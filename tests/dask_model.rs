//! The calibrated Dask model and the `measurement` section it reads.

use dagsim::graph::{Graph, Measurement};
use dagsim::sim::dask::{self, DaskOptions};

/// Two independent 100 ms tasks and a 1 ms sum, measured on 1 worker × 1 thread.
fn file(gil: f64) -> String {
    format!(
        r#"{{"tasks": [
  {{"key": "a", "deps": [], "duration_ms": 100}},
  {{"key": "b", "deps": [], "duration_ms": 100}},
  {{"key": "sum", "deps": ["a", "b"], "duration_ms": 1, "bytes": 8}}],
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 1, "threads": [1], "cores": 2}}, "makespan_ms": 202,
  "gil_switch_interval_ms": 5,
  "tasks": {{"a": {{"worker": 0, "thread": 0, "priority": 0, "group": "a", "start_ms": 0, "stop_ms": 100, "gil_share": {gil}}},
            "b": {{"worker": 0, "thread": 0, "priority": 1, "group": "b", "start_ms": 100, "stop_ms": 200, "gil_share": {gil}}},
            "sum": {{"worker": 0, "thread": 0, "priority": 2, "group": "sum", "start_ms": 200, "stop_ms": 201}}}},
  "prefixes": {{}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 500, "worker_us_per_task": 300, "latency_us": 1000,
    "noop_tasks_per_s": 1000, "pickle_mb_s": 50,
    "transfer": {{"method": "between workers", "latency_us": 1000, "bandwidth_mb_s": 1000}}}}}}}}"#
    )
}

fn predict(text: &str, workers: u32, threads: u32) -> f64 {
    let graph = Graph::from_json(text).unwrap();
    let m = Measurement::from_json(text, &graph).unwrap();
    let options = DaskOptions {
        workers,
        threads_per_worker: threads,
        ..DaskOptions::default()
    };
    dask::simulate(&graph, m.as_ref(), &options)
        .unwrap()
        .makespan_ms
}

#[test]
fn threads_of_one_worker_share_the_gil_workers_do_not() {
    let python = file(1.0);
    let (one, threads, workers) = (
        predict(&python, 1, 1),
        predict(&python, 1, 2),
        predict(&python, 2, 1),
    );
    assert!(one > 200.0 && one < 210.0, "1x1: {one}");
    assert!(
        (threads - one).abs() < 2.0,
        "pure Python gains nothing from a second thread: {threads} vs {one}"
    );
    assert!(
        workers < 0.6 * one,
        "two workers run it in parallel: {workers} vs {one}"
    );
    let numpy = file(0.0);
    assert!(
        predict(&numpy, 1, 2) < 0.6 * predict(&numpy, 1, 1),
        "GIL-free tasks gain from threads"
    );
}

#[test]
fn overheads_are_charged_where_dask_incurs_them() {
    // 3 tasks: each costs the scheduler 0.5 ms and its worker 0.3 ms, plus messages.
    let one = predict(&file(0.0), 1, 1);
    assert!(one >= 201.0 + 3.0 * 0.8, "{one}");
}

#[test]
fn a_bad_measurement_is_rejected_naming_the_field() {
    let text = file(0.5).replace(
        r#""worker": 0, "thread": 0, "priority": 1"#,
        r#""worker": 3, "thread": 0, "priority": 1"#,
    );
    let graph = Graph::from_json(&text).unwrap();
    let e = Measurement::from_json(&text, &graph)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("\"b\"") && e.contains("outside the cluster"),
        "{e}"
    );
    let text = file(1.5);
    let graph = Graph::from_json(&text).unwrap();
    let e = Measurement::from_json(&text, &graph)
        .unwrap_err()
        .to_string();
    assert!(e.contains("gil_share"), "{e}");
    // without the section: None, and the graph imports as before
    let plain = r#"{"tasks": [{"key": "a", "duration_ms": 1}]}"#;
    let graph = Graph::from_json(plain).unwrap();
    assert!(Measurement::from_json(plain, &graph).unwrap().is_none());
}
