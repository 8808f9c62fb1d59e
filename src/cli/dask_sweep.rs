//! `dagsim simulate --policy dask`: one prediction of the calibrated Dask
//! model, or with `--sweep` makespan against cluster shape (workers ×
//! threads) with the cost in core-seconds, the Pareto front and the
//! smallest cluster that finishes within `--within` seconds, as a table
//! (`--json` for machines).

use dagsim::graph::{DaskHints, Graph, Measurement};
use dagsim::sim::dask::{self, DaskFile, DaskOptions, ShapePoint, DEFAULT_SATURATION};
use std::fmt::Write;
use std::path::Path;

/// The Dask model's own flags.
#[derive(clap::Args, Debug)]
pub struct DaskArgs {
    /// Dask model: `distributed.scheduler.worker-saturation` (inf: no root-task queuing).
    #[arg(long, default_value_t = DEFAULT_SATURATION)]
    worker_saturation: f64,
    /// Dask model: turn work stealing off.
    #[arg(long)]
    no_stealing: bool,
    /// Dask model: cores of the one host all workers share (0: every thread
    /// its own core, a real cluster). Default: the measured host's when the
    /// file says its workers shared one (a LocalCluster), else 0.
    #[arg(long)]
    host_cores: Option<u32>,
    /// Dask model sweep: worker counts, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = dask::SHAPE_WORKERS)]
    sweep_workers: Vec<u32>,
    /// Dask model sweep: threads per worker, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = dask::SHAPE_THREADS)]
    sweep_threads: Vec<u32>,
    /// Dask model sweep: name the smallest cluster that finishes within this many seconds.
    #[arg(long)]
    within: Option<f64>,
    /// Dask model sweep: print JSON instead of the table.
    #[arg(long)]
    json: bool,
}

/// The `measurement` and `dask` sections of the graph file at `path`, if
/// any (`graph` is that file, already imported).
pub fn sections(
    path: Option<&Path>,
    graph: &Graph,
) -> Result<(Option<Measurement>, Option<DaskHints>), String> {
    let Some(path) = path else {
        return Ok((None, None));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--graph: cannot read {}: {e}", path.display()))?;
    let bad = |e: String| format!("--graph {}: {e}", path.display());
    Ok((
        Measurement::from_json(&text, graph).map_err(|e| bad(e.to_string()))?,
        DaskHints::from_json(&text, graph).map_err(|e| bad(e.to_string()))?,
    ))
}

/// Runs the Dask model: one shape, or the sweep.
pub fn main(
    sweep: bool,
    args: &DaskArgs,
    graph: &Graph,
    file: DaskFile,
    workers: u32,
    threads_per_worker: u32,
    time_scale: f64,
) -> Result<String, String> {
    let options = DaskOptions {
        workers,
        threads_per_worker,
        worker_saturation: args.worker_saturation,
        stealing: !args.no_stealing,
        time_scale,
        host_cores: args.host_cores,
    };
    if !sweep {
        let report = dask::simulate(graph, file, &options).map_err(super::flag_error)?;
        return serde_json::to_string(&report).map_err(|e| e.to_string());
    }
    if let Some(w) = args.within {
        if !(w.is_finite() && w > 0.0) {
            return Err(format!(
                "--within: must be a positive number of seconds, got {w}"
            ));
        }
    }
    let points = dask::sweep_shapes(
        graph,
        file,
        &options,
        &args.sweep_workers,
        &args.sweep_threads,
    )
    .map_err(|mut e| {
        // The swept shapes come from their own flags.
        e.field = match e.field.as_str() {
            "workers" => "sweep_workers".to_owned(),
            "threads_per_worker" => "sweep_threads".to_owned(),
            _ => e.field,
        };
        super::flag_error(e)
    })?;
    let best = args
        .within
        .and_then(|s| dask::smallest_within(&points, s * 1e3));
    if args.json {
        let within = args.within.map(|s| serde_json::json!({"seconds": s, "shape": best.map(|p| [p.report.workers, p.report.threads_per_worker])}));
        return serde_json::to_string(&serde_json::json!({"shapes": points, "within": within}))
            .map_err(|e| e.to_string());
    }
    Ok(table(&points, file.measurement, args.within, best))
}

/// The host line of the sweep's table: which host the shapes were predicted on.
fn host_line(points: &[ShapePoint]) -> String {
    match points.first().map(|p| &p.report) {
        Some(r) if r.host_cores > 0 => format!(
            "host: every shape's workers share one host of {} cores ({}; --host-cores 0: a real cluster, every thread its own core)\n",
            r.host_cores,
            if r.host_from_file { "the measured host, from the file" } else { "--host-cores" }
        ),
        _ => "host: every thread its own core (a real cluster; --host-cores N: workers sharing one host of N cores)\n".to_owned(),
    }
}

fn table(
    points: &[ShapePoint],
    m: Option<&Measurement>,
    within: Option<f64>,
    best: Option<&ShapePoint>,
) -> String {
    let mut out = String::new();
    match m {
        Some(m) => {
            let c = &m.cluster;
            let _ = writeln!(
                out,
                "Dask model, calibrated from a run on {} worker(s) x {:?} threads ({:.0} ms measured){}",
                c.workers,
                c.threads,
                m.makespan_ms,
                if m.calibration.is_some() { "" } else { "; no calibration: overheads and transfers free" }
            );
        }
        None => {
            out.push_str("Dask model without a measurement: no overheads, free transfers, no GIL\n")
        }
    }
    out.push_str(&host_line(points));
    let _ = writeln!(
        out,
        "{:>7} {:>7} {:>12} {:>14} {:>6}",
        "workers", "threads", "makespan s", "core-seconds", "pareto"
    );
    for p in points {
        let r = &p.report;
        let _ = writeln!(
            out,
            "{:>7} {:>7} {:>12.3} {:>14.3} {:>6}",
            r.workers,
            r.threads_per_worker,
            r.makespan_ms / 1e3,
            r.core_seconds,
            if p.pareto { "*" } else { "" }
        );
    }
    if let Some(s) = within {
        let _ = match best {
            Some(p) => writeln!(
                out,
                "smallest cluster within {s} s: {} worker(s) x {} thread(s), {:.3} s",
                p.report.workers,
                p.report.threads_per_worker,
                p.report.makespan_ms / 1e3
            ),
            None => writeln!(out, "no shape swept finishes within {s} s"),
        };
    }
    out
}
