//! `dagsim graph`: build the ETL graph and print its summary.

use super::spec::SpecArgs;
use dagsim::etl;

/// Arguments of `dagsim graph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    spec: SpecArgs,
}

/// Builds the graph and returns its summary as JSON: tasks, edges, work,
/// span and parallelism.
pub fn main(args: &Args) -> Result<String, String> {
    let etl = etl::build(&args.spec.spec()).map_err(|e| e.to_string())?;
    let s = etl.graph().stats();
    Ok(serde_json::json!({
        "tasks": s.tasks,
        "edges": s.edges,
        "work_ms": s.work_ms,
        "span_ms": s.span_ms,
        "parallelism": s.parallelism,
    })
    .to_string())
}
