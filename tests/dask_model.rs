//! The calibrated Dask model and the `measurement` section it reads.
#![cfg(feature = "lab")]

use dagsim::graph::{DaskHints, Graph, Measurement};
use dagsim::sim::dask::{self, DaskFile, DaskOptions};

/// Two independent 100 ms tasks and a 1 ms sum, measured on 1 worker × 1 thread.
fn file(gil: f64) -> String {
    file_from(gil, 0.0)
}

/// `file(gil)`, its first task started `first` ms after submission.
fn file_from(gil: f64, first: f64) -> String {
    let (b, sum, end) = (first + 100.0, first + 200.0, first + 201.0);
    format!(
        r#"{{"tasks": [
  {{"key": "a", "deps": [], "duration_ms": 100}},
  {{"key": "b", "deps": [], "duration_ms": 100}},
  {{"key": "sum", "deps": ["a", "b"], "duration_ms": 1, "bytes": 8}}],
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 1, "threads": [1], "cores": 2}}, "makespan_ms": 202,
  "gil_switch_interval_ms": 5,
  "tasks": {{"a": {{"worker": 0, "thread": 0, "priority": 0, "group": "a", "start_ms": {first}, "stop_ms": {b}, "gil_share": {gil}}},
            "b": {{"worker": 0, "thread": 0, "priority": 1, "group": "b", "start_ms": {b}, "stop_ms": {sum}, "gil_share": {gil}}},
            "sum": {{"worker": 0, "thread": 0, "priority": 2, "group": "sum", "start_ms": {sum}, "stop_ms": {end}}}}},
  "prefixes": {{}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 500, "worker_us_per_task": 300, "latency_us": 1000,
    "noop_tasks_per_s": 1000, "pickle_mb_s": 50,
    "transfer": {{"method": "between workers", "latency_us": 1000, "bandwidth_mb_s": 1000}}}}}}}}"#
    )
}

fn measured(measurement: Option<&Measurement>) -> DaskFile<'_> {
    DaskFile {
        measurement,
        hints: None,
    }
}

fn predict(text: &str, workers: u32, threads: u32) -> f64 {
    let graph = Graph::from_json(text).unwrap();
    let m = Measurement::from_json(text, &graph).unwrap();
    let options = DaskOptions {
        workers,
        threads_per_worker: threads,
        ..DaskOptions::default()
    };
    dask::simulate(&graph, measured(m.as_ref()), &options)
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
    // (up to one batched-stream interval apart: both finish at once on
    // 1 × 2, and the second report waits for the worker's stream, 2 ms)
    assert!(
        (threads - one).abs() < 5.0,
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
    // 3 tasks: each costs the scheduler 0.5 ms and its worker 0.3 ms, plus
    // messages; b starts on the freed thread once the worker's loop has
    // handled a.
    let one = predict(&file(0.0), 1, 1);
    assert!(one >= 201.0 + 0.3 + 3.0 * 0.8, "{one}");
}

#[test]
fn the_graphs_intake_is_what_it_took_in_the_measured_run() {
    // The measured run's first task started 50 ms after submission: the
    // scheduler's intake of this graph (less the 0.5 ms message that
    // started it), on every shape predicted.
    for (workers, threads) in [(1, 1), (1, 2), (2, 1)] {
        let late = predict(&file_from(0.0, 50.0), workers, threads);
        let prompt = predict(&file(0.0), workers, threads);
        let intake = late - prompt;
        assert!(
            (intake - 49.5).abs() < 1e-6,
            "{workers}x{threads}: {intake}"
        );
    }
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

/// One root on one worker and `n` tasks of `ms` each reading its output of
/// `bytes`, measured on 2 workers × 1 thread with a calibration of 1000 MB/s.
fn fan_out(n: usize, ms: f64, bytes: u64) -> String {
    let mut tasks = vec![format!(
        r#"{{"key": "root", "deps": [], "duration_ms": 1, "bytes": {bytes}}}"#
    )];
    let mut runs = vec![r#""root": {"worker": 0, "thread": 0, "priority": 0, "group": "root", "start_ms": 0, "stop_ms": 1}"#.to_string()];
    for i in 0..n {
        tasks.push(format!(
            r#"{{"key": "f-{i}", "deps": ["root"], "duration_ms": {ms}}}"#
        ));
        runs.push(format!(
            r#""f-{i}": {{"worker": 0, "thread": 0, "priority": {}, "group": "f", "start_ms": 1, "stop_ms": 1}}"#,
            i + 1
        ));
    }
    format!(
        r#"{{"tasks": [{}], "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 2, "threads": [1, 1], "cores": 2}}, "makespan_ms": 1, "gil_switch_interval_ms": 5,
  "tasks": {{{}}}, "prefixes": {{}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 10, "worker_us_per_task": 10, "latency_us": 100,
    "noop_tasks_per_s": 0, "pickle_mb_s": 50,
    "transfer": {{"method": "between workers", "latency_us": 100, "bandwidth_mb_s": 1000}}}}}}}}"#,
        tasks.join(","),
        runs.join(",")
    )
}

fn run(text: &str, stealing: bool) -> dask::DaskReport {
    let graph = Graph::from_json(text).unwrap();
    let m = Measurement::from_json(text, &graph).unwrap();
    let options = DaskOptions {
        workers: 4,
        stealing,
        ..DaskOptions::default()
    };
    dask::simulate(&graph, measured(m.as_ref()), &options).unwrap()
}

#[test]
fn root_ish_tasks_are_queued_and_spread_not_piled_on_the_holder() {
    // 40 tasks on one root: a root-ish group (more than twice the threads, one small
    // dependency group), handed out by slots, so the fan-out runs on all 4 workers.
    let r = run(&fan_out(40, 50.0, 1000), false);
    assert_eq!(r.stolen, 0);
    assert!(
        r.transfers >= 3 && r.makespan_ms < 40.0 * 50.0 / 3.0,
        "{r:?}"
    );
}

#[test]
fn idle_workers_steal_when_the_move_pays_for_its_transfer() {
    // 8 tasks of 200 ms (not root-ish: not more than twice the 4 threads) go to the root's
    // holder, the only candidate of decide_worker; stealing spreads them.
    let cheap = fan_out(8, 200.0, 1000);
    let (alone, stolen) = (run(&cheap, false), run(&cheap, true));
    assert_eq!(alone.stolen, 0);
    assert!(
        stolen.stolen > 0 && stolen.makespan_ms < 0.6 * alone.makespan_ms,
        "{stolen:?} vs {alone:?}"
    );
    // The same with a 2 GB input (2 s to move, 40 ms of work per task): never worth it.
    let heavy = fan_out(8, 40.0, 2_000_000_000);
    let r = run(&heavy, true);
    assert_eq!(r.stolen, 0, "{r:?}");
    assert_eq!(r.transfers, 0, "{r:?}");
}

/// A 100 ms chain `a → z` and four independent 50 ms tasks on one worker ×
/// two threads, no measurement; `priority` (a `dask` section's) orders them.
fn chain_and_four(priority: &str) -> f64 {
    let text = format!(
        r#"{{"tasks": [
  {{"key": "a", "duration_ms": 100}}, {{"key": "z", "deps": ["a"], "duration_ms": 100}},
  {{"key": "b", "duration_ms": 50}}, {{"key": "c", "duration_ms": 50}},
  {{"key": "d", "duration_ms": 50}}, {{"key": "e", "duration_ms": 50}}]{priority}}}"#
    );
    let graph = Graph::from_json(&text).unwrap();
    let hints = DaskHints::from_json(&text, &graph).unwrap();
    let options = DaskOptions {
        workers: 1,
        threads_per_worker: 2,
        ..DaskOptions::default()
    };
    let file = DaskFile {
        measurement: None,
        hints: hints.as_ref(),
    };
    dask::simulate(&graph, file, &options).unwrap().makespan_ms
}

#[test]
fn the_files_dask_order_priorities_order_the_tasks() {
    // Without priorities: critical path first, so the chain starts at once
    // beside b; c, d and e fill the other thread and, while a's completion
    // goes to the scheduler and z comes back, the thread a freed: 250 ms.
    let critical = chain_and_four("");
    assert!((critical - 250.0).abs() < 1.0, "{critical}");
    // dask.order's priorities (as dask_to_dagsim writes them) that put the
    // four first: the chain starts after them, at 100 ms: 300 ms.
    let four_first = chain_and_four(
        r#", "dask": {"version": 1, "priority": {"b": 0, "c": 1, "d": 2, "e": 3, "a": 4, "z": 5}}"#,
    );
    assert!((four_first - 300.0).abs() < 1.0, "{four_first}");
    // The same order as the critical path: the same schedule.
    let same = chain_and_four(
        r#", "dask": {"version": 1, "priority": {"a": 0, "z": 1, "b": 2, "c": 3, "d": 4, "e": 5}}"#,
    );
    assert!((same - critical).abs() < 1e-9, "{same} vs {critical}");
}

/// A p2p shuffle as dask_to_dagsim exports it: 4 input partitions of
/// `bytes` handed to the shuffle, its barrier and 4 output partitions,
/// measured on 1 worker × 1 thread with a calibration of `mb_s` MB/s.
fn p2p(bytes: u64, mb_s: f64) -> String {
    let mut tasks = Vec::new();
    let mut runs = Vec::new();
    let mut p2p = Vec::new();
    for i in 0..4 {
        tasks.push(format!(
            r#"{{"key": "t-{i}", "duration_ms": 10, "bytes": 28}}"#
        ));
        runs.push(format!(
            r#""t-{i}": {{"worker": 0, "thread": 0, "priority": {i}, "group": "t", "start_ms": {}, "stop_ms": {}}}"#,
            10 * i,
            10 * i + 10
        ));
        p2p.push(format!(r#""t-{i}": {bytes}"#));
    }
    tasks.push(r#"{"key": "barrier", "deps": ["t-0", "t-1", "t-2", "t-3"], "duration_ms": 1, "bytes": 28}"#.into());
    runs.push(r#""barrier": {"worker": 0, "thread": 0, "priority": 4, "group": "barrier", "start_ms": 40, "stop_ms": 41}"#.into());
    for i in 0..4 {
        tasks.push(format!(
            r#"{{"key": "out-{i}", "deps": ["barrier"], "duration_ms": 10, "bytes": 1000}}"#
        ));
        runs.push(format!(
            r#""out-{i}": {{"worker": 0, "thread": 0, "priority": {}, "group": "out", "start_ms": {}, "stop_ms": {}}}"#,
            5 + i,
            41 + 10 * i,
            51 + 10 * i
        ));
    }
    format!(
        r#"{{"tasks": [{}], "dask": {{"version": 1, "p2p_bytes": {{{}}}}},
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 1, "threads": [1], "cores": 2}}, "makespan_ms": 81, "gil_switch_interval_ms": 5,
  "tasks": {{{}}}, "prefixes": {{}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 10, "worker_us_per_task": 10, "latency_us": 100,
    "noop_tasks_per_s": 0, "pickle_mb_s": 50,
    "transfer": {{"method": "between workers", "latency_us": 100, "bandwidth_mb_s": {mb_s}}}}}}}}}"#,
        tasks.join(","),
        p2p.join(","),
        runs.join(",")
    )
}

fn predict_p2p(text: &str, workers: u32) -> dask::DaskReport {
    let graph = Graph::from_json(text).unwrap();
    let m = Measurement::from_json(text, &graph).unwrap();
    let hints = DaskHints::from_json(text, &graph).unwrap();
    let options = DaskOptions {
        workers,
        ..DaskOptions::default()
    };
    let file = DaskFile {
        measurement: m.as_ref(),
        hints: hints.as_ref(),
    };
    dask::simulate(&graph, file, &options).unwrap()
}

#[test]
fn a_p2p_shuffle_moves_its_inputs_outside_the_graph_before_its_barrier_returns() {
    // 4 × 100 MB at 1000 MB/s: 400 ms of shards into one worker's link from
    // the end of the first input (10 ms) to the barrier, then 40 ms of outputs.
    let heavy = predict_p2p(&p2p(100_000_000, 1000.0), 1);
    let light = predict_p2p(&p2p(1000, 1000.0), 1);
    assert!(light.makespan_ms < 90.0, "{light:?}");
    assert!(heavy.makespan_ms >= 450.0, "{heavy:?}");
    // On 2 workers each receives half of every input (200 ms per link, in
    // parallel), and half of it crosses between them; the outputs are
    // pinned two per worker, so no output moves to the other.
    let two = predict_p2p(&p2p(100_000_000, 1000.0), 2);
    let crossed = two.transferred_bytes;
    assert!(
        (200_000_000..200_001_000).contains(&crossed),
        "{two:?}: the shards' half plus the barrier's small outputs"
    );
    assert!(
        two.makespan_ms < heavy.makespan_ms - 150.0,
        "{two:?} vs {heavy:?}"
    );
    assert_eq!(two.stolen, 0);
}

/// A file of `n` tasks of 0.1 ms, `t-0` … (a chain, or independent), each
/// measured alone on worker 0 one `every` ms, on a cluster of one worker ×
/// one thread (`cluster`: the rest of the `cluster` object) whose
/// calibration costs `worker_us` per task on the loop and 10 µs on the
/// scheduler, tiny messages and no no-op batch (no wall-time fit).
fn tenths(n: u32, chain: bool, every: f64, cluster: &str, worker_us: f64) -> String {
    let tasks: Vec<String> = (0..n)
        .map(|i| {
            let deps = if chain && i > 0 {
                format!(r#""t-{}""#, i - 1)
            } else {
                String::new()
            };
            format!(r#"{{"key": "t-{i}", "deps": [{deps}], "duration_ms": 0.1}}"#)
        })
        .collect();
    let runs: Vec<String> = (0..n)
        .map(|i| {
            let start = f64::from(i) * every;
            format!(
                r#""t-{i}": {{"worker": 0, "thread": 0, "priority": {i}, "group": "t", "start_ms": {start}, "stop_ms": {}}}"#,
                start + 0.1
            )
        })
        .collect();
    format!(
        r#"{{"tasks": [{}],
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 1, "threads": [1], {cluster}}}, "makespan_ms": {},
  "gil_switch_interval_ms": 5, "tasks": {{{}}}, "prefixes": {{}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 10, "worker_us_per_task": {worker_us}, "latency_us": 20,
    "noop_tasks_per_s": 0, "pickle_mb_s": 50,
    "transfer": {{"method": "between workers", "latency_us": 20, "bandwidth_mb_s": 1000}}}}}}}}"#,
        tasks.join(","),
        f64::from(n) * every,
        runs.join(",")
    )
}

/// `n` independent 0.1 ms tasks with tiny per-task costs.
fn short_tasks(n: u32) -> String {
    tenths(n, false, 0.2, r#""cores": 2"#, 10.0)
}

#[test]
fn short_tasks_are_paced_by_the_schedulers_batched_stream() {
    // Root-ish tasks are queued: the worker holds ceil(1.1 × 1) = 2 at a
    // time, and the scheduler writes to it at most every 5 ms (its deferred
    // writes 0.5 ms late), so 100 tasks of 0.1 ms take 49 more writes
    // after the first: about 49 × 5.5 ms, not 100 × 0.1 ms plus costs.
    let ms = predict(&short_tasks(100), 1, 1);
    assert!(ms > 49.0 * 5.5 && ms < 49.0 * 5.5 + 5.0, "{ms}");
    // Two workers each take their own 2 per write.
    let two = predict(&short_tasks(100), 2, 1);
    assert!(two > 24.0 * 5.5 && two < 24.0 * 5.5 + 5.0, "{two}");
}

/// A 10 MB dict `d` on worker 0, where a 1 s task `p` holding the GIL a
/// share `gil` of its time reads it next, while `c` on worker 1 (beside its
/// other input `x`, done 10 ms later, once `p` runs) fetches it: dicts
/// travel at 10 MB/s, serialised by the sender's process. Measured on 2
/// workers × 1 thread, nothing overlapping.
fn dict_from_a_busy_worker(gil: f64) -> f64 {
    let text = format!(
        r#"{{"tasks": [
  {{"key": "d", "deps": [], "duration_ms": 1, "bytes": 10000000}},
  {{"key": "x", "deps": [], "duration_ms": 10, "bytes": 100000000}},
  {{"key": "p", "deps": ["d"], "duration_ms": 1000}},
  {{"key": "c", "deps": ["d", "x"], "duration_ms": 1}}],
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 2, "threads": [1, 1], "cores": 2}}, "makespan_ms": 1012,
  "gil_switch_interval_ms": 5,
  "tasks": {{"d": {{"worker": 0, "thread": 0, "priority": 0, "group": "d", "start_ms": 0, "stop_ms": 1}},
            "x": {{"worker": 1, "thread": 0, "priority": 1, "group": "x", "start_ms": 0, "stop_ms": 10}},
            "p": {{"worker": 0, "thread": 0, "priority": 2, "group": "p", "start_ms": 1, "stop_ms": 1001, "gil_share": {gil}}},
            "c": {{"worker": 1, "thread": 0, "priority": 3, "group": "c", "start_ms": 1011, "stop_ms": 1012}}}},
  "prefixes": {{"d": {{"thread_cpu_s": 0.001, "thread_noncpu_s": 0, "typename": "dict"}}}},
  "calibration": {{"version": 1, "scheduler_us_per_task": 10, "worker_us_per_task": 10, "latency_us": 100,
    "noop_tasks_per_s": 0, "pickle_mb_s": 10, "dict_mb_s": 10,
    "transfer": {{"method": "between workers", "latency_us": 100, "bandwidth_mb_s": 1000}}}}}}}}"#
    );
    let graph = Graph::from_json(&text).unwrap();
    let m = Measurement::from_json(&text, &graph).unwrap();
    let options = DaskOptions {
        workers: 2,
        stealing: false,
        ..DaskOptions::default()
    };
    let r = dask::simulate(&graph, measured(m.as_ref()), &options).unwrap();
    assert_eq!(r.transfers, 1, "only d moves, to c's worker: {r:?}");
    r.makespan_ms
}

#[test]
fn serialising_a_dict_shares_the_senders_gil_with_its_running_task() {
    // GIL-free p: the dict's 1 s serialisation runs beside it; both end at ~1 s.
    let free = dict_from_a_busy_worker(0.0);
    assert!(free > 1010.0 && free < 1020.0, "{free}");
    // Pure-Python p: they share worker 0's GIL, each at half speed while
    // both run: the serialisation waits for p's 1 s of GIL work (2 s in
    // all), and p, slowed all that time, ends with it.
    let python = dict_from_a_busy_worker(1.0);
    assert!(python > 1990.0 && python < 2020.0, "{python}");
}

/// Two independent CPU-bound tasks (no GIL) and a 1 ms sum, measured on 2
/// workers × 1 thread running both at once over 0..100 ms, on a host of
/// `cores` cores the workers shared (or not); no calibration, so no
/// scheduler or event-loop time.
fn two_at_once(cores: u32, shared: bool) -> String {
    format!(
        r#"{{"tasks": [
  {{"key": "a", "deps": [], "duration_ms": 100}},
  {{"key": "b", "deps": [], "duration_ms": 100}},
  {{"key": "sum", "deps": ["a", "b"], "duration_ms": 1}}],
 "measurement": {{"version": 1, "dask": "x", "distributed": "x",
  "cluster": {{"workers": 2, "threads": [1, 1], "cores": {cores}, "shared_host": {shared}}}, "makespan_ms": 101,
  "gil_switch_interval_ms": 5,
  "tasks": {{"a": {{"worker": 0, "thread": 0, "priority": 0, "group": "a", "start_ms": 0, "stop_ms": 100, "gil_share": 0}},
            "b": {{"worker": 1, "thread": 0, "priority": 1, "group": "b", "start_ms": 0, "stop_ms": 100, "gil_share": 0}},
            "sum": {{"worker": 0, "thread": 0, "priority": 2, "group": "sum", "start_ms": 100, "stop_ms": 101}}}},
  "prefixes": {{}}}}}}"#
    )
}

fn on_host(text: &str, workers: u32, host_cores: Option<u32>) -> dask::DaskReport {
    let graph = Graph::from_json(text).unwrap();
    let m = Measurement::from_json(text, &graph).unwrap();
    let options = DaskOptions {
        workers,
        threads_per_worker: 1,
        host_cores,
        ..DaskOptions::default()
    };
    dask::simulate(&graph, measured(m.as_ref()), &options).unwrap()
}

#[test]
fn workers_sharing_one_core_take_twice_as_long_as_with_a_core_each() {
    // Measured on a host where both ran at full speed: 100 ms of work each.
    let text = two_at_once(2, true);
    let (own, two, one) = (
        on_host(&text, 2, Some(0)).makespan_ms,
        on_host(&text, 2, Some(2)).makespan_ms,
        on_host(&text, 2, Some(1)).makespan_ms,
    );
    assert!((own - 101.0).abs() < 0.5, "a core per thread: {own}");
    assert!((two - own).abs() < 1e-6, "2 workers on 2 cores: {two}");
    assert!((one - 201.0).abs() < 0.5, "2 workers on 1 core: {one}");
    // One worker runs them one after the other whatever the host.
    let serial = on_host(&text, 1, Some(1)).makespan_ms;
    assert!((serial - 201.0).abs() < 0.5, "1 worker on 1 core: {serial}");
}

#[test]
fn durations_measured_on_a_shared_core_are_deflated_then_reinflated() {
    // Measured sharing 1 core: each did 50 ms of work in its 100 ms.
    let text = two_at_once(1, true);
    let same = on_host(&text, 2, None);
    assert!(same.host_from_file && same.host_cores == 1, "{same:?}");
    assert!(
        (same.makespan_ms - 101.0).abs() < 0.5,
        "the measured host again: the measured time, {}",
        same.makespan_ms
    );
    let real = on_host(&text, 2, Some(0));
    assert!(!real.host_from_file && real.host_cores == 0, "{real:?}");
    assert!(
        (real.makespan_ms - 51.0).abs() < 0.5,
        "a core per thread: half, {}",
        real.makespan_ms
    );
    let serial = on_host(&text, 1, None).makespan_ms;
    assert!(
        (serial - 101.0).abs() < 0.5,
        "1 worker: 50 + 50 + 1, {serial}"
    );
    // The same file without `shared_host` (older files): as measured, a core each.
    let old = two_at_once(1, true).replace(r#", "shared_host": true"#, "");
    let report = on_host(&old, 2, None);
    assert!(
        report.host_cores == 0 && !report.host_from_file,
        "{report:?}"
    );
    assert!((report.makespan_ms - 101.0).abs() < 0.5, "{report:?}");
    assert!((on_host(&old, 1, None).makespan_ms - 201.0).abs() < 0.5);
}

#[test]
fn host_cores_out_of_range_are_rejected_naming_the_field() {
    let text = two_at_once(2, true);
    let graph = Graph::from_json(&text).unwrap();
    let options = DaskOptions {
        host_cores: Some(dagsim::graph::MAX_CORES + 1),
        ..DaskOptions::default()
    };
    let e = dask::simulate(&graph, measured(None), &options).unwrap_err();
    assert_eq!(e.field, "host_cores");
    assert!(
        e.message
            .contains(&format!("between 0 and {}", dagsim::graph::MAX_CORES))
            && e.message.contains("0: every thread its own core"),
        "{e}"
    );
    for (cores, want) in [
        (0, "cluster.cores: must be 1..="),
        (u32::MAX, "cluster.cores"),
    ] {
        let bad = two_at_once(cores, true);
        let e = Measurement::from_json(&bad, &graph)
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{e}");
    }
}

#[test]
fn threads_waiting_for_the_gil_use_no_core() {
    // Pure Python on 1 worker × 2 threads: one runs at a time, so one core
    // is as good as a core per thread for the tasks (GIL and cores
    // compose); only the event loop's and scheduler's 0.8 ms per task, which
    // share that core with the running tasks, take a little longer.
    let python = file(1.0).replace(r#""cores": 2}"#, r#""cores": 2, "shared_host": true}"#);
    let graph = Graph::from_json(&python).unwrap();
    let m = Measurement::from_json(&python, &graph).unwrap();
    let at = |host_cores| {
        let options = DaskOptions {
            workers: 1,
            threads_per_worker: 2,
            host_cores: Some(host_cores),
            ..DaskOptions::default()
        };
        dask::simulate(&graph, measured(m.as_ref()), &options)
            .unwrap()
            .makespan_ms
    };
    let (one, own) = (at(1), at(0));
    assert!(
        one >= own && one - own < 1.0,
        "1 core {one} vs a core each {own}"
    );
}

#[test]
fn the_measured_hosts_background_load_is_taken_out_and_kept_on_that_host() {
    // 2 cores; the host was busy 300 ms over the 101 ms run, no thread CPU
    // recorded (all of it counts as background): 2.97 cores, clamped to the
    // host's 2, so both tasks ran at 2 / 4 of a core.
    let busy = |s: &str| {
        two_at_once(2, true).replace(
            r#""shared_host": true}"#,
            &format!(r#""shared_host": true, "host_busy_s": {s}}}"#),
        )
    };
    let text = busy("0.3");
    let graph = Graph::from_json(&text).unwrap();
    let m = Measurement::from_json(&text, &graph).unwrap().unwrap();
    let background = m.background_cores().unwrap();
    assert!(
        (background - 2.0).abs() < 1e-9,
        "clamped to the host's cores: {background}"
    );
    // The measured host again (its background kept): the measured time.
    let same = on_host(&text, 2, None).makespan_ms;
    assert!((same - 101.0).abs() < 0.5, "{same}");
    // Another host of 2 cores, nothing else on it: each task did 50 ms of work.
    let quiet = on_host(&text, 2, Some(2)).makespan_ms;
    assert!((quiet - 51.0).abs() < 0.5, "{quiet}");
    let bad = busy("-1");
    let e = Measurement::from_json(&bad, &graph)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cluster.host_busy_s"), "{e}");
}

/// A chain of 10 tasks of 0.1 ms, measured on 1 worker × 1 thread of a
/// 1-core host that other programs kept half busy (1 s run, 0.6 s busy:
/// 0.1 s of it the calibrated 10 ms of event loop per task), each task's
/// report costing its worker's loop 10 ms.
fn chain_on_a_busy_core() -> String {
    let host = r#""cores": 1, "shared_host": true, "host_busy_s": 0.6"#;
    tenths(10, true, 100.0, host, 10_000.0)
}

#[test]
fn event_loops_share_the_hosts_cores_too() {
    // Each report's 10 ms of event loop shares the one core with the
    // measured background (half a core): it takes 15 ms on the measured
    // host, 10 ms on a real cluster (no background, a core each): 10 × 5
    // ms more (the 0.1 ms tasks add 10 × 0.05 ms).
    let text = chain_on_a_busy_core();
    let busy = on_host(&text, 1, None).makespan_ms;
    let free = on_host(&text, 1, Some(0)).makespan_ms;
    assert!(busy - free > 50.0 && busy - free < 51.0, "{busy} vs {free}");
}
