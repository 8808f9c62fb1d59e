//! What a task computes: the link between a [`Graph`](super::Graph) and the
//! values its tasks produce.
//!
//! The graph only knows shapes and costs. A [`Compute`] gives every task a body;
//! executors call it with the outputs of the task's dependencies in dependency
//! order. Bodies return `Result`, never panic: in wasm a panic aborts the whole
//! instance.

use super::{Graph, TaskId};

/// A task failure, reported by the executor together with the task's key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TaskError(pub String);

/// A graph together with the bodies of its tasks: what an executor runs.
pub trait Compute: Send + Sync {
    /// The output of one task.
    type Value: Send + Sync;

    /// The graph whose tasks this computes.
    fn graph(&self) -> &Graph;

    /// Computes task `id` from the outputs of its dependencies, given in the
    /// order of [`Graph::deps`](super::Graph::deps).
    fn compute(&self, id: TaskId, inputs: &[&Self::Value]) -> Result<Self::Value, TaskError>;
}
