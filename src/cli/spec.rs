//! The flags shared by every subcommand that builds the ETL graph or imports
//! a JSON graph.

use dagsim::etl::{self, EtlSpec};
use dagsim::graph::{Graph, GraphError, MAX_JSON_BYTES};
use std::io::Read;
use std::path::{Path, PathBuf};

/// `--files`, `--compares`, `--seed`, `--records-per-file`.
#[derive(clap::Args, Debug)]
pub struct SpecArgs {
    /// Number of files to load.
    #[arg(long, default_value_t = 10, help = range_help("Number of files to load", etl::FILES))]
    pub files: u32,
    /// Number of random pairs to compare.
    #[arg(long, default_value_t = 20,
          help = range_help("Number of random pairs to compare", etl::COMPARES))]
    pub compares: u32,
    /// Seed of every random draw.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Records in each synthetic file.
    #[arg(long, default_value_t = EtlSpec::default().records_per_file,
          help = range_help("Records in each synthetic file", etl::RECORDS_PER_FILE))]
    pub records_per_file: u32,
    /// Make the task with this key fail (to see failure handling).
    #[arg(long)]
    pub fail: Option<String>,
}

/// A flag's help: `what` and the range its validator allows.
fn range_help(what: &str, (lo, hi): (u32, u32)) -> String {
    format!("{what} ({lo}..={hi})")
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

/// The pipeline flags plus `--graph FILE.json` to import a graph instead.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
    /// Use this JSON graph instead of building the ETL one (the pipeline
    /// flags then have nothing to say: giving one is an error).
    #[arg(long, conflicts_with_all = ["family", "files", "compares", "seed", "records_per_file", "fail"])]
    pub graph: Option<PathBuf>,
    /// Generate this ESTEE benchmark family instead (bigmerge, grid, …;
    /// drawn from --seed).
    #[arg(long, requires = "size")]
    pub family: Option<String>,
    /// The family's size (its tasks, chains, depth or side).
    #[arg(long, requires = "family")]
    pub size: Option<u32>,
}

impl GraphArgs {
    /// The imported graph, or the ETL graph of the spec flags.
    pub fn graph(&self) -> Result<Graph, String> {
        if let (Some(name), Some(size)) = (&self.family, self.size) {
            return dagsim::families::generate(name, size, self.spec.seed)
                .map_err(|e| format!("--{}: {}", e.field, e.message));
        }
        match &self.graph {
            Some(path) => read_graph(path),
            None => Ok(etl::build(&self.spec.spec())
                .map_err(super::flag_error)?
                .graph()
                .clone()),
        }
    }
}

/// Imports the JSON graph at `path`. An oversized file is rejected by its
/// size before it is read; any other input (a pipe) is read up to one byte
/// past [`MAX_JSON_BYTES`], for [`Graph::from_json`] to reject.
fn read_graph(path: &Path) -> Result<Graph, String> {
    let rejected = |e: GraphError| format!("--graph {}: {e}", path.display());
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_JSON_BYTES as u64 {
            return Err(rejected(GraphError::TooLarge {
                what: "bytes of JSON",
                limit: MAX_JSON_BYTES,
                got: usize::try_from(meta.len()).unwrap_or(usize::MAX),
            }));
        }
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_JSON_BYTES as u64 + 1).read_to_string(&mut text))
        .map_err(|e| format!("--graph: cannot read {}: {e}", path.display()))?;
    Graph::from_json(&text).map_err(rejected)
}
