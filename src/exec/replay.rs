//! [`Replay`]: a graph run without task bodies, for graphs that come from
//! outside (the JSON format) and carry only keys, dependencies and durations.

use crate::graph::{Compute, Graph, TaskError, TaskId};

/// A graph whose tasks do no work of their own: running it spends each
/// task's duration (× time scale, sleeping or spinning) in dependency order,
/// so an imported graph's schedule plays out on real threads.
#[derive(Clone, Debug)]
pub struct Replay(Graph);

impl Replay {
    /// Replays `graph`.
    pub fn new(graph: Graph) -> Self {
        Replay(graph)
    }
}

impl Compute for Replay {
    type Value = ();

    fn graph(&self) -> &Graph {
        &self.0
    }

    fn compute(&self, _: TaskId, _: &[&()]) -> Result<(), TaskError> {
        Ok(())
    }
}
