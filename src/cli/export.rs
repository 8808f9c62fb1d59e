//! `dagsim export dask`: the pipeline as a runnable Python script for Dask.

use super::spec::SpecArgs;
use dagsim::export;

/// Arguments of `dagsim export`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// What to export to (only `dask` for now).
    #[arg(value_enum)]
    target: Target,
    #[command(flatten)]
    spec: SpecArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Target {
    /// A self-contained Python script: dask.delayed + distributed.Client.
    Dask,
}

/// Returns the exported script.
pub fn main(args: &Args) -> Result<String, String> {
    match args.target {
        Target::Dask => export::dask_script(&args.spec.spec()).map_err(super::flag_error),
    }
}
