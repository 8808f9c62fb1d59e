//! `dagsim simulate`: predict the makespan on a simulated cluster, or print
//! the speedup table for 1…256 workers and every policy.

use super::flag_error;
use super::spec::GraphArgs;
use dagsim::exec::MAX_TIME_SCALE;
use dagsim::sim::{self, PolicyKind, SimOptions, SWEEP_WORKERS};

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
    /// dask-like, work-stealing, b-level, random or fifo.
    #[arg(long, default_value = "dask-like")]
    policy: String,
    /// Network bandwidth per worker, MB/s (default: transfers are free).
    #[arg(long)]
    bandwidth: Option<f64>,
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
    /// Print the speedup table for 1, 2, 4, …, 256 workers and every policy.
    #[arg(long)]
    sweep: bool,
}

/// Runs the simulation (or sweep) and returns its JSON.
pub fn main(args: &Args) -> Result<String, String> {
    let policy: PolicyKind = args.policy.parse().map_err(flag_error)?;
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
    let graph = args.source.graph()?;
    if args.sweep {
        let points =
            sim::sweep(&graph, &options, &SWEEP_WORKERS, &PolicyKind::ALL).map_err(flag_error)?;
        return serde_json::to_string(&points).map_err(|e| e.to_string());
    }
    let report = sim::simulate(&graph, &options).map_err(flag_error)?;
    serde_json::to_string(&report).map_err(|e| e.to_string())
}
