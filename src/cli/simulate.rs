//! `dagsim simulate`: predict the makespan on a simulated cluster, or print
//! the speedup table for 1…256 workers and every policy.

use super::flag_error;
use super::spec::GraphArgs;
use dagsim::exec::MAX_TIME_SCALE;
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions, SWEEP_WORKERS};

/// Arguments of `dagsim simulate`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    source: GraphArgs,
    /// Number of workers.
    #[arg(long, default_value_t = 4, help = format!("Number of workers (1..={})", sim::MAX_WORKERS))]
    workers: u32,
    /// Threads per worker.
    #[arg(long, default_value_t = 1,
          help = format!("Threads per worker (1..={})", sim::MAX_THREADS_PER_WORKER))]
    threads_per_worker: u32,
    /// dask (the calibrated Dask model: the default for a file with a
    /// `measurement` section), dask-like, work-stealing, b-level, random,
    /// fifo, b-level-gt, t-level, t-level-gt, mcp, etf, dls, single,
    /// work-stealing-eager, lc, genetic or camp.
    #[arg(long)]
    policy: Option<String>,
    /// Network bandwidth per worker, MB/s (default: transfers are free).
    #[arg(long)]
    bandwidth: Option<f64>,
    /// How transfers share the bandwidth: fcfs-inbound (one inbound link
    /// per worker, first come first served), simple (full speed, at most
    /// --downloads at once into a worker) or maxmin (max-min fair sharing,
    /// sending and receiving each capped at the bandwidth).
    #[arg(long, default_value = "fcfs-inbound")]
    network: String,
    /// Most transfers into one worker at once, simple and maxmin (1..=4096).
    #[arg(long, default_value_t = 4)]
    downloads: u32,
    /// Most of those from one sender at once, maxmin (1..=4096; default: no
    /// limit but --downloads; ESTEE's workers: 2).
    #[arg(long)]
    downloads_per_sender: Option<u32>,
    /// Latency of each transfer, µs.
    #[arg(long, default_value_t = 0.0)]
    latency_us: f64,
    /// Scheduling overhead per task, µs.
    #[arg(long, default_value_t = 0.0)]
    overhead_us: f64,
    /// Multiplies every task duration.
    #[arg(long, default_value_t = 1.0,
          help = format!("Multiplies every task duration (0..={MAX_TIME_SCALE})"))]
    time_scale: f64,
    /// What the scheduler knows of durations and output sizes: exact,
    /// noisy (each times a seeded log-normal factor exp(noise · Z)) or
    /// prefix-mean (its prefix's means), default exact; the simulation
    /// uses the real ones.
    #[arg(long)]
    information: Option<String>,
    /// σ of the noisy estimates' log-normal factor.
    #[arg(long, help = format!("σ of the noisy estimates' log-normal factor (0..={}, default 0.5)", sim::MAX_NOISE))]
    noise: Option<f64>,
    /// Minimal time between two scheduling decisions, µs.
    #[arg(long, help = format!("Minimal time between two scheduling decisions, µs (0..={}; default 0: at every event)", sim::MAX_SCHEDULING_INTERVAL_US))]
    scheduling_interval_us: Option<f64>,
    /// Print the speedup table for 1, 2, 4, …, 256 workers and every policy
    /// (with --policy dask: makespan by cluster shape, see `dask_sweep`).
    #[arg(long)]
    sweep: bool,
    /// Print a markdown table of every policy × network model (the models
    /// only with --bandwidth) on this graph and cluster: makespan ÷ lower bound.
    #[arg(long, conflicts_with_all = ["sweep", "policy", "network"])]
    compare: bool,
    #[command(flatten)]
    dask: super::dask_sweep::DaskArgs,
}

/// Runs the simulation (or sweep) and returns its JSON.
pub fn main(args: &Args) -> Result<String, String> {
    let graph = args.source.graph()?;
    let (measurement, hints) = super::dask_sweep::sections(args.source.graph.as_deref(), &graph)?;
    // --compare runs every policy of the simulator, never the Dask model.
    let policy = args
        .policy
        .as_deref()
        .unwrap_or(if measurement.is_some() && !args.compare {
            "dask"
        } else {
            "dask-like"
        });
    if policy == "dask" {
        let knowledge = [
            ("information", args.information.is_some()),
            ("noise", args.noise.is_some()),
            (
                "scheduling-interval-us",
                args.scheduling_interval_us.is_some(),
            ),
        ];
        if let Some((flag, _)) = knowledge.iter().find(|(_, given)| *given) {
            return Err(format!("--{flag}: the calibrated Dask model (--policy dask) gives its scheduler per-prefix means and decides at every event; this flag is for the simulator's policies"));
        }
        return super::dask_sweep::main(
            args.sweep,
            &args.dask,
            &graph,
            dagsim::sim::dask::DaskFile {
                measurement: measurement.as_ref(),
                hints: hints.as_ref(),
            },
            args.workers,
            args.threads_per_worker,
            args.time_scale,
        );
    }
    let policy: PolicyKind = policy.parse().map_err(flag_error)?;
    let network: NetworkKind = args.network.parse().map_err(flag_error)?;
    let information: Information = args
        .information
        .as_deref()
        .unwrap_or("exact")
        .parse()
        .map_err(flag_error)?;
    let defaults = SimOptions::default();
    let options = SimOptions {
        workers: args.workers,
        threads_per_worker: args.threads_per_worker,
        policy,
        overhead_us: args.overhead_us,
        bandwidth_mb_s: args.bandwidth,
        latency_us: args.latency_us,
        network,
        downloads: args.downloads,
        downloads_per_sender: args.downloads_per_sender,
        seed: args.source.spec.seed,
        time_scale: args.time_scale,
        information,
        noise: args.noise.unwrap_or(defaults.noise),
        scheduling_interval_us: args
            .scheduling_interval_us
            .unwrap_or(defaults.scheduling_interval_us),
    };
    options.validate().map_err(flag_error)?;
    if args.compare {
        let (lower_ms, cells) =
            sim::compare(&graph, &options, &PolicyKind::ALL).map_err(flag_error)?;
        return Ok(compare_table(&graph, &options, lower_ms, &cells));
    }
    if args.sweep {
        let points =
            sim::sweep(&graph, &options, &SWEEP_WORKERS, &PolicyKind::SWEPT).map_err(flag_error)?;
        return serde_json::to_string(&points).map_err(|e| e.to_string());
    }
    let report = sim::simulate(&graph, &options).map_err(flag_error)?;
    serde_json::to_string(&report).map_err(|e| e.to_string())
}

/// The comparison as a markdown table: a row per policy, a column per
/// network model, each cell the makespan ÷ lower bound and the makespan.
fn compare_table(
    graph: &dagsim::graph::Graph,
    options: &SimOptions,
    lower_ms: f64,
    cells: &[sim::CompareCell],
) -> String {
    use std::fmt::Write;
    let networks: Vec<String> = cells
        .iter()
        .take_while(|c| c.policy == cells[0].policy)
        .map(|c| {
            c.network
                .map_or("free network".to_string(), |n| n.to_string())
        })
        .collect();
    let mut out = format!(
        "{} tasks on {} workers × {} threads; lower bound {lower_ms:.3} ms; cells: makespan ÷ lower bound (makespan ms)\n\n| policy | {} |\n|---|{}\n",
        graph.len(),
        options.workers,
        options.threads_per_worker,
        networks.join(" | "),
        "---:|".repeat(networks.len()),
    );
    for row in cells.chunks(networks.len()) {
        let _ = write!(out, "| {} |", row[0].policy);
        for cell in row {
            let _ = match (cell.normalised, cell.makespan_ms) {
                (Some(n), Some(ms)) => write!(out, " {n:.3} ({ms:.1}) |"),
                _ => write!(out, " — |"),
            };
        }
        out.push('\n');
    }
    out
}
