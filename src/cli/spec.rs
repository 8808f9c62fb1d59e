//! The pipeline flags shared by every subcommand that builds the ETL graph.

use dagsim::etl::EtlSpec;

/// `--files`, `--compares`, `--seed`, `--records-per-file`.
#[derive(clap::Args, Debug)]
pub struct SpecArgs {
    /// Number of files to load (3..=300000).
    #[arg(long, default_value_t = 10)]
    pub files: u32,
    /// Number of random pairs to compare (1..=1000000).
    #[arg(long, default_value_t = 20)]
    pub compares: u32,
    /// Seed of every random draw.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Records in each synthetic file (4..=4096).
    #[arg(long, default_value_t = EtlSpec::default().records_per_file)]
    pub records_per_file: u32,
    /// Make the task with this key fail (to see failure handling).
    #[arg(long)]
    pub fail: Option<String>,
}

impl SpecArgs {
    /// The spec these flags describe (validated when built).
    pub fn spec(&self) -> EtlSpec {
        EtlSpec {
            files: self.files,
            compares: self.compares,
            seed: self.seed,
            records_per_file: self.records_per_file,
            fail: self.fail.clone(),
            ..EtlSpec::default()
        }
    }
}
