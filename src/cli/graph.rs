//! `dagsim graph`: build the ETL graph (or import a JSON graph) and print it
//! as a summary, JSON or DOT.

use super::spec::GraphArgs;
use dagsim::dot::{self, DotColor, DotOptions};

/// Arguments of `dagsim graph`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    source: GraphArgs,
    /// What to print.
    #[arg(long, value_enum, default_value = "summary")]
    format: Format,
    /// DOT only: fill function nodes with one colour per prefix.
    #[arg(long)]
    color_by_prefix: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Format {
    /// JSON: tasks, edges, work_ms, span_ms, parallelism, critical-path length,
    /// and build_ms (time to build or import the graph).
    Summary,
    /// The documented JSON graph format (imports back with --graph).
    Json,
    /// Graphviz DOT in Dask's visualize() style (grouped by prefix above 1000 tasks).
    Dot,
}

/// Builds or imports the graph and returns it in the requested format.
pub fn main(args: &Args) -> Result<String, String> {
    let start = dagsim::exec::clock::now_us();
    let graph = args.source.graph()?;
    let build_ms = (dagsim::exec::clock::now_us() - start) / 1e3;
    Ok(match args.format {
        Format::Summary => {
            let s = graph.stats();
            serde_json::json!({
                "build_ms": build_ms,
                "tasks": s.tasks,
                "edges": s.edges,
                "work_ms": s.work_ms,
                "span_ms": s.span_ms,
                "parallelism": s.parallelism,
                "critical_path_tasks": s.critical_path.len(),
            })
            .to_string()
        }
        Format::Json => graph.to_json(),
        Format::Dot => {
            let color = if args.color_by_prefix {
                DotColor::Prefix
            } else {
                DotColor::None
            };
            dot::to_dot(
                &graph,
                &DotOptions {
                    color,
                    ..DotOptions::default()
                },
            )
        }
    })
}
