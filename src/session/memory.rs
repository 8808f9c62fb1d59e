//! What fits in the session's memory: the graph files [`Session::load`]
//! accepts (checked by size before a file is read) and the runs
//! [`Session::start_run`] starts, with one sentence when something does not.

use super::{Built, Session, SessionError};
use crate::exec::RUN_BYTES_PER_TASK;
use crate::field::FieldError;
use crate::graph::{Compute, GraphError, ImportLimits};

impl Session {
    /// What [`Session::load`] accepts.
    pub fn limits(&self) -> &ImportLimits {
        &self.limits
    }

    /// Whether a graph file of `bytes` bytes may be loaded: check it before
    /// reading the file, so an oversized one never reaches memory.
    pub fn check_import_size(&self, bytes: u64) -> Result<(), SessionError> {
        let got = usize::try_from(bytes).unwrap_or(usize::MAX);
        let limit = self.limits.max_bytes;
        if got <= limit {
            return Ok(());
        }
        Err(self.rejected(GraphError::TooLarge {
            what: "bytes of JSON",
            limit,
            got,
        }))
    }

    /// A rejected graph file as the session reports it: over the limits, one
    /// sentence with the size, the limit and the way out.
    pub(super) fn rejected(&self, error: GraphError) -> SessionError {
        let GraphError::TooLarge { what, limit, got } = error else {
            return error.into();
        };
        FieldError::new(
            "graph",
            format!(
                "the file has {got} {what}, more than the {limit} this page can import in its {} MiB of wasm memory; the command line takes bigger graphs (dagsim simulate --graph FILE)",
                self.memory >> 20
            ),
        )
        .into()
    }

    /// Refuses a run that may not fit in the session's memory (running out
    /// of wasm memory would abort the engine): an ETL pipeline by its
    /// [`EtlSpec::estimate`], an imported graph by its size and
    /// [`RUN_BYTES_PER_TASK`].
    pub(super) fn run_fits(&self) -> Result<(), SessionError> {
        let (field, needed) = match self.built()? {
            Built::Etl(etl) => ("files", etl.spec().estimate().bytes),
            Built::Imported(r) => {
                let g = r.graph();
                (
                    "graph",
                    g.heap_bytes() as u64 + g.len() as u64 * RUN_BYTES_PER_TASK,
                )
            }
        };
        if needed <= self.memory as u64 {
            return Ok(());
        }
        Err(FieldError::new(
            field,
            format!(
                "a run of this graph may take up to {} MiB, more than the {} MiB of this page's memory: run it with the command line (dagsim run), or simulate it here",
                needed >> 20,
                self.memory >> 20
            ),
        )
        .into())
    }
}
