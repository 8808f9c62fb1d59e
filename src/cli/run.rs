//! `dagsim run`: run the ETL graph (or replay an imported one) on the native
//! rayon pool and print the answer and the timings as JSON.

use super::spec::GraphArgs;
use dagsim::etl::{self, Best};
use dagsim::exec::{self, LatencyMode, Replay, RunOptions, RunReport, MAX_TIME_SCALE};
use dagsim::graph::{Compute, Graph};
use std::path::Path;
use std::sync::Arc;

/// Arguments of `dagsim run`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    source: GraphArgs,
    /// Most tasks at once.
    #[arg(long, default_value_t = 4, help = format!("Most tasks at once (1..={MAX_THREADS})"))]
    threads: usize,
    /// sleep (I/O-bound) or spin (CPU-bound).
    #[arg(long, value_enum, default_value = "sleep")]
    mode: Mode,
    /// Multiplies every drawn duration.
    #[arg(long, default_value_t = 1.0,
          help = format!("Multiplies every drawn duration (0..={MAX_TIME_SCALE}; 0 = no latency)"))]
    time_scale: f64,
    /// Write the trace as Chrome trace-event JSON (opens in Perfetto).
    #[arg(long)]
    trace: Option<std::path::PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Mode {
    Sleep,
    Spin,
}

/// Most threads a native run may ask for.
const MAX_THREADS: usize = 256;

/// Runs the graph (an imported one replays its durations: no answer) and
/// returns the JSON report.
pub fn main(args: &Args) -> Result<String, String> {
    dagsim::field::count_in(
        "threads",
        args.threads,
        (1, MAX_THREADS),
        "most tasks at once on this machine's pool",
    )
    .map_err(super::flag_error)?;
    // Sleeping tasks need threads, not cores: size the pool to the request.
    rayon::ThreadPoolBuilder::new()
        .num_threads(
            args.threads
                .max(std::thread::available_parallelism().map_or(1, |n| n.get())),
        )
        .build_global()
        .map_err(|e| format!("cannot start the thread pool: {e}"))?;
    let mode = match args.mode {
        Mode::Sleep => LatencyMode::Sleep,
        Mode::Spin => LatencyMode::Spin,
    };
    let options = RunOptions {
        threads: args.threads,
        mode,
        time_scale: args.time_scale,
    };
    match args.source.graph {
        Some(_) => {
            let replay = Arc::new(Replay::new(args.source.graph()?));
            let report = run_job(&replay, &options, args.trace.as_deref())?;
            Ok(report_json(None, replay.graph(), &report, args.time_scale))
        }
        None => {
            let etl = Arc::new(etl::build(&args.source.spec.spec()).map_err(super::flag_error)?);
            let report = run_job(&etl, &options, args.trace.as_deref())?;
            let best = etl.answer(&report).ok_or("the run produced no answer")?;
            Ok(report_json(
                Some(best),
                etl.graph(),
                &report,
                args.time_scale,
            ))
        }
    }
}

/// The printed report: the answer (none for an imported graph) and the
/// timings of a run of `graph`.
fn report_json<V>(
    answer: Option<Best>,
    graph: &Graph,
    report: &RunReport<V>,
    time_scale: f64,
) -> String {
    serde_json::json!({
        "best": answer.as_ref().map(|b| [b.a, b.b]),
        "score": answer.as_ref().map(|b| b.score),
        "tasks": graph.len(),
        "threads": report.threads,
        "makespan_ms": report.makespan_us / 1e3,
        "work_ms": report.work_us / 1e3,
        "span_ms": graph.stats().span_ms * time_scale,
        "overhead_us_per_task": report.overhead_us_per_task,
    })
    .to_string()
}

/// Runs `job` and writes its trace to `trace` if asked.
fn run_job<C: Compute + 'static>(
    job: &Arc<C>,
    options: &RunOptions,
    trace: Option<&Path>,
) -> Result<RunReport<C::Value>, String> {
    let report = exec::run(Arc::clone(job), options).map_err(|e| match e {
        exec::RunError::Option(e) => super::flag_error(e),
        e => e.to_string(),
    })?;
    if let Some(path) = trace {
        std::fs::write(path, report.trace.to_chrome_json(job.graph()))
            .map_err(|e| format!("--trace: cannot write {}: {e}", path.display()))?;
    }
    Ok(report)
}
