//! `dagsim graph`: build the ETL graph and print its summary.

use super::spec::SpecArgs;
use dagsim::etl;

/// Arguments of `dagsim graph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    spec: SpecArgs,
}

/// Builds the graph and returns its summary as JSON: tasks, edges, work, span.
pub fn main(args: &Args) -> Result<String, String> {
    let etl = etl::build(&args.spec.spec()).map_err(|e| e.to_string())?;
    let graph = etl.graph();
    let work_ms: f64 = graph.ids().map(|id| graph.duration_ms(id)).sum();
    Ok(serde_json::json!({ "tasks": graph.len(), "edges": graph.edge_count(), "work_ms": work_ms }).to_string())
}
