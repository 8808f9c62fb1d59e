//! Graphs of ESTEE's benchmark families, to simulate and compare policies
//! on (the comparison itself is long work: `work`).

use super::{Built, Session, SessionError};
use crate::exec::Replay;
use crate::field::FieldError;
use crate::graph::Graph;
use std::sync::Arc;

impl Session {
    /// Makes the graph of ESTEE's family `family` at `size`, drawn from
    /// `seed` (see `families::generate`), the graph later calls work on; it
    /// runs like an imported graph. A bad name or size, or a graph larger
    /// than the session's import limit, changes nothing.
    pub fn generate(&mut self, family: &str, size: u32, seed: u64) -> Result<&Graph, SessionError> {
        let graph = crate::families::generate(family, size, seed)
            .map_err(|e| FieldError::new(e.field, e.message))?;
        if graph.len() > self.limits.max_tasks {
            return Err(FieldError::new(
                "size",
                format!(
                    "{family} at size {size} has {} tasks, more than the {} this page holds: choose a smaller size",
                    graph.len(),
                    self.limits.max_tasks
                ),
            )
            .into());
        }
        Ok(self.hold(Built::Imported(Arc::new(Replay::new(graph)))))
    }
}
