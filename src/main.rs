//! The `dagsim` command line: the core's graph builder, executor and simulator, printing
//! JSON for scripts, benchmarks and checking the page's numbers.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// See, run and simulate Dask's Custom ETL task graph.
#[derive(Parser)]
#[command(name = "dagsim", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the ETL graph and print it (summary, JSON or DOT).
    Graph(cli::graph::Args),
    /// Run the ETL graph on a thread pool and print the answer and timings.
    Run(cli::run::Args),
    /// Simulate the graph on P workers × T threads under a scheduling policy.
    Simulate(cli::simulate::Args),
    /// Export the pipeline as a runnable Dask script (dask.delayed + distributed).
    Export(cli::export::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Graph(args) => cli::graph::main(&args),
        Command::Run(args) => cli::run::main(&args),
        Command::Simulate(args) => cli::simulate::main(&args),
        Command::Export(args) => cli::export::main(&args),
    };
    match result {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("dagsim: {message}");
            ExitCode::FAILURE
        }
    }
}
