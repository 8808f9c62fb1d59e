//! `dagsim simulate`: predict the makespan on a simulated cluster, or print
//! the speedup table for 1…256 workers and every policy.

use super::flag_error;
use super::spec::GraphArgs;
use dagsim::sim::{self, PolicyKind, SimOptions, SWEEP_WORKERS};

/// Arguments of `dagsim simulate`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    source: GraphArgs,
    /// Number of workers (1..=4096).
    #[arg(long, default_value_t = 4)]
    workers: u32,
    /// Threads per worker (1..=256).
    #[arg(long, default_value_t = 1)]
    threads_per_worker: u32,
    /// dask (the calibrated Dask model: the default for a file with a
    /// `measurement` section), dask-like, work-stealing, b-level, random or fifo.
    #[arg(long)]
    policy: Option<String>,
    /// Network bandwidth per worker, MB/s (default: transfers are free).
    #[arg(long)]
    bandwidth: Option<f64>,
    /// Latency of each transfer, µs.
    #[arg(long, default_value_t = 0.0)]
    latency_us: f64,
    /// Scheduling overhead per task, µs.
    #[arg(long, default_value_t = 0.0)]
    overhead_us: f64,
    /// Multiplies every task duration (0..=100).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Print the speedup table for 1, 2, 4, …, 256 workers and every policy
    /// (with --policy dask: makespan by cluster shape, see `dask_sweep`).
    #[arg(long)]
    sweep: bool,
    #[command(flatten)]
    dask: super::dask_sweep::DaskArgs,
}

/// Runs the simulation (or sweep) and returns its JSON.
pub fn main(args: &Args) -> Result<String, String> {
    let graph = args.source.graph()?;
    let measurement = super::dask_sweep::measurement(args.source.graph.as_deref(), &graph)?;
    let policy = args.policy.as_deref().unwrap_or(if measurement.is_some() {
        "dask"
    } else {
        "dask-like"
    });
    if policy == "dask" {
        return super::dask_sweep::main(
            args.sweep,
            &args.dask,
            &graph,
            measurement.as_ref(),
            args.workers,
            args.threads_per_worker,
            args.time_scale,
        );
    }
    let policy: PolicyKind = policy.parse().map_err(flag_error)?;
    let options = SimOptions {
        workers: args.workers,
        threads_per_worker: args.threads_per_worker,
        policy,
        overhead_us: args.overhead_us,
        bandwidth_mb_s: args.bandwidth,
        latency_us: args.latency_us,
        seed: args.source.spec.seed,
        time_scale: args.time_scale,
    };
    options.validate().map_err(flag_error)?;
    if args.sweep {
        let points =
            sim::sweep(&graph, &options, &SWEEP_WORKERS, &PolicyKind::ALL).map_err(flag_error)?;
        return serde_json::to_string(&points).map_err(|e| e.to_string());
    }
    let report = sim::simulate(&graph, &options).map_err(flag_error)?;
    serde_json::to_string(&report).map_err(|e| e.to_string())
}
