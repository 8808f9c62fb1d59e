//! dagsim's time per simulation on the cases of the ESTEE cross-check
//! (`validation/estee/run.py`, `make estee`), in process: each case's graph is
//! read once, then `sim::simulate` is timed, best of at least 5 runs and
//! 20 ms. The cross-check runs it as
//! `cargo bench --bench estee -- target/estee/results.json` and divides
//! ESTEE's time per simulation by these; it prints one JSON array of µs,
//! in the order of the file's cases. Without the file it says so and exits.

use dagsim::exec::clock::now_us;
use dagsim::graph::Graph;
use dagsim::sim::{self, SimOptions};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The part of `results.json` this bench reads.
#[derive(Deserialize)]
struct Results {
    bandwidth: f64,
    cases: Vec<Case>,
}

/// One simulation of the cross-check.
#[derive(Deserialize)]
struct Case {
    graph: String,
    /// `8x4`: workers × threads per worker.
    cluster: String,
    network: String,
    policy: String,
    downloads: u32,
    downloads_per_sender: Option<u32>,
}

fn main() {
    let path: PathBuf = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "target/estee/results.json".into())
        .into();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{}: not found (make estee writes it)", path.display());
        return;
    };
    let results: Results = serde_json::from_str(&text).expect("results.json of run.py");
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut graphs: HashMap<String, Graph> = HashMap::new();
    let mut times = Vec::with_capacity(results.cases.len());
    for case in &results.cases {
        let graph = graphs.entry(case.graph.clone()).or_insert_with(|| {
            let file = dir.join("graphs").join(format!("{}.json", case.graph));
            let text = std::fs::read_to_string(&file).expect("the case's graph");
            Graph::from_json(&text).expect("a valid graph")
        });
        let (workers, threads) = case.cluster.split_once('x').expect("WxT");
        let options = SimOptions {
            workers: workers.parse().expect("workers"),
            threads_per_worker: threads.parse().expect("threads"),
            policy: case.policy.parse().expect("a policy"),
            bandwidth_mb_s: Some(results.bandwidth),
            network: case.network.parse().expect("a network model"),
            downloads: case.downloads,
            downloads_per_sender: case.downloads_per_sender,
            ..SimOptions::default()
        };
        let (mut best, mut spent, mut runs) = (f64::INFINITY, 0.0, 0);
        while runs < 5 || spent < 20_000.0 {
            let start = now_us();
            sim::simulate(graph, &options).expect("valid options");
            let took = now_us() - start;
            best = best.min(took);
            spent += took;
            runs += 1;
        }
        times.push(best);
    }
    println!("{}", serde_json::to_string(&times).expect("numbers"));
}
