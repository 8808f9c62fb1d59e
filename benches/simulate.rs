//! Simulator speed (native): ETL graphs of about 10k, 100k and 1M tasks on
//! 64 workers × 1 thread, every policy (but the searches genetic and camp,
//! which take graphs of at most 2,000 tasks), on a free network and under each network model
//! (1 MB/s, 100 µs latency); best of 3 runs (one at 1M tasks). `cargo bench --bench simulate`
//! prints a markdown table; `make bench-wasm` measures the same in Chromium.
//! Arguments narrow the run: task counts (`1000000`), policy names
//! (`dask-like`) and networks (`free`, `maxmin`, …), e.g.
//! `cargo bench --bench simulate -- 1000000 b-level maxmin`; information
//! modes (`noisy`, `prefix-mean`; default `exact`) add rows whose policy
//! reads `b-level · noisy`.

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::clock::now_us;
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions};

const SIZES: [u32; 3] = [10_000, 100_000, 1_000_000];
/// The bandwidth of the networked rows, MB/s.
const BANDWIDTH_MB_S: f64 = 1.0;

/// A network of the table: free, or a model at [`BANDWIDTH_MB_S`].
fn network_named(name: &str) -> Option<Option<NetworkKind>> {
    if name == "free" {
        return Some(None);
    }
    name.parse().ok().map(Some)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let sizes: Vec<u32> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let policies: Vec<PolicyKind> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let networks: Vec<Option<NetworkKind>> = args.iter().filter_map(|a| network_named(a)).collect();
    let mut modes: Vec<Information> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if modes.is_empty() {
        modes.push(Information::Exact);
    }
    let sizes = if sizes.is_empty() {
        SIZES.to_vec()
    } else {
        sizes
    };
    let policies = if policies.is_empty() {
        PolicyKind::ALL
            .into_iter()
            .filter(|p| !matches!(p, PolicyKind::Genetic | PolicyKind::Camp))
            .collect()
    } else {
        policies
    };
    let networks = if networks.is_empty() {
        std::iter::once(None)
            .chain(NetworkKind::ALL.map(Some))
            .collect()
    } else {
        networks
    };
    println!("| tasks | policy | network | simulate ms | µs/task | makespan ms |");
    println!("|---:|---|---|---:|---:|---:|");
    for target in sizes {
        let files = target / 4;
        let etl = etl::build(&EtlSpec {
            files,
            compares: files,
            ..EtlSpec::default()
        })
        .expect("valid spec");
        let graph = etl.graph();
        for (&policy, &information) in policies
            .iter()
            .flat_map(|p| modes.iter().map(move |m| (p, m)))
        {
            for &network in &networks {
                let options = SimOptions {
                    workers: 64,
                    policy,
                    bandwidth_mb_s: network.map(|_| BANDWIDTH_MB_S),
                    latency_us: 100.0,
                    network: network.unwrap_or_default(),
                    information,
                    ..SimOptions::default()
                };
                let mut best = f64::INFINITY;
                let mut makespan = 0.0;
                let runs = if graph.len() > 500_000 { 1 } else { 3 };
                for _ in 0..runs {
                    let start = now_us();
                    let report = sim::simulate(graph, &options).expect("valid options");
                    best = best.min(now_us() - start);
                    makespan = report.makespan_ms;
                }
                let network = network.map_or("free", NetworkKind::name);
                let policy = match information {
                    Information::Exact => policy.to_string(),
                    mode => format!("{policy} · {mode}"),
                };
                println!(
                    "| {} | {policy} | {network} | {:.1} | {:.3} | {makespan:.0} |",
                    graph.len(),
                    best / 1e3,
                    best / graph.len() as f64
                );
            }
        }
    }
}
