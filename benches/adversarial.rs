//! Adversarial graph shapes (native): per-task cost of import, stats, DOT,
//! simulate and replay for shapes a hostile or unusual graph file can take,
//! against the ETL graph of the same size.
//!
//! `cargo bench --bench adversarial` prints one markdown table (default
//! 200,000 tasks; `-- 1000000` for another size; shape names, e.g. `-- wide`,
//! narrow the run to those and `etl`). Shapes, all written as graph JSON and
//! imported like a user's file:
//!
//! - `etl`: the pipeline (the baseline every ratio is against);
//! - `fan-in`: one task depending on every other task;
//! - `roots`: no edges at all;
//! - `chain`: one chain as deep as the graph, listed sink first (the importer
//!   must not recurse);
//! - `prefixes`: dash-less keys without `prefix`, so every task is its own
//!   prefix (a chain, like the issue's 35 s case);
//! - `long-keys`: the ETL graph with every key padded to 256 bytes (its import
//!   ratio is per byte of JSON, since the input is ~5× larger);
//! - `wide`: merges of 5,000 inputs each (the leaves listed before each), so
//!   the inputs of one task sit on every worker.
//!
//! Simulate is dask-like on 64 workers on a free network; simulate over a
//! network is ETF on 64 workers under `fcfs-inbound` at 1 MB/s (placing a task
//! weighs every worker holding its inputs); replay runs the graph without
//! bodies on 2 threads at time scale 0 (pure scheduling overhead).

use dagsim::dot::{self, DotColor, DotOptions};
use dagsim::etl::{self, EtlSpec};
use dagsim::exec::clock::now_us;
use dagsim::exec::{self, Replay, RunOptions};
use dagsim::graph::{Graph, ImportLimits};
use dagsim::sim::{self, NetworkKind, PolicyKind, SimOptions};
use std::fmt::Write;
use std::sync::Arc;

/// Length every key is padded to in the `long-keys` shape.
const LONG_KEY: usize = 256;
/// Inputs of each merge of the `wide` shape.
const WIDE: usize = 5_000;

/// One task of a JSON graph file.
fn task(out: &mut String, key: &str, deps: &[String], ms: f64) {
    let deps = serde_json::to_string(deps).expect("strings");
    let _ = write!(
        out,
        r#"{{"key":{key:?},"deps":{deps},"duration_ms":{ms}}},"#
    );
}

/// `tasks` (as JSON objects with a trailing comma) as a graph file.
fn file(mut tasks: String) -> String {
    tasks.pop();
    format!(r#"{{"tasks":[{tasks}]}}"#)
}

/// The ETL graph of about `n` tasks as JSON, and its task count.
fn etl_json(n: usize) -> String {
    let files = (n / 4) as u32;
    let built = etl::build(&EtlSpec {
        files,
        compares: files,
        ..EtlSpec::default()
    })
    .expect("valid spec");
    built.graph().to_json()
}

/// The graph files of every shape, about `n` tasks each.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    let mut fan_in = String::new();
    let keys: Vec<String> = (0..n - 1).map(|i| format!("leaf-{i}")).collect();
    for k in &keys {
        task(&mut fan_in, k, &[], 1.0);
    }
    task(&mut fan_in, "sink-0", &keys, 1.0);
    let mut roots = String::new();
    for i in 0..n {
        task(&mut roots, &format!("root-{i}"), &[], 1.0);
    }
    let chain_of = |name: &dyn Fn(usize) -> String| {
        let mut chain = String::new();
        for i in (0..n).rev() {
            let deps = if i == 0 { vec![] } else { vec![name(i - 1)] };
            task(&mut chain, &name(i), &deps, 1.0);
        }
        file(chain)
    };
    let mut wide = String::new();
    let mut leaves = Vec::with_capacity(WIDE);
    for i in 0..n {
        if leaves.len() == WIDE {
            task(&mut wide, &format!("merge-{i}"), &leaves, 1.0);
            leaves.clear();
        } else {
            leaves.push(format!("leaf-{i}"));
            task(&mut wide, &leaves[leaves.len() - 1], &[], 1.0);
        }
    }
    let etl = etl_json(n);
    let long_keys = Graph::from_json(&etl).expect("etl").to_json();
    let long_keys = pad_keys(&long_keys);
    vec![
        ("etl", etl),
        ("fan-in", file(fan_in)),
        ("roots", file(roots)),
        ("chain", chain_of(&|i| format!("step-{i}"))),
        ("prefixes", chain_of(&|i| format!("t{i}"))),
        ("long-keys", long_keys),
        ("wide", file(wide)),
    ]
}

/// The graph file `json` with every key (and dependency) padded to
/// [`LONG_KEY`] bytes.
fn pad_keys(json: &str) -> String {
    let g = Graph::from_json(json).expect("valid");
    let pad = |k: &str| format!("{k}-{}", "x".repeat(LONG_KEY.saturating_sub(k.len() + 1)));
    let mut out = String::new();
    for id in g.ids() {
        let deps: Vec<String> = g.deps(id).iter().map(|d| pad(g.key(*d))).collect();
        task(&mut out, &pad(g.key(id)), &deps, g.duration_ms(id));
    }
    file(out)
}

/// Best wall time of `runs` calls of `f`, µs.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = now_us();
            std::hint::black_box(f());
            now_us() - start
        })
        .fold(f64::INFINITY, f64::min)
}

/// Per-task costs of one shape, µs: import, stats, DOT, simulate, simulate
/// over a network, replay.
fn measure(json: &str) -> (usize, [f64; 6]) {
    // Past the default 512 MiB text limit only for long keys at 1M tasks.
    let limits = ImportLimits {
        max_bytes: u32::MAX as usize,
        ..ImportLimits::default()
    };
    let import = best_of(3, || {
        Graph::from_json_with(json, &limits).expect("valid shape")
    });
    let graph = Graph::from_json_with(json, &limits).expect("valid shape");
    let n = graph.len();
    // Cheap whole-graph passes get more repeats: a 2 ms pass is easily preempted.
    let stats = best_of(10, || graph.stats());
    let options = DotOptions {
        color: DotColor::Prefix,
        ..DotOptions::default()
    };
    let dot = best_of(10, || dot::to_dot(&graph, &options));
    let sim_options = SimOptions {
        workers: 64,
        policy: PolicyKind::DaskLike,
        ..SimOptions::default()
    };
    let simulate = best_of(3, || sim::simulate(&graph, &sim_options).expect("valid"));
    let networked = SimOptions {
        workers: 64,
        policy: PolicyKind::Etf,
        network: NetworkKind::FcfsInbound,
        bandwidth_mb_s: Some(1.0),
        latency_us: 100.0,
        ..SimOptions::default()
    };
    let network = best_of(3, || sim::simulate(&graph, &networked).expect("valid"));
    let job = Arc::new(Replay::new(graph));
    let run_options = RunOptions {
        threads: 2.min(rayon::current_num_threads()),
        time_scale: 0.0,
        ..RunOptions::default()
    };
    let replay = best_of(3, || {
        exec::run(Arc::clone(&job), &run_options).expect("runs")
    });
    let per = |us: f64| us / n as f64;
    (n, [import, stats, dot, simulate, network, replay].map(per))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000usize);
    let named: Vec<&String> = args
        .iter()
        .filter(|a| a.parse::<usize>().is_err())
        .collect();
    println!(
        "| shape | tasks | JSON bytes/task | import µs/task | stats µs/task | DOT µs/task \
         | simulate µs/task | network µs/task | replay µs/task | worst ratio to etl |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut baseline: Option<(f64, [f64; 6])> = None;
    for (name, json) in shapes(n) {
        if name != "etl" && !named.is_empty() && !named.iter().any(|a| *a == name) {
            continue;
        }
        let (tasks, costs) = measure(&json);
        let bytes = json.len() as f64 / tasks as f64;
        let (base_bytes, base) = *baseline.get_or_insert((bytes, costs));
        // Import reads every byte: long keys compare its cost per byte of input.
        let mut ratios: Vec<f64> = costs.iter().zip(base).map(|(c, b)| c / b).collect();
        if name == "long-keys" {
            ratios[0] *= base_bytes / bytes;
        }
        let worst = ratios.into_iter().fold(0.0, f64::max);
        let [import, stats, dot, simulate, network, replay] = costs;
        println!(
            "| {name} | {tasks} | {bytes:.0} | {import:.3} | {stats:.3} | {dot:.3} | {simulate:.3} \
             | {network:.3} | {replay:.3} | {worst:.2}× |"
        );
    }
}
