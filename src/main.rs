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
    Simulate(Box<cli::simulate::Args>),
    /// Export the pipeline as a runnable Dask script (dask.delayed + distributed).
    Export(cli::export::Args),
}

fn main() -> ExitCode {
    let command = match Cli::try_parse() {
        Ok(cli) => cli.command,
        Err(e) if !e.use_stderr() => {
            // --help and --version: their text on stdout, success.
            return print(&e.to_string());
        }
        Err(e) => return fail(&cli::one_line(&e.to_string())),
    };
    let result = match command {
        Command::Graph(args) => cli::graph::main(&args),
        Command::Run(args) => cli::run::main(&args),
        Command::Simulate(args) => cli::simulate::main(&args),
        Command::Export(args) => cli::export::main(&args),
    };
    match result {
        Ok(output) => print(&format!("{output}\n")),
        Err(message) => fail(&message),
    }
}

/// Writes `text` to stdout. A reader that closed the pipe early
/// (`dagsim graph … | head`) is not an error: it has what it wanted.
fn print(text: &str) -> ExitCode {
    use std::io::{ErrorKind, Write};
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write the output: {e}")),
    }
}

/// Reports `message` as one line on stderr and fails.
fn fail(message: &str) -> ExitCode {
    eprintln!("dagsim: {}", cli::one_line(message));
    ExitCode::FAILURE
}
